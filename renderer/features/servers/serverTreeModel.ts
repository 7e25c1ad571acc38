/**
 * The Servers pane's tree, as SSMS Object Explorer shows it, from the servers slice: server → Integration
 * Services Catalogs → SSISDB → folders → projects → packages; Stored Packages → MSDB → folders → packages;
 * SQL Server Agent → Jobs, Proxies → SSIS Package Execution. Pure, so labels and structure are tested without
 * a DOM. Nodes whose content comes from the server say which browse fills them (`browse`) and show a
 * "Loading..." or error child until it answered.
 */
import type { AgentJob, AgentProxy, BrowseNode, BrowseResult, CatalogTree, MsdbFolder, ServerListEntry } from '../../../shared/model/server.js';
import type { ServerObject } from '../../store/serversSlice.js';
import type { Load, ServersSlice } from '../../store/serversSlice.js';

export type ServerNodeKind =
  | 'server'
  | 'catalogs'
  | 'ssisdb'
  | 'catalogFolder'
  | 'catalogProject'
  | 'catalogPackage'
  | 'storedPackages'
  | 'msdb'
  | 'msdbFolder'
  | 'msdbPackage'
  | 'agent'
  | 'jobs'
  | 'job'
  | 'proxies'
  | 'proxySsis'
  | 'proxy'
  | 'message';

/** Where a package dropped on a node goes (the deploy dialog starts from it). */
export type DropHint = { readonly kind: 'catalog'; readonly folder: string | null; readonly project: string | null } | { readonly kind: 'msdb'; readonly folder: string };

export interface ServerTreeNode {
  readonly id: string;
  readonly label: string;
  readonly kind: ServerNodeKind;
  readonly server: ServerListEntry;
  /** Text after the label ("(SQL Server 16.0 - sa)", "Idle, Succeeded"). */
  readonly detail?: string;
  readonly error?: string;
  readonly busy?: boolean;
  /** The browse that fills this node's children when it is expanded. */
  readonly browse?: BrowseNode;
  /** Present for containers (possibly empty); absent for leaves. */
  readonly children?: readonly ServerTreeNode[];
  readonly drop?: DropHint | 'server';
  readonly job?: AgentJob;
  readonly proxy?: AgentProxy;
  /** What Delete (and Export...) act on, for the nodes that have them. */
  readonly object?: ServerObject;
  /** A package in the SSIS catalog (Execute... runs the entry points). */
  readonly catalogPackage?: { readonly folder: string; readonly project: string; readonly packageName: string; readonly entryPoint: boolean };
}

export interface ServerRow {
  readonly node: ServerTreeNode;
  readonly level: number;
  readonly posInSet: number;
  readonly setSize: number;
  readonly open: boolean;
}

const JOB_STATUS: Record<AgentJob['currentStatus'], string> = {
  executing: 'Executing',
  'waiting-for-thread': 'Waiting for thread',
  'between-retries': 'Between retries',
  idle: 'Idle',
  suspended: 'Suspended',
  obsolete: 'Obsolete',
  'performing-completion-actions': 'Performing completion actions',
  unknown: 'Unknown',
};

const JOB_OUTCOME: Record<NonNullable<AgentJob['lastOutcome']>, string> = {
  failed: 'Failed',
  succeeded: 'Succeeded',
  retry: 'Retry',
  canceled: 'Canceled',
  'in-progress': 'In progress',
  unknown: 'Unknown',
};

/** SSMS Job Activity Monitor's words: "Idle, last run Succeeded" / "Executing step 1 (Run)". */
export function jobDetail(job: AgentJob): string {
  const status = job.currentStatus === 'executing' && job.currentStep ? `Executing (${job.currentStep})` : JOB_STATUS[job.currentStatus];
  const outcome = job.lastOutcome === null ? 'never run' : `last run ${JOB_OUTCOME[job.lastOutcome]}`;
  return `${job.enabled ? '' : 'Disabled, '}${status}, ${outcome}`;
}

