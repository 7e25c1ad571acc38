/**
 * The dialog a drop on a server opens: where the packages go (SSIS catalog folder and project, an msdb
 * folder, or a file system path as the server sees it) and the SQL Server Agent job that runs each (name,
 * description, owner, Run as, 32-bit runtime). Starts from the server's remembered defaults, or from the
 * folder the packages were dropped on. Warns when the Entry-point (parent) package is among them.
 */
import { useId, useMemo, useState } from 'react';
import { Dialog } from '../../components/Dialog.js';
import { OkCancelButtons } from '../../components/DialogButtons.js';
import { FieldError } from '../../components/FormField.js';
import { useApp, useAppStore } from '../../store/context.js';
import type { DeployDialogState } from '../../store/deploySlice.js';
import type { ServersSlice } from '../../store/serversSlice.js';
import type { DialogProposal } from '../../../shared/contract/deploy.js';
import type { DeployTarget, DeployTargetKind } from '../../../shared/model/deploy.js';
import type { BrowseResult, MsdbFolder } from '../../../shared/model/server.js';
import { ssisProxies } from '../servers/serverTreeModel.js';
import type { DropHint } from '../servers/serverTreeModel.js';

export const SERVICE_ACCOUNT = 'SQL Server Agent Service Account';

/** The first target the dialog shows: the folder dropped on, else what this server used last time. */
export function initialTarget(proposal: DialogProposal, hint: DropHint | null): DeployTarget {
  const remembered = proposal.defaults.target;
  if (!hint) return remembered;
  if (hint.kind === 'msdb') return { kind: 'msdb', folder: hint.folder };
  const base = remembered.kind === 'catalog' ? remembered : { folder: '', project: '' };
  return { kind: 'catalog', folder: hint.folder ?? base.folder, project: hint.project ?? base.project };
}

function msdbPaths(root: MsdbFolder): string[] {
  const out: string[] = [];
  const walk = (f: MsdbFolder) => {
    for (const sub of f.folders) {
      out.push(sub.path.replace(/^\\/, ''));
      walk(sub);
    }
  };
  walk(root);
  return out;
}

function loaded<N extends BrowseResult['node']>(load: { state: string; value?: BrowseResult } | undefined, node: N): Extract<BrowseResult, { node: N }> | null {
  return load?.state === 'loaded' && load.value?.node === node ? (load.value as Extract<BrowseResult, { node: N }>) : null;
}

export function DeployDialog({ dialog }: { dialog: DeployDialogState }) {
  const store = useAppStore();
  const close = () => store.getState().closeDeployDialog();
  const server = useApp((s) => s.servers.find((x) => x.id === dialog.serverId) ?? null);
  const browsed = useApp((s) => s.browsed[dialog.serverId]);
  const title = `Deploy to ${server?.displayName ?? 'server'}`;

  if (dialog.proposals.state !== 'loaded') {
    return (
      <Dialog title={title} onCancel={close} onSubmit={close} buttons={<button type="submit">{dialog.proposals.state === 'error' ? 'Close' : 'Cancel'}</button>}>
        {dialog.proposals.state === 'loading' ? <p role="status">Reading the settings for this server...</p> : null}
        {dialog.proposals.state === 'error' ? (
          <p role="alert" className="field-error">
            {dialog.proposals.error.message}
          </p>
        ) : null}
      </Dialog>
    );
  }
  return <DeployForm key={dialog.serverId} dialog={dialog} proposals={dialog.proposals.value} title={title} browsed={browsed} />;
}

interface FormProps {
  readonly dialog: DeployDialogState;
  readonly proposals: readonly { readonly projectPath: string; readonly proposal: DialogProposal }[];
  readonly title: string;
  readonly browsed: ServersSlice['browsed'][string] | undefined;
}

