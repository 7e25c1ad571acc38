/**
 * SSMS's "Start Job on 'SERVER'": pick the step to start at, then follow the job. sp_start_job only says the
 * job started; with "Wait for the outcome" the dialog shows its live status (Executing step N) and its real
 * outcome when it ends.
 */
import { useEffect, useState } from 'react';
import { Dialog } from '../../components/Dialog.js';
import { useApp, useAppStore } from '../../store/context.js';
import { jobKey, type JobTarget } from '../../store/jobsSlice.js';

export function StartJobDialog({ target, onChange }: { target: JobTarget; onChange?: () => void }) {
  const store = useAppStore();
  const key = jobKey(target.serverId, target.jobId);
  const status = useApp((s) => s.jobStatuses[key]);
  const watch = useApp((s) => s.jobWatches[key]);
  const [step, setStep] = useState<number | null>(null);
  const [wait, setWait] = useState(true);
  const [submitted, setSubmitted] = useState(false);

  useEffect(() => {
    void store.getState().loadJobStatus(target);
  }, [store, target]);

  const steps = status?.state === 'loaded' ? status.value.steps : [];
  const startStep = status?.state === 'loaded' ? status.value.startStepId : 1;
  const chosen = step ?? startStep;
  const busy = submitted && (watch?.phase === 'starting' || watch?.phase === 'waiting');
  const close = () => store.getState().closeJobDialog();

  function start(): void {
    if (busy || status?.state !== 'loaded') return;
    const name = steps.find((s) => s.id === chosen)?.name ?? null;
    setSubmitted(true);
    // The job's own start step needs no @step_name; any other is "Start Job at Step".
    void store.getState().startJob(target, chosen === startStep ? null : name, wait, onChange);
  }

  return (
    <Dialog
      title={`Start Job on '${target.serverName}'`}
      wide
      onCancel={close}
      onSubmit={start}
      buttons={
        <>
          <button type="submit" disabled={busy || status?.state !== 'loaded'}>
            Start
          </button>
          {busy && watch?.phase === 'waiting' ? (
            <button type="button" onClick={() => void store.getState().stopJob(target, onChange)}>
              Stop Job
            </button>
          ) : null}
          <button type="button" onClick={close}>
            Close
          </button>
        </>
      }
    >
      <p>
        Job: <strong>{target.jobName}</strong>
      </p>
      {status?.state === 'loading' || !status ? <p role="status">Reading the job's steps…</p> : null}
      {status?.state === 'error' ? (
        <p role="alert" className="field-error">
          {status.error.message}
        </p>
      ) : null}
      {steps.length > 0 ? (
        <fieldset>
          <legend>Start execution at step:</legend>
          {steps.map((s) => (
            <label key={s.id} className="field-inline">
              <input type="radio" name="start-step" value={s.id} checked={chosen === s.id} disabled={busy} onChange={() => setStep(s.id)} />
              {s.id} ({s.name}){s.id === startStep ? ' — start step' : ''}
            </label>
          ))}
        </fieldset>
      ) : null}
      <label className="field-inline">
        <input type="checkbox" checked={wait} disabled={busy} onChange={(e) => setWait(e.target.checked)} />
        Wait for the outcome
      </label>
      <p className="hint">SQL Server Agent only confirms that the job started; whether it succeeds is known when it finishes.</p>
      {submitted && watch ? (
        <div className="job-live-status" role="status" aria-label="Job status" data-phase={watch.phase} data-outcome={watch.outcome ?? ''}>
          <div>{watch.label}</div>
          {watch.message ? <div>{watch.message}</div> : null}
        </div>
      ) : null}
    </Dialog>
  );
}
