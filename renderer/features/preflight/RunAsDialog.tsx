/** "Run as" for one assignment's job step: the proxies usable for SSIS on that server, or the Agent service account. */
import { useEffect, useState } from 'react';
import { Dialog } from '../../components/Dialog.js';
import { OkCancelButtons } from '../../components/DialogButtons.js';
import { FieldError } from '../../components/FormField.js';
import type { SsisProxy } from '../../../shared/contract/proxies.js';
import { useApp, useAppStore } from '../../store/context.js';

const AGENT = '';

export function RunAsDialog() {
  const store = useAppStore();
  const d = useApp((s) => s.runAsDialog);
  const [proxies, setProxies] = useState<readonly SsisProxy[] | null>(null);
  const [choice, setChoice] = useState(AGENT);
  const [error, setError] = useState<string | null>(null);
  const serverId = d?.serverId;

  useEffect(() => {
    if (!serverId) return;
    let live = true;
    void store
      .getState()
      .listSsisProxies(serverId)
      .then((r) => {
        if (!live) return;
        if (r.ok) {
          setProxies(r.value.proxies);
          setChoice(r.value.proxies.find((p) => p.enabled)?.name ?? AGENT);
        } else setError(r.error.message);
      });
    return () => {
      live = false;
    };
  }, [store, serverId]);

  if (!d) return null;
  const close = () => store.getState().closeRunAsDialog();
  return (
    <Dialog
      title={`Run as - ${d.packageName} on ${d.server}`}
      onCancel={close}
      onSubmit={async () => {
        const failure = await store.getState().setRunAs(choice === AGENT ? null : choice);
        if (failure) setError(failure.message);
      }}
      buttons={<OkCancelButtons okDisabled={proxies === null} onCancel={close} />}
    >
      <label className="field">
        <span>Run as</span>
        <select value={choice} onChange={(e) => setChoice(e.target.value)} disabled={proxies === null}>
          <option value={AGENT}>SQL Server Agent Service Account</option>
          {(proxies ?? []).map((p) => (
            <option key={p.proxyId} value={p.name} disabled={!p.enabled}>
              {p.name}
              {p.credentialIdentity ? ` (${p.credentialIdentity})` : ''}
              {p.enabled ? '' : ' (disabled)'}
            </option>
          ))}
        </select>
      </label>
      {proxies !== null && proxies.length === 0 ? <p>No proxy on {d.server} is granted to SSIS for your login. Create one with New Proxy... in the Servers pane.</p> : null}
      <FieldError message={error} />
    </Dialog>
  );
}
