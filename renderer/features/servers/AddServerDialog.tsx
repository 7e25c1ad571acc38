/**
 * Add Server / Edit Server (SSMS "Connect to Server" words): server name, port, authentication, login and
 * password, encryption, Trust server certificate and an optional CA certificate (PEM, public: it is saved with
 * the server, unlike the password); Test Connection shows what the server says before saving.
 * The note under the password says where it is kept (memory only in browser mode).
 */
import { useId, useState } from 'react';
import { Dialog } from '../../components/Dialog.js';
import { OkCancelButtons } from '../../components/DialogButtons.js';
import { FieldError } from '../../components/FormField.js';
import { useApp, useAppStore } from '../../store/context.js';
import type { ServerDraftArgs } from '../../../shared/contract/servers.js';
import type { ServerAuthentication, ServerEncryption, ServerInfo, ServerList, ServerListEntry } from '../../../shared/model/server.js';
import { ServerInfoGrid } from './ServerInfoGrid.js';

const AUTH_LABELS: Record<ServerAuthentication, string> = {
  sql: 'SQL Server Authentication',
  windows: 'Windows Authentication (NTLM)',
  'entra-password': 'Microsoft Entra Password',
};

const LOGIN_HINTS: Record<ServerAuthentication, string> = {
  sql: 'Login',
  windows: 'User name (DOMAIN\\user)',
  'entra-password': 'User name (user@domain.com)',
};

const ENCRYPT_LABELS: Record<ServerEncryption, string> = {
  mandatory: 'Mandatory',
  optional: 'Optional',
  strict: 'Strict (SQL Server 2022 and Azure SQL)',
};

export function passwordNote(store: ServerList['secretStore'] | null): string {
  if (!store) return '';
  if (!store.persistent) return 'The password is kept in memory only for this session: you will be asked for it again after the app restarts.';
  return store.kind === 'libsecret' ? 'The password is saved in the system keyring (Secret Service).' : "The password is saved encrypted with the operating system's keychain.";
}

/** Plain-language problems with the form, before anything is sent. */
export function draftProblem(d: ServerDraftArgs, portText: string): string | null {
  if (!d.host.trim()) return 'Enter the server name (host or host\\instance).';
  if (portText.trim() && (d.port === null || !Number.isInteger(d.port) || d.port < 1 || d.port > 65535)) return 'The port must be a number from 1 to 65535.';
  if (!d.userName.trim()) return `Enter the ${LOGIN_HINTS[d.authentication].toLowerCase()}.`;
  if (d.authentication === 'windows' && !/^[^\\]+\\[^\\]+$/.test(d.userName.trim())) return 'For Windows Authentication, enter the user as DOMAIN\\user.';
  if (d.certificatePem !== null && !d.certificatePem.includes('-----BEGIN CERTIFICATE-----')) return 'The CA certificate must be PEM text starting with -----BEGIN CERTIFICATE-----, or left empty.';
  return null;
}

