/**
 * Servers pane → Proxies → New Proxy...: the credential (a Windows account and its password), the proxy, its
 * grant to the SSIS subsystem and the logins that may use it, created in one step. The password is sent to
 * the server and not kept; SQL Server's errors are shown as they come, with their number.
 */
import { useState } from 'react';
import { Dialog } from '../../components/Dialog.js';
import { OkCancelButtons } from '../../components/DialogButtons.js';
import { FieldError, TextField } from '../../components/FormField.js';
import { useApp, useAppStore } from '../../store/context.js';

export function NewProxyDialog() {
  const store = useAppStore();
  const d = useApp((s) => s.newProxyDialog);
  const [name, setName] = useState('');
  const [credentialName, setCredentialName] = useState('');
  const [identity, setIdentity] = useState('');
  const [secret, setSecret] = useState('');
  const [description, setDescription] = useState('');
  const [logins, setLogins] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!d) return null;
  const close = () => store.getState().closeNewProxyDialog();

  async function submit(): Promise<void> {
    if (!name.trim()) return setError('Give the proxy a name.');
    setBusy(true);
    const failure = await store.getState().createProxy({
      name: name.trim(),
      credentialName: credentialName.trim() || null,
      identity: identity.trim(),
      secret,
      description: description.trim() || null,
      logins: logins
        .split(/[,;\n]/)
        .map((l) => l.trim())
        .filter(Boolean),
    });
    setBusy(false);
    if (failure) setError(failure.message);
  }

  const field = (label: string, value: string, set: (v: string) => void, extra: Record<string, unknown> = {}) => (
    <TextField
      label={label}
      value={value}
      spellCheck={false}
      onChange={(v) => {
        set(v);
        setError(null);
      }}
      {...extra}
    />
  );

  return (
    <Dialog
      title={`New Proxy - ${d.serverName}`}
      onCancel={close}
      onSubmit={() => void submit()}
      buttons={<OkCancelButtons okDisabled={busy} onCancel={close} />}
    >
      {field('Proxy name', name, setName)}
      {field('Credential name (empty: the proxy name)', credentialName, setCredentialName)}
      {field('Identity (Windows account)', identity, setIdentity, { placeholder: 'DOMAIN\\user' })}
      {field('Password', secret, setSecret, { type: 'password', autoComplete: 'off' })}
      {field('Description', description, setDescription)}
      {field('Logins that may use the proxy (comma-separated; job owners that are not sysadmin)', logins, setLogins)}
      <p className="mode-explain">The proxy is granted to the SQL Server Integration Services Package subsystem. The password is sent to {d.serverName} and not stored by this app.</p>
      {busy ? <p role="status">Creating the proxy on {d.serverName}…</p> : null}
      <FieldError message={error} />
    </Dialog>
  );
}