const nid = (server: ServerListEntry, ...rest: string[]) => [`server:${server.id}`, ...rest].join('/');

function message(server: ServerListEntry, parentId: string, label: string, error?: string): ServerTreeNode {
  return { id: `${parentId}/#message`, label, kind: 'message', server, error };
}

/** Children of a node filled by a browse: Loading..., the error, or what `fill` makes of the answer. */
function filled<T extends BrowseResult>(
  server: ServerListEntry,
  parentId: string,
  load: Load<BrowseResult> | undefined,
  fill: (value: T) => ServerTreeNode[],
): ServerTreeNode[] {
  if (!load || load.state === 'loading') return [message(server, parentId, 'Loading...')];
  if (load.state === 'error') return [message(server, parentId, load.error.message, load.error.message)];
  const children = fill(load.value as T);
  return children;
}

function msdbFolderNodes(server: ServerListEntry, folder: MsdbFolder, parentId: string): ServerTreeNode[] {
  const folders = folder.folders.map((f): ServerTreeNode => {
    const id = `${parentId}/f:${f.name}`;
    const object = { kind: 'msdbFolder', folderId: f.folderId, name: f.name } as const;
    return { id, label: f.name, kind: 'msdbFolder', server, drop: { kind: 'msdb', folder: f.path.replace(/^\\/, '') }, object, children: msdbFolderNodes(server, f, id) };
  });
  const packages = folder.packages.map((p): ServerTreeNode => ({ id: `${parentId}/p:${p.name}`, label: p.name, kind: 'msdbPackage', server, detail: `version ${p.version}`, object: { kind: 'msdbPackage', pkg: p } }));
  return [...folders, ...packages];
}

function catalogNodes(server: ServerListEntry, catalog: CatalogTree, parentId: string): ServerTreeNode[] {
  if (!catalog.present) return [message(server, parentId, 'SSISDB has not been created on this server.')];
  if (catalog.detail) return [message(server, parentId, catalog.detail, catalog.detail)];
  return catalog.folders.map((f): ServerTreeNode => {
    const fid = `${parentId}/f:${f.name}`;
    return {
      id: fid,
      label: f.name,
      kind: 'catalogFolder',
      server,
      drop: { kind: 'catalog', folder: f.name, project: null },
      object: { kind: 'catalogFolder', folder: f.name },
      children: f.projects.map((p): ServerTreeNode => {
        const pid = `${fid}/p:${p.name}`;
        return {
          id: pid,
          label: p.name,
          kind: 'catalogProject',
          server,
          drop: { kind: 'catalog', folder: f.name, project: p.name },
          object: { kind: 'catalogProject', project: { folder: f.name, project: p.name } },
          detail: p.lastDeployedTime ? `deployed ${p.lastDeployedTime}` : undefined,
          children: p.packages.map((k): ServerTreeNode => ({
            id: `${pid}/k:${k.name}`,
            label: k.name,
            kind: 'catalogPackage',
            server,
            detail: k.entryPoint ? 'Entry-point' : undefined,
            catalogPackage: { folder: f.name, project: p.name, packageName: k.name, entryPoint: k.entryPoint },
          })),
        };
      }),
    };
  });
}

