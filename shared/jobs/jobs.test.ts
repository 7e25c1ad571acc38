import { describe, expect, test } from 'vitest';
import type { JobStatus } from '../model/job-run.js';
import type { JobHistoryRow } from '../model/server.js';
import { historyRuns } from './history-runs.js';
import { outcomeExitCode, runProgress, statusLabel } from './run-outcome.js';

const row = (instanceId: number, stepId: number, outcome: JobHistoryRow['outcome'] = 'succeeded'): JobHistoryRow => ({
  instanceId, stepId, stepName: stepId === 0 ? '(Job outcome)' : `S${stepId}`, outcome, runAt: null, durationSeconds: 0, message: `m${instanceId}`,
  sqlMessageId: 0, sqlSeverity: 0, retriesAttempted: 0, server: 'X',
});

const status = (more: Partial<JobStatus>): JobStatus => ({
  serverId: 's', jobId: 'J', jobName: 'Job', enabled: true, state: 'idle', currentStep: null, steps: [], startStepId: 1,
  lastOutcome: null, lastRunAt: null, run: null, ...more,
});

const run = (requestedAt: string, finishedAt: string | null) => ({ requestedAt, startedAt: requestedAt, finishedAt, lastStepId: 1, outcome: finishedAt ? ('failed' as const) : null, message: null, historyId: null });

describe('historyRuns', () => {
  test('groups newest first, steps oldest first under their job row; steps after the last job row are in progress', () => {
    const runs = historyRuns([row(7, 1), row(6, 0, 'failed'), row(5, 2, 'failed'), row(4, 1), row(3, 0), row(2, 1)]);
    expect(runs.map((r) => [r.job?.instanceId ?? null, r.steps.map((s) => s.instanceId)])).toEqual([[null, [7]], [6, [4, 5]], [3, [2]]]);
  });
  test('no rows, no runs', () => expect(historyRuns([])).toEqual([]));
});

describe('runProgress', () => {
  test('the previous run is not ours; a newer request is executing until it has a stop date', () => {
    const started = { previousRequestAt: '2026-01-01T10:00:00.000' };
    expect(runProgress(status({ run: run('2026-01-01T10:00:00.000', '2026-01-01T10:00:01.000') }), started).phase).toBe('requested');
    expect(runProgress(status({ run: run('2026-01-01T10:05:00.000', null) }), started).phase).toBe('executing');
    expect(runProgress(status({ run: run('2026-01-01T10:05:00.000', '2026-01-01T10:05:02.000') }), started)).toMatchObject({ phase: 'finished', outcome: 'failed' });
    expect(runProgress(status({ run: null }), { previousRequestAt: null }).phase).toBe('requested');
  });
});

describe('words and exit codes', () => {
  test('status labels', () => {
    expect(statusLabel(status({ state: 'executing', currentStep: { id: 2, name: 'Load' } }))).toBe('Executing step 2 (Load)');
  });
  test('exit codes follow dtexec', () => {
    expect([outcomeExitCode('succeeded'), outcomeExitCode('failed'), outcomeExitCode('canceled'), outcomeExitCode('unknown')]).toEqual([0, 1, 3, 1]);
  });
});
