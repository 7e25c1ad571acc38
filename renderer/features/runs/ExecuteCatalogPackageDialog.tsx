/**
 * SSMS's Execute Package for a package in the SSIS catalog: 32-bit runtime or not, then OK starts it (Basic
 * logging) and the dialog follows the run to its outcome, with the messages SSISDB recorded (errors in the
 * error colour). A SQL Server login gets SSISDB's refusal (27123); a package that is not an entry point, 27146.
 */
import { useState } from 'react';
import { Dialog } from '../../components/Dialog.js';
import { useApp, useAppStore } from '../../store/context.js';
import type { CatalogPackageTarget } from '../../store/jobsSlice.js';
import { executionStatusWord } from '../../../shared/model/catalog-run.js';

const MESSAGE_KIND: Record<number, string> = { 120: 'Error', 110: 'Warning', 70: 'Information' };

export function ExecuteCatalogPackageDialog({ target }: { target: CatalogPackageTarget }) {
  const store = useAppStore();
  const run = useApp((s) => (s.catalogRun?.target === target ? s.catalogRun : null));
  const [use32bit, setUse32bit] = useState(false);
  const busy = run?.phase === 'starting' || run?.phase === 'running';
  const close = () => store.getState().closeJobDialog();
  const execution = run?.execution ?? null;

  return (
    <Dialog
      title={`Execute Package - ${target.packageName}`}
      wide
      onCancel={close}
      onSubmit={() => {
        if (!busy) void store.getState().executeCatalogPackage(target, use32bit);
      }}
      buttons={
        <>
          <button type="submit" disabled={busy}>
            OK
          </button>
          {run?.phase === 'running' && execution ? (
            <button type="button" onClick={() => void store.getState().stopCatalogRun()}>
              Stop
            </button>
          ) : null}
          <button type="button" onClick={close}>
            Close
          </button>
        </>
      }
    >
      <p>
        Package: <strong>{`\\SSISDB\\${target.folder}\\${target.project}\\${target.packageName}`}</strong> on {target.serverName}
      </p>
      <label className="field-inline">
        <input type="checkbox" checked={use32bit} disabled={busy} onChange={(e) => setUse32bit(e.target.checked)} />
        32-bit runtime
      </label>
      {run ? (
        <div className="job-live-status" role="status" aria-label="Execution status" data-phase={run.phase} data-status={execution?.status ?? ''}>
          <div>
            {run.phase === 'starting'
              ? 'Starting…'
              : run.phase === 'failed-to-start'
                ? 'The package was not executed.'
                : `Execution ${execution?.executionId ?? ''}: ${executionStatusWord(execution?.status ?? 'running')}`}
          </div>
          {run.message ? <div>{run.message}</div> : null}
        </div>
      ) : null}
      {execution && execution.messages.length > 0 ? (
        <ul className="catalog-messages" aria-label="Execution messages">
          {execution.messages.map((m, i) => (
            <li key={i} data-type={m.type}>
              {`${MESSAGE_KIND[m.type] ?? 'Message'}: ${m.text}`}
            </li>
          ))}
        </ul>
      ) : null}
    </Dialog>
  );
}