function DeployForm({ dialog, proposals, title, browsed }: FormProps) {
  const store = useAppStore();
  const ids = useId();
  const first = proposals[0]!.proposal;
  const start = initialTarget(first, dialog.hint);
  const packages = dialog.refs.map((r) => r.packageName);
  const single = packages.length === 1;
  const [kind, setKind] = useState<DeployTargetKind>(start.kind);
  const sqlLogin = useApp((s) => s.servers.find((x) => x.id === dialog.serverId)?.authentication === 'sql');
  // Switching to the catalog starts from a folder and project named after the project, as the first deploy would.
  const projectName = useApp((s) => s.view?.projects.find((p) => p.path === proposals[0]!.projectPath)?.name ?? '');
  const [catalogFolder, setCatalogFolder] = useState(start.kind === 'catalog' ? start.folder : first.defaults.target.kind === 'catalog' ? first.defaults.target.folder : projectName);
  const [catalogProject, setCatalogProject] = useState(start.kind === 'catalog' ? start.project : first.defaults.target.kind === 'catalog' ? first.defaults.target.project : projectName);
  const [msdbFolder, setMsdbFolder] = useState(start.kind === 'msdb' ? start.folder : '');
  const [filePath, setFilePath] = useState(start.kind === 'file' ? start.path : '');
  const [copyTo, setCopyTo] = useState(start.kind === 'file' ? (start.copyTo ?? '') : '');
  const job = first.defaults.job;
  const [createJob, setCreateJob] = useState(job.createJob);
  const [jobName, setJobName] = useState(first.jobNames[0] ?? '');
  const [description, setDescription] = useState(job.description ?? '');
  const [owner, setOwner] = useState(job.owner ?? '');
  const [proxy, setProxy] = useState(job.proxy ?? '');
  const [use32bit, setUse32bit] = useState(job.use32bit);
  const [remember, setRemember] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => store.getState().closeDeployDialog();

  const proxies = useMemo(() => {
    const v = loaded(browsed?.proxies, 'proxies');
    return v ? ssisProxies(v.proxies).map((p) => p.name) : [];
  }, [browsed]);
  const proxyState = browsed?.proxies?.state;
  const catalogFolders = useMemo(() => loaded(browsed?.catalog, 'catalog')?.catalog.folders ?? [], [browsed]);
  const msdbFolders = useMemo(() => {
    const v = loaded(browsed?.msdb, 'msdb');
    return v ? msdbPaths(v.root) : [];
  }, [browsed]);
  const projectsInFolder = catalogFolders.find((f) => f.name === catalogFolder)?.projects.map((p) => p.name) ?? [];

  const entryPoints = proposals.flatMap((p) => p.proposal.entryPointPackages);
  const notEntryPoints = proposals.flatMap((p) => p.proposal.notEntryPointPackages);
  const already = proposals.flatMap((p) => p.proposal.alreadyAssigned);
  const jobNames = proposals.flatMap((p) => p.proposal.jobNames);

  function target(): DeployTarget {
    if (kind === 'catalog') return { kind, folder: catalogFolder.trim(), project: catalogProject.trim() };
    if (kind === 'msdb') return { kind, folder: msdbFolder.trim().replace(/^\\+|\\+$/g, '') };
    return { kind, path: filePath.trim(), copyTo: copyTo.trim() || null };
  }

  function problem(): string | null {
    if (kind === 'catalog' && (!catalogFolder.trim() || !catalogProject.trim())) return 'Enter the catalog folder and project.';
    if (kind === 'file' && !filePath.trim()) return 'Enter the folder as the server sees it (for example D:\\SSIS\\Packages).';
    if (createJob && single && !jobName.trim()) return 'Enter a job name.';
    if (createJob && single && jobName.includes('%')) return "A job name cannot contain '%' (SQL Server Agent rule).";
    return null;
  }

  async function submit(): Promise<void> {
    const p = problem();
    if (p) return setError(p);
    setBusy(true);
    const failure = await store.getState().confirmDeploy({
      target: target(),
      job: {
        createJob,
        name: single && createJob ? jobName.trim() : null,
        description: description.trim() || null,
        owner: owner.trim() || null,
        proxy: proxy || null,
        use32bit,
      },
      rememberDefaults: remember,
    });
    setBusy(false);
    if (failure) setError(failure.message);
  }

  const set = <T,>(f: (v: T) => void) => (v: T) => {
    f(v);
    setError(null);
  };

  return (
    <Dialog
      title={title}
      wide
      onCancel={close}
      onSubmit={() => void submit()}
      buttons={<OkCancelButtons ok={busy ? 'Deploying...' : 'Deploy'} okDisabled={busy} onCancel={close} cancelDisabled={busy} />}
    >
      <p className="message">{single ? `Package: ${packages[0]}` : `Packages (${packages.length}): ${packages.join(', ')}`}</p>
      {entryPoints.length ? (
        <p className="deploy-warning" role="note">
          {`${entryPoints.join(', ')} ${entryPoints.length === 1 ? 'is the Entry-point package' : 'are Entry-point packages'}. Child packages are what is usually deployed to other servers; the parent starts their jobs.`}
        </p>
      ) : null}
      {already.length ? <p className="hint">{`Already assigned to this server (will be updated): ${already.join(', ')}`}</p> : null}
      <fieldset className="form-section">
        <legend>Target</legend>
        <div role="radiogroup" aria-label="Target" className="radio-row">
          {(
            [
              ['catalog', 'SSIS Catalog (SSISDB)'],
              ['msdb', 'SQL Server (msdb)'],
              ['file', 'File system'],
            ] as const
          ).map(([k, label]) => (
            <label key={k} className="check">
              <input type="radio" name={`${ids}-target`} value={k} checked={kind === k} onChange={() => set(setKind)(k)} />
              {label}
            </label>
          ))}
        </div>
        <div className="form-grid">
          {kind === 'catalog' ? (
            <>
              <label htmlFor={`${ids}-cf`}>Folder</label>
              <input id={`${ids}-cf`} list={`${ids}-cf-list`} value={catalogFolder} onChange={(e) => set(setCatalogFolder)(e.target.value)} />
              <label htmlFor={`${ids}-cp`}>Project</label>
              <input id={`${ids}-cp`} list={`${ids}-cp-list`} value={catalogProject} onChange={(e) => set(setCatalogProject)(e.target.value)} />
              <datalist id={`${ids}-cf-list`}>
                {catalogFolders.map((f) => (
                  <option key={f.name} value={f.name} />
                ))}
              </datalist>
              <datalist id={`${ids}-cp-list`}>
                {projectsInFolder.map((p) => (
                  <option key={p} value={p} />
                ))}
              </datalist>
              {notEntryPoints.length ? (
                <>
                  <span />
                  <p className="hint">{`The catalog runs Entry-point packages only; a job for ${notEntryPoints.join(', ')} needs the package marked Entry-point in the project.`}</p>
                </>
              ) : null}
              {sqlLogin ? (
                <>
                  <span />
                  <p className="hint">
                    SSISDB accepts Windows authentication only: with the SQL Server login this server is registered with, the catalog refuses the deploy (SQL Server error 27123).
                    Choose msdb, or register the server with Windows authentication.
                  </p>
                </>
              ) : null}
            </>
          ) : null}
          {kind === 'msdb' ? (
            <>
              <label htmlFor={`${ids}-mf`}>Folder under MSDB</label>
              <input id={`${ids}-mf`} list={`${ids}-mf-list`} value={msdbFolder} placeholder="(MSDB root)" onChange={(e) => set(setMsdbFolder)(e.target.value)} />
              <datalist id={`${ids}-mf-list`}>
                {msdbFolders.map((f) => (
                  <option key={f} value={f} />
                ))}
              </datalist>
            </>
          ) : null}
          {kind === 'file' ? (
            <>
              <label htmlFor={`${ids}-fp`}>Folder on the server</label>
              <input id={`${ids}-fp`} value={filePath} placeholder="D:\SSIS\Packages" onChange={(e) => set(setFilePath)(e.target.value)} />
              <label htmlFor={`${ids}-ct`}>Copy through (optional)</label>
              <input
                id={`${ids}-ct`}
                value={copyTo}
                placeholder="\\server\share or a mounted folder"
                aria-describedby={`${ids}-ct-hint`}
                onChange={(e) => set(setCopyTo)(e.target.value)}
              />
              <span />
              <p id={`${ids}-ct-hint`} className="hint">
                The same folder as this computer reaches it; leave empty when the folder above is reachable from here.
              </p>
            </>
          ) : null}
        </div>
      </fieldset>
      <fieldset className="form-section">
        <legend>SQL Server Agent job</legend>
        <label className="check">
          <input type="checkbox" checked={createJob} onChange={(e) => set(setCreateJob)(e.target.checked)} />
          Create the job (no schedule: the parent package starts it)
        </label>
        <div className="form-grid">
          <label htmlFor={`${ids}-jn`}>Job name</label>
          {single ? (
            <input id={`${ids}-jn`} value={jobName} disabled={!createJob} maxLength={128} onChange={(e) => set(setJobName)(e.target.value)} />
          ) : (
            <output id={`${ids}-jn`} className="hint">
              {jobNames.join('; ')}
            </output>
          )}
          <label htmlFor={`${ids}-jd`}>Description</label>
          <input id={`${ids}-jd`} value={description} disabled={!createJob} onChange={(e) => set(setDescription)(e.target.value)} />
          <label htmlFor={`${ids}-jo`}>Owner</label>
          <input id={`${ids}-jo`} value={owner} disabled={!createJob} placeholder="(the login connecting)" onChange={(e) => set(setOwner)(e.target.value)} />
          <label htmlFor={`${ids}-ra`}>Run as</label>
          <select id={`${ids}-ra`} value={proxy} disabled={!createJob} onChange={(e) => set(setProxy)(e.target.value)}>
            <option value="">{SERVICE_ACCOUNT}</option>
            {proxies.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
            {proxy && !proxies.includes(proxy) ? <option value={proxy}>{proxy}</option> : null}
          </select>
          {proxyState === 'error' ? (
            <>
              <span />
              <p className="hint">{`Proxies could not be listed: ${browsed?.proxies?.state === 'error' ? browsed.proxies.error.message : ''}`}</p>
            </>
          ) : null}
          <span />
          <label className="check">
            <input type="checkbox" checked={use32bit} disabled={!createJob} onChange={(e) => set(setUse32bit)(e.target.checked)} />
            32-bit runtime
          </label>
        </div>
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
        Remember these settings for this server
      </label>
      <FieldError message={error} />
    </Dialog>
  );
}