function serverNode(server: ServerListEntry, s: Pick<ServersSlice, 'connections' | 'browsed'>): ServerTreeNode {
  const id = nid(server);
  const conn = s.connections[server.id];
  const browsed = s.browsed[server.id] ?? {};
  const base = { id, label: server.displayName, kind: 'server' as const, server, drop: 'server' as const };
  if (!conn) return { ...base, detail: '(not connected)', children: [] };
  if (conn.state === 'loading') return { ...base, detail: '(connecting...)', busy: true, children: [] };
  if (conn.state === 'error') return { ...base, detail: '(not connected)', error: conn.error.message, children: [] };
  const info = conn.value;
  const catalogsId = nid(server, 'catalogs');
  const ssisdbId = `${catalogsId}/SSISDB`;
  const storedId = nid(server, 'stored');
  const msdbId = `${storedId}/MSDB`;
  const agentId = nid(server, 'agent');
  const jobsId = `${agentId}/jobs`;
  const proxiesId = `${agentId}/proxies`;
  const ssisProxiesId = `${proxiesId}/ssis`;
  const agentDetail = info.agent === 'running' ? undefined : info.agent === 'stopped' ? '(Agent XPs disabled)' : '(state unknown)';
  return {
    ...base,
    detail: `(SQL Server ${info.productVersion} - ${info.login})`,
    children: [
      {
        id: catalogsId,
        label: 'Integration Services Catalogs',
        kind: 'catalogs',
        server,
        children: [
          {
            id: ssisdbId,
            label: 'SSISDB',
            kind: 'ssisdb',
            server,
            browse: 'catalog',
            drop: { kind: 'catalog', folder: null, project: null },
            children: filled(server, ssisdbId, browsed.catalog, (v) => (v.node === 'catalog' ? catalogNodes(server, v.catalog, ssisdbId) : [])),
          },
        ],
      },
      {
        id: storedId,
        label: 'Stored Packages',
        kind: 'storedPackages',
        server,
        children: [
          {
            id: msdbId,
            label: 'MSDB',
            kind: 'msdb',
            server,
            browse: 'msdb',
            drop: { kind: 'msdb', folder: '' },
            children: filled(server, msdbId, browsed.msdb, (v) => (v.node === 'msdb' ? msdbFolderNodes(server, v.root, msdbId) : [])),
          },
        ],
      },
      {
        id: agentId,
        label: 'SQL Server Agent',
        kind: 'agent',
        server,
        detail: agentDetail,
        children: [
          {
            id: jobsId,
            label: 'Jobs',
            kind: 'jobs',
            server,
            browse: 'jobs',
            children: filled(server, jobsId, browsed.jobs, (v) =>
              v.node === 'jobs' ? v.jobs.map((job): ServerTreeNode => ({ id: `${jobsId}/${job.jobId}`, label: job.name, kind: 'job', server, job, detail: jobDetail(job) })) : [],
            ),
          },
          {
            id: proxiesId,
            label: 'Proxies',
            kind: 'proxies',
            server,
            children: [
              {
                id: ssisProxiesId,
                label: 'SSIS Package Execution',
                kind: 'proxySsis',
                server,
                browse: 'proxies',
                children: filled(server, ssisProxiesId, browsed.proxies, (v) =>
                  v.node === 'proxies'
                    ? ssisProxies(v.proxies).map((proxy): ServerTreeNode => ({
                        id: `${ssisProxiesId}/${proxy.proxyId}`,
                        label: proxy.name,
                        kind: 'proxy',
                        server,
                        proxy,
                        detail: proxy.enabled ? undefined : '(disabled)',
                      }))
                    : [],
                ),
              },
            ],
          },
        ],
      },
    ],
  };
}

/** Proxies granted to the SSIS subsystem (all of them when this login cannot see the grants). */
export function ssisProxies(proxies: readonly AgentProxy[]): AgentProxy[] {
  return proxies.filter((p) => p.subsystems === null || p.subsystems.some((s) => s.toUpperCase() === 'SSIS'));
}

export function buildServerTree(s: Pick<ServersSlice, 'servers' | 'connections' | 'browsed'>): ServerTreeNode[] {
  return s.servers.map((server) => serverNode(server, s));
}

/** The rows a user sees: open nodes' children, depth first, with the ARIA level and position of each. */
export function visibleRows(nodes: readonly ServerTreeNode[], open: Readonly<Record<string, boolean>>, level = 1, out: ServerRow[] = []): ServerRow[] {
  nodes.forEach((node, i) => {
    const isOpen = node.children !== undefined && open[node.id] === true;
    out.push({ node, level, posInSet: i + 1, setSize: nodes.length, open: isOpen });
    if (isOpen && node.children) visibleRows(node.children, open, level + 1, out);
  });
  return out;
}