export function AddServerDialog({ editing }: { editing: ServerListEntry | null }) {
  const store = useAppStore();
  const secretStore = useApp((s) => s.secretStore);
  const ids = useId();
  const [displayName, setDisplayName] = useState(editing?.displayName ?? '');
  const [host, setHost] = useState(editing?.host ?? '');
  const [portText, setPortText] = useState(editing?.port ? String(editing.port) : '');
  const [authentication, setAuthentication] = useState<ServerAuthentication>(editing?.authentication ?? 'sql');
  const [userName, setUserName] = useState(editing?.userName ?? '');
  const [password, setPassword] = useState('');
  const [encrypt, setEncrypt] = useState<ServerEncryption>(editing?.encrypt ?? 'mandatory');
  const [trust, setTrust] = useState(editing?.trustServerCertificate ?? false);
  const [pem, setPem] = useState(editing?.certificatePem ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const [tested, setTested] = useState<ServerInfo | null>(null);
  const close = () => store.getState().closeServerDialog();

  function draft(): ServerDraftArgs {
    const port = portText.trim() ? Number(portText.trim()) : null;
    return {
      displayName: displayName.trim() || host.trim(),
      host: host.trim(),
      port,
      authentication,
      userName: userName.trim(),
      encrypt,
      trustServerCertificate: trust,
      certificatePem: pem.trim() ? `${pem.trim()}\n` : null,
      password: password === '' && editing ? null : password,
    };
  }

  function edited(): void {
    setError(null);
    setTested(null);
  }

  async function test(): Promise<void> {
    const d = draft();
    const problem = draftProblem(d, portText);
    if (problem) return setError(problem);
    if (d.password === null) return setError('Enter the password to test the connection (the saved one is never sent back to this window).');
    setBusy('test');
    setTested(null);
    setError(null);
    const r = await store.getState().testDraft(d);
    setBusy(null);
    if (r.ok) setTested(r.value);
    else setError(r.error.message);
  }

  async function save(): Promise<void> {
    const d = draft();
    const problem = draftProblem(d, portText);
    if (problem) return setError(problem);
    setBusy('save');
    const failure = editing ? await store.getState().updateServer(editing.id, d) : await store.getState().addServer(d);
    setBusy(null);
    if (failure) setError(failure.message);
    else close();
  }

  const note = passwordNote(secretStore);
  return (
    <Dialog
      title={editing ? `Edit Server - ${editing.displayName}` : 'Add Server'}
      wide
      onCancel={close}
      onSubmit={() => void save()}
      buttons={
        <>
          <button type="button" onClick={() => void test()} disabled={busy !== null}>
            {busy === 'test' ? 'Testing...' : 'Test Connection'}
          </button>
          <OkCancelButtons okDisabled={busy !== null} onCancel={close} />
        </>
      }
    >
      <div className="form-grid">
        <label htmlFor={`${ids}-name`}>Display name</label>
        <input id={`${ids}-name`} value={displayName} placeholder={host || 'SRV1'} onChange={(e) => (setDisplayName(e.target.value), edited())} />
        <label htmlFor={`${ids}-host`}>Server name</label>
        <input
          id={`${ids}-host`}
          value={host}
          placeholder="host or host\instance"
          aria-describedby={`${ids}-host-hint`}
          onChange={(e) => (setHost(e.target.value), edited())}
        />
        <span />
        <span id={`${ids}-host-hint`} className="hint">
          A named instance is found through SQL Server Browser unless you give its port.
        </span>
        <label htmlFor={`${ids}-port`}>Port</label>
        <input id={`${ids}-port`} inputMode="numeric" value={portText} placeholder="1433" onChange={(e) => (setPortText(e.target.value), edited())} />
        <label htmlFor={`${ids}-auth`}>Authentication</label>
        <select id={`${ids}-auth`} value={authentication} onChange={(e) => (setAuthentication(e.target.value as ServerAuthentication), edited())}>
          {(Object.keys(AUTH_LABELS) as ServerAuthentication[]).map((a) => (
            <option key={a} value={a}>
              {AUTH_LABELS[a]}
            </option>
          ))}
        </select>
        <label htmlFor={`${ids}-user`}>{LOGIN_HINTS[authentication]}</label>
        <input id={`${ids}-user`} value={userName} autoComplete="off" onChange={(e) => (setUserName(e.target.value), edited())} />
        <label htmlFor={`${ids}-password`}>Password</label>
        <input
          id={`${ids}-password`}
          type="password"
          autoComplete="off"
          value={password}
          placeholder={editing?.passwordSaved ? '(unchanged)' : ''}
          aria-describedby={`${ids}-password-note`}
          onChange={(e) => (setPassword(e.target.value), edited())}
        />
        <span />
        <span id={`${ids}-password-note`} className="hint">
          {note}
        </span>
        <label htmlFor={`${ids}-encrypt`}>Encryption</label>
        <select id={`${ids}-encrypt`} value={encrypt} onChange={(e) => (setEncrypt(e.target.value as ServerEncryption), edited())}>
          {(Object.keys(ENCRYPT_LABELS) as ServerEncryption[]).map((a) => (
            <option key={a} value={a}>
              {ENCRYPT_LABELS[a]}
            </option>
          ))}
        </select>
        <span />
        <label className="check">
          <input type="checkbox" checked={trust} disabled={encrypt === 'strict'} onChange={(e) => (setTrust(e.target.checked), edited())} />
          Trust server certificate
        </label>
        <label htmlFor={`${ids}-pem`}>CA certificate (optional)</label>
        <textarea
          id={`${ids}-pem`}
          className="pem"
          rows={4}
          spellCheck={false}
          value={pem}
          placeholder="-----BEGIN CERTIFICATE-----"
          aria-describedby={`${ids}-pem-hint`}
          onChange={(e) => (setPem(e.target.value), edited())}
        />
        <span />
        <span id={`${ids}-pem-hint`} className="hint">
          The server's certificate, or the CA that signed it, in PEM, to validate the connection against (for a
          self-signed or private CA certificate). It is public and saved with the server.
        </span>
      </div>
      <FieldError message={error} />
      {tested ? (
        <div role="status" aria-label="Test Connection result" className="test-result">
          <p className="message">Test connection succeeded.</p>
          <ServerInfoGrid info={tested} />
        </div>
      ) : null}
    </Dialog>
  );
}
