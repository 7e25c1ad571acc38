/** The Servers pane's dialogs, as the servers slice asks for them. */
import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { Dialog } from '../../components/Dialog.js';
import { OkCancelButtons } from '../../components/DialogButtons.js';
import { FieldError, TextField } from '../../components/FormField.js';
import { PropertyGrid } from '../../components/PropertyGrid.js';
import { useApp, useAppStore } from '../../store/context.js';
import type { ServerObject } from '../../store/serversSlice.js';
import type { AgentJob, CatalogProjectRef, MsdbPackage, ServerListEntry } from '../../../shared/model/server.js';
import { ExportFileDialog } from '../build/ExportPackageDialog.js';
import { AddServerDialog, passwordNote } from './AddServerDialog.js';
import { jobDetail } from './serverTreeModel.js';
import { ServerInfoGrid } from './ServerInfoGrid.js';

export function ServerDialogs() {
  const dialog = useApp((s) => s.serverDialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'add':
      return <AddServerDialog key="add" editing={null} />;
    case 'edit':
      return <AddServerDialog key={`edit-${dialog.server.id}`} editing={dialog.server} />;
    case 'password':
      return <ConnectDialog server={dialog.server} reason={dialog.reason} />;
    case 'properties':
      return <ServerPropertiesDialog server={dialog.server} />;
    case 'remove':
      return <RemoveServerDialog server={dialog.server} />;
    case 'jobProperties':
      return <JobPropertiesDialog server={dialog.server} job={dialog.job} />;
    case 'exportStoredPackage':
      return <ExportStoredPackageDialog server={dialog.server} pkg={dialog.pkg} />;
    case 'exportCatalogProject':
      return <ExportCatalogProjectDialog server={dialog.server} project={dialog.project} />;
    case 'deleteObject':
      return <DeleteObjectDialog server={dialog.server} object={dialog.object} />;
  }
}

/** Asks the password of a registered server whose password is not saved (browser mode, after a restart). */
function ConnectDialog({ server, reason }: { server: ServerListEntry; reason: string }) {
  const store = useAppStore();
  const secretStore = useApp((s) => s.secretStore);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => store.getState().closeServerDialog();

  async function submit(): Promise<void> {
    setBusy(true);
    const failure = await store.getState().setServerPassword(server.id, password);
    setBusy(false);
    if (failure) setError(failure.message);
    else close();
  }

  return (
    <Dialog
      title={`Connect to Server - ${server.displayName}`}
      onCancel={close}
      onSubmit={() => void submit()}
      buttons={<OkCancelButtons ok="Connect" okDisabled={busy} onCancel={close} />}
    >
      <p className="message">{reason}</p>
      <TextField label={`Password for ${server.userName}`} type="password" autoComplete="off" value={password} onChange={(v) => (setPassword(v), setError(null))} />
      <p className="hint">{passwordNote(secretStore)}</p>
      <FieldError message={error} />
    </Dialog>
  );
}

function ServerPropertiesDialog({ server }: { server: ServerListEntry }) {
  const store = useAppStore();
  const conn = useApp((s) => s.connections[server.id]);
  const close = () => store.getState().closeServerDialog();
  const endpoint = `${server.host}${server.port ? `,${server.port}` : ''}`;
  return (
    <Dialog title={`Server Properties - ${server.displayName}`} wide onCancel={close} onSubmit={close} buttons={<button type="submit">Close</button>}>
      <p className="message">{`${endpoint} · ${server.userName} · encryption ${server.encrypt}${server.trustServerCertificate ? ', trusting the server certificate' : ''}`}</p>
      {conn?.state === 'loaded' ? <ServerInfoGrid info={conn.value} /> : null}
      {conn?.state === 'loading' ? <p role="status">Connecting...</p> : null}
      {conn?.state === 'error' ? (
        <p role="alert" className="field-error">
          {conn.error.message}
        </p>
      ) : null}
    </Dialog>
  );
}

function ExportStoredPackageDialog({ server, pkg }: { server: ServerListEntry; pkg: MsdbPackage }) {
  const store = useAppStore();
  return (
    <ExportFileDialog
      title={`Export Package - ${pkg.name}`}
      defaultName={`${pkg.name}.dtsx`}
      kind="package"
      onExport={(target, overwrite) => store.getState().exportStoredPackage(server.id, pkg, target, overwrite)}
      onClose={() => store.getState().closeServerDialog()}
    />
  );
}

function ExportCatalogProjectDialog({ server, project }: { server: ServerListEntry; project: CatalogProjectRef }) {
  const store = useAppStore();
  return (
    <ExportFileDialog
      title={`Export Project - ${project.project}`}
      defaultName={`${project.project}.ispac`}
      kind="project"
      onExport={(target, overwrite) => store.getState().exportCatalogProject(server.id, project, target, overwrite)}
      onClose={() => store.getState().closeServerDialog()}
    />
  );
}

/** The Delete Object question for each kind of server object. */
function deleteQuestion(object: ServerObject, server: string): string {
  switch (object.kind) {
    case 'msdbPackage':
      return `Delete the package '${object.pkg.name}' from msdb on '${server}'? Jobs whose steps run it will fail; this cannot be undone.`;
    case 'msdbFolder':
      return `Delete the folder '${object.name}' from msdb on '${server}'? Only an empty folder can be deleted.`;
    case 'catalogProject':
      return `Delete the project '${object.project.project}' in the folder '${object.project.folder}' from SSISDB on '${server}'? Its packages, versions and execution settings go with it; jobs that run its packages will fail; this cannot be undone.`;
    case 'catalogFolder':
      return `Delete the folder '${object.folder}' from SSISDB on '${server}'? Only a folder without projects can be deleted.`;
  }
}

function DeleteObjectDialog({ server, object }: { server: ServerListEntry; object: ServerObject }) {
  const store = useAppStore();
  return (
    <ConfirmDialog
      title="Delete Object"
      message={deleteQuestion(object, server.displayName)}
      ok="Delete"
      onOk={() => void store.getState().deleteServerObject(server.id, object)}
      onClose={() => store.getState().closeServerDialog()}
    />
  );
}

function RemoveServerDialog({ server }: { server: ServerListEntry }) {
  const store = useAppStore();
  return (
    <ConfirmDialog
      title="Remove Server"
      message={`Remove '${server.displayName}' from the Servers list? Nothing on the server is changed, and its saved password is forgotten.`}
      ok="Remove"
      onOk={() => void store.getState().removeServer(server.id)}
      onClose={() => store.getState().closeServerDialog()}
    />
  );
}

function JobPropertiesDialog({ server, job }: { server: ServerListEntry; job: AgentJob }) {
  const store = useAppStore();
  const close = () => store.getState().closeServerDialog();
  const rows: [string, string][] = [
    ['Name', job.name],
    ['Server', server.displayName],
    ['Job ID', job.jobId],
    ['Enabled', job.enabled ? 'True' : 'False'],
    ['Status', jobDetail(job)],
    ['Last run', job.lastRunAt ?? 'Never'],
    ['Owner', job.owner ?? ''],
    ['Category', job.category ?? ''],
    ['Description', job.description ?? ''],
    ['Created', job.dateCreated ?? ''],
    ['Last modified', job.dateModified ?? ''],
  ];
  return (
    <Dialog title={`Job Properties - ${job.name}`} wide onCancel={close} onSubmit={close} buttons={<button type="submit">Close</button>}>
      <PropertyGrid label="Job properties" rows={rows} />
    </Dialog>
  );
}
