/**
 * Groups sp_help_jobhistory rows (newest first) into runs the way SSMS's Log File Viewer shows them: one job
 * row (step 0, the outcome) with the step rows of that run under it. Step rows newer than the latest job row
 * belong to a run still in progress.
 */
import type { JobHistoryRun } from '../model/job-run.js';
import type { JobHistoryRow } from '../model/server.js';

export function historyRuns(rowsNewestFirst: readonly JobHistoryRow[]): JobHistoryRun[] {
  const rows = [...rowsNewestFirst].sort((a, b) => b.instanceId - a.instanceId);
  const runs: { job: JobHistoryRow | null; steps: JobHistoryRow[] }[] = [];
  let current: { job: JobHistoryRow | null; steps: JobHistoryRow[] } | null = null;
  for (const row of rows) {
    if (row.stepId === 0) {
      current = { job: row, steps: [] };
      runs.push(current);
    } else {
      if (!current) {
        current = { job: null, steps: [] };
        runs.push(current);
      }
      current.steps.push(row);
    }
  }
  return runs.map((r) => ({ job: r.job, steps: r.steps.reverse() }));
}
