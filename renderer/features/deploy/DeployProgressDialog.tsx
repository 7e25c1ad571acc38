/**
 * A deploy run: one progress bar per server with its phase, the SQL Server error on failure, then the summary
 * (created, updated, unchanged, failed). Cancel while running; Retry what failed or was cancelled; Close hides
 * the dialog (the Output pane keeps every line).
 */
import { Dialog } from '../../components/Dialog.js';
import { PropertyGrid } from '../../components/PropertyGrid.js';
import { useAppStore } from '../../store/context.js';
import type { DeployRun, ServerProgress } from '../../store/deploySlice.js';

const PHASES: Record<ServerProgress['phase'], string> = {
  queued: 'Waiting',
  connecting: 'Connecting',
  deploying: 'Deploying',
  done: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function errorText(e: NonNullable<ServerProgress['error']>): string {
  // The service's message usually names the error number already; say it only when it does not.
  const said = e.sqlErrorNumber === null || e.message.includes(String(e.sqlErrorNumber));
  const number = said ? '' : `SQL Server error ${e.sqlErrorNumber}${e.procedure ? ` in ${e.procedure}` : ''}: `;
  return `${e.packageName ? `${e.packageName}: ` : ''}${number}${e.message}`;
}

export function DeployProgressDialog({ run }: { run: DeployRun }) {
  const store = useAppStore();
  const finished = run.summary !== null;
  const c = run.summary?.counts;
  const retryable = c !== undefined && c.failed + c.cancelled > 0;
  const close = () => store.getState().closeDeployRun();
  return (
    <Dialog
      title={run.title}
      wide
      onCancel={close}
      onSubmit={close}
      buttons={
        <>
          {!finished ? (
            <button type="button" disabled={run.cancelling} onClick={() => void store.getState().cancelDeploy()}>
              {run.cancelling ? 'Cancelling...' : 'Cancel'}
            </button>
          ) : null}
          {retryable ? (
            <button type="button" onClick={() => void store.getState().retryDeploy()}>
              Retry
            </button>
          ) : null}
          <button type="submit">Close</button>
        </>
      }
    >
      {run.servers.length === 0 && !finished ? <p role="status">Starting...</p> : null}
      <ul className="deploy-servers" aria-label="Servers">
        {run.servers.map((s) => (
          <li key={s.server} className={`deploy-server ${s.phase}`} aria-label={s.server}>
            <div className="deploy-server-head">
              <span className="deploy-server-name">{s.server}</span>
              <span className="deploy-phase">{`${PHASES[s.phase]} (${s.done} of ${s.total})`}</span>
            </div>
            <progress max={Math.max(1, s.total)} value={s.done} aria-label={`${s.server} progress`} />
            {s.error ? (
              <p className="field-error" role="alert">
                {errorText(s.error)}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      {run.summary && c ? (
        <div role="status" aria-label="Deploy summary" className="deploy-summary">
          <p className="message">{run.summary.cancelled ? 'The deployment was cancelled.' : c.failed ? 'The deployment finished with errors.' : 'The deployment succeeded.'}</p>
          <PropertyGrid
            label="Deploy summary counts"
            rows={[
              ['Created', c.created],
              ['Updated', c.updated],
              ['Unchanged', c.unchanged],
              ['Failed', c.failed],
              ...(c.cancelled ? ([['Cancelled', c.cancelled]] as const) : []),
            ]}
          />
        </div>
      ) : null}
    </Dialog>
  );
}
