/**
 * SSMS's Log File Viewer for one job: a row per run (the job-outcome row) with its step rows under it, newest
 * first, and the selected row's full message below ("Selected row details").
 */
import { Fragment, useEffect, useState } from 'react';
import { outcomeWord } from '../../../shared/jobs/run-outcome.js';
import type { JobHistoryRow } from '../../../shared/model/server.js';
import { Dialog } from '../../components/Dialog.js';
import { useApp, useAppStore } from '../../store/context.js';
import { jobKey, type JobTarget } from '../../store/jobsSlice.js';

const duration = (seconds: number) => `${String(Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;

export function LogFileViewer({ target }: { target: JobTarget }) {
  const store = useAppStore();
  const history = useApp((s) => s.jobHistories[jobKey(target.serverId, target.jobId)]);
  const [selected, setSelected] = useState<number | null>(null);

  useEffect(() => {
    void store.getState().loadJobHistory(target);
  }, [store, target]);

  const runs = history?.state === 'loaded' ? history.value.runs : [];
  const rows = runs.flatMap((r) => [...(r.job ? [r.job] : []), ...r.steps]);
  const chosen = rows.find((r) => r.instanceId === selected) ?? rows[0] ?? null;
  const close = () => store.getState().closeJobDialog();

  const row = (r: JobHistoryRow, kind: 'job' | 'step') => (
    <tr
      key={r.instanceId}
      className={kind}
      aria-selected={chosen?.instanceId === r.instanceId}
      tabIndex={0}
      onClick={() => setSelected(r.instanceId)}
      onFocus={() => setSelected(r.instanceId)}
    >
      <td>{(r.runAt ?? '').replace('T', ' ')}</td>
      <td>{outcomeWord(r.outcome)}</td>
      <td>{kind === 'job' ? `Job '${target.jobName}'` : `Step ${r.stepId} (${r.stepName ?? ''})`}</td>
      <td>{duration(r.durationSeconds)}</td>
      <td className="message" title={r.message}>
        {r.message}
      </td>
    </tr>
  );

  return (
    <Dialog
      title={`Log File Viewer - ${target.serverName}`}
      wide
      onCancel={close}
      onSubmit={close}
      buttons={
        <>
          <button type="button" onClick={() => void store.getState().loadJobHistory(target)}>
            Refresh
          </button>
          <button type="submit">Close</button>
        </>
      }
    >
      <p>
        Job History: <strong>{target.jobName}</strong>
      </p>
      {history?.state === 'loading' || !history ? <p role="status">Loading the job history…</p> : null}
      {history?.state === 'error' ? (
        <p role="alert" className="field-error">
          {history.error.message}
        </p>
      ) : null}
      {history?.state === 'loaded' && runs.length === 0 ? <p>This job has no history yet.</p> : null}
      {runs.length > 0 ? (
        <div className="log-viewer-table">
          <table className="log-viewer" aria-label={`Job history of ${target.jobName}`}>
            <thead>
              <tr>
                <th>Date</th>
                <th>Outcome</th>
                <th>Job / Step</th>
                <th>Duration</th>
                <th>Message</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r, i) => (
                <Fragment key={r.job?.instanceId ?? `in-progress-${i}`}>
                  {r.job ? row(r.job, 'job') : (
                    <tr className="job">
                      <td colSpan={5}>In progress</td>
                    </tr>
                  )}
                  {r.steps.map((s) => row(s, 'step'))}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {chosen ? (
        <div className="log-viewer-details" aria-label="Selected row details" role="region">
          {chosen.message}
        </div>
      ) : null}
    </Dialog>
  );
}
