/**
 * Wire Child Jobs...: on the parent (Entry-point) package, one Execute SQL Task per (child, server)
 * assignment that starts the child's SQL Server Agent job there. The two modes are explained because they
 * differ in what the parent learns.
 */
import { useEffect, useState } from 'react';
import { Dialog } from '../../components/Dialog.js';
import { OkCancelButtons } from '../../components/DialogButtons.js';
import { FieldError } from '../../components/FormField.js';
import type { WireArgs } from '../../../shared/contract/preflight.js';
import { useApp, useAppStore } from '../../store/context.js';

export function WireChildJobsDialog() {
  const store = useAppStore();
  const d = useApp((s) => s.wireDialog);
  const [mode, setMode] = useState<WireArgs['mode']>('wait');
  const [order, setOrder] = useState<WireArgs['order']>('parallel');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const packageName = d?.packageName;

  useEffect(() => {
    if (packageName) void store.getState().previewWire(mode, order);
  }, [store, packageName, mode, order]);

  if (!d) return null;
  const close = () => store.getState().closeWireDialog();
  const preview = d.preview;

  async function submit(): Promise<void> {
    setBusy(true);
    const failure = await store.getState().wireChildJobs(mode, order);
    setBusy(false);
    if (failure) setError(failure.message);
  }

  return (
    <Dialog
      title={`Wire Child Jobs - ${d.packageName}`}
      wide
      onCancel={close}
      onSubmit={() => void submit()}
      buttons={<OkCancelButtons ok="Wire" okDisabled={busy || preview?.state !== 'loaded' || preview.value.tasks.length === 0} onCancel={close} />}
    >
      <fieldset>
        <legend>When the parent runs</legend>
        <label className="check">
          <input type="radio" name="wire-mode" checked={mode === 'start'} onChange={() => setMode('start')} /> Start only
        </label>
        <p className="mode-explain">
          Each task calls sp_start_job. SQL Server only queues the job: the task succeeds as soon as the job has started, so the parent does not learn whether the child succeeded.
        </p>
        <label className="check">
          <input type="radio" name="wire-mode" checked={mode === 'wait'} onChange={() => setMode('wait')} /> Start and wait
        </label>
        <p className="mode-explain">
          Each task starts the job, waits until it finishes (polling msdb) and fails when the job failed, so the parent sees each child's real outcome.
        </p>
      </fieldset>
      <fieldset>
        <legend>Order</legend>
        <label className="check">
          <input type="radio" name="wire-order" checked={order === 'parallel'} onChange={() => setOrder('parallel')} /> In parallel
        </label>
        <label className="check">
          <input type="radio" name="wire-order" checked={order === 'sequence'} onChange={() => setOrder('sequence')} /> In sequence (each after the previous one succeeded)
        </label>
      </fieldset>
      <div aria-live="polite">
        {preview === null || preview.state === 'loading' ? (
          <p role="status">Reading the assignments…</p>
        ) : preview.state === 'error' ? (
          <p role="alert" className="field-error">
            {preview.error.message}
          </p>
        ) : preview.value.tasks.length === 0 ? (
          <p className="field-error">No child package is assigned to a server with a job. Drag the children onto servers first.</p>
        ) : (
          <>
            <p>
              {preview.value.changed ? 'These Execute SQL Tasks will be written into the package' : 'The package is already wired this way'} (tasks it made before are updated; nothing else in the file changes):
            </p>
            <ul className="wire-preview" aria-label="Tasks">
              {preview.value.tasks.map((t) => (
                <li key={t.name}>
                  {t.name} — job "{t.jobName}" on {t.server}
                </li>
              ))}
              {preview.value.removed.map((r) => (
                <li key={`removed ${r}`}>Removed: {r}</li>
              ))}
            </ul>
          </>
        )}
      </div>
      <FieldError message={error} />
    </Dialog>
  );
}
