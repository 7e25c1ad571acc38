/**
 * The Servers pane's state and every call to the 'servers:*' channels: the registrations, a connection test
 * per server (its info or why it failed), and the browse results of each expanded node. Every call is async
 * and per server, so a server that is down only marks its own node; the rest of the app goes on.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { RequestArgs, RequestChannel, Transport } from '../../shared/contract/channels.js';
import type { ExportPackageResult } from '../../shared/contract/build.js';
import type { ServerDraftArgs } from '../../shared/contract/servers.js';
import type { AgentJob, BrowseNode, BrowseResult, CatalogProjectRef, MsdbPackage, ServerInfo, ServerList, ServerListEntry } from '../../shared/model/server.js';
import type { AppError, Result } from '../../shared/result.js';
import type { AppState } from './types.js';
import { invokeSafely } from './invoke-safely.js';

/** Something being fetched: not yet asked (absent), in flight, answered or failed. */
export type Load<T> = { readonly state: 'loading' } | { readonly state: 'loaded'; readonly value: T } | { readonly state: 'error'; readonly error: AppError };

export type ServerDialogState =
  | { readonly kind: 'add' }
  | { readonly kind: 'edit'; readonly server: ServerListEntry }
  | { readonly kind: 'password'; readonly server: ServerListEntry; readonly reason: string }
  | { readonly kind: 'properties'; readonly server: ServerListEntry }
  | { readonly kind: 'remove'; readonly server: ServerListEntry }
  | { readonly kind: 'jobProperties'; readonly server: ServerListEntry; readonly job: AgentJob }
  | { readonly kind: 'exportStoredPackage'; readonly server: ServerListEntry; readonly pkg: MsdbPackage }
  | { readonly kind: 'exportCatalogProject'; readonly server: ServerListEntry; readonly project: CatalogProjectRef }
  | { readonly kind: 'deleteObject'; readonly server: ServerListEntry; readonly object: ServerObject };

/** What Delete removes from a server (SSMS's Delete Object); a folder must be empty. */
export type ServerObject =
  | { readonly kind: 'msdbPackage'; readonly pkg: MsdbPackage }
  | { readonly kind: 'msdbFolder'; readonly folderId: string; readonly name: string }
  | { readonly kind: 'catalogProject'; readonly project: CatalogProjectRef }
  | { readonly kind: 'catalogFolder'; readonly folder: string };

/** The Output source where the Servers pane's Export and Delete report. */
const SERVERS_OUTPUT = 'Servers';

export interface ServersSlice {
  servers: readonly ServerListEntry[];
  secretStore: ServerList['secretStore'] | null;
  /** Per server id: the last Connect / Test Connection. */
  connections: Readonly<Record<string, Load<ServerInfo>>>;
  /** Per server id and browse node. */
  browsed: Readonly<Record<string, Partial<Record<BrowseNode, Load<BrowseResult>>>>>;
  /** Expanded nodes of the Servers tree, by node id. */
  serverTreeOpen: Readonly<Record<string, boolean>>;
  serverDialog: ServerDialogState | null;

  /** Reads the list, then connects to every server in the background. */
  loadServers(): Promise<void>;
  /** Returns the error for the dialog, or null when added (the new server is then connected). */
  addServer(draft: ServerDraftArgs): Promise<AppError | null>;
  updateServer(id: string, draft: ServerDraftArgs): Promise<AppError | null>;
  removeServer(id: string): Promise<void>;
  testDraft(draft: ServerDraftArgs): Promise<Result<ServerInfo>>;
  /** Connect (or reconnect): servers:test; a missing password opens the password prompt. */
  connectServer(id: string): Promise<void>;
  setServerPassword(id: string, password: string): Promise<AppError | null>;
  browseServer(id: string, node: BrowseNode): Promise<void>;
  /** Refresh: reconnects and re-reads every node that was read before. */
  refreshServer(id: string, only?: BrowseNode): Promise<void>;
  setServerTreeOpen(nodeId: string, open: boolean): void;
  /** Stored Packages → a package → Export Package...: the problem for the dialog, or null once written. */
  exportStoredPackage(serverId: string, pkg: MsdbPackage, targetPath: string, overwrite: boolean): Promise<AppError | null>;
  /** SSISDB → a project → Export...: the problem for the dialog, or null once the .ispac is written. */
  exportCatalogProject(serverId: string, project: CatalogProjectRef, targetPath: string, overwrite: boolean): Promise<AppError | null>;
  /** Delete (after the dialog asked), then the msdb or catalog node is read again. */
  deleteServerObject(serverId: string, object: ServerObject): Promise<void>;
  openServerDialog(dialog: ServerDialogState): void;
  closeServerDialog(): void;
}

export function createServersSlice(transport: Transport): StateCreator<AppState, [], [], ServersSlice> {
  return (set, get) => {
    /** Calls a channel; never throws. */
    const call = <C extends RequestChannel>(channel: C, args: RequestArgs<C>) => invokeSafely(transport, channel, args);

    function applyList(list: ServerList): void {
      const ids = new Set(list.servers.map((s) => s.id));
      const keep = <T>(m: Readonly<Record<string, T>>) => Object.fromEntries(Object.entries(m).filter(([id]) => ids.has(id)));
      set((s) => ({ servers: list.servers, secretStore: list.secretStore, connections: keep(s.connections), browsed: keep(s.browsed) }));
    }

    function setConnection(id: string, load: Load<ServerInfo>): void {
      set((s) => ({ connections: { ...s.connections, [id]: load } }));
    }

    function deleteCall(serverId: string, o: ServerObject) {
      switch (o.kind) {
        case 'msdbPackage':
          return call('servers:deleteStoredPackage', { serverId, folderId: o.pkg.folderId, name: o.pkg.name });
        case 'msdbFolder':
          return call('servers:deleteStoredFolder', { serverId, folderId: o.folderId, name: o.name });
        case 'catalogProject':
          return call('servers:deleteCatalogProject', { serverId, ...o.project });
        case 'catalogFolder':
          return call('servers:deleteCatalogFolder', { serverId, folder: o.folder });
      }
    }

    /** An Export's answer: the problem for its dialog, or null once written (said in Output, dialog closed). */
    function exported(r: Result<ExportPackageResult>, what: string): AppError | null {
      if (!r.ok) return r.error;
      get().append(SERVERS_OUTPUT, `Exported ${what} to '${r.value.path}' (${r.value.bytes} bytes).`);
      set({ serverDialog: null });
      return null;
    }

    function setBrowsed(id: string, node: BrowseNode, load: Load<BrowseResult>): void {
      set((s) => ({ browsed: { ...s.browsed, [id]: { ...s.browsed[id], [node]: load } } }));
    }

    return {
      servers: [],
      secretStore: null,
      connections: {},
      browsed: {},
      serverTreeOpen: {},
      serverDialog: null,

      async loadServers() {
        const r = await call('servers:list', {});
        if (!r.ok) {
          get().reportError(r.error);
          return;
        }
        applyList(r.value);
        await Promise.all(r.value.servers.map((s) => get().connectServer(s.id)));
      },
      async addServer(draft) {
        const r = await call('servers:add', draft);
        if (!r.ok) return r.error;
        const list = await call('servers:list', {});
        if (list.ok) applyList(list.value);
        set((s) => ({ serverTreeOpen: { ...s.serverTreeOpen, [`server:${r.value.id}`]: true } }));
        void get().connectServer(r.value.id);
        return null;
      },
      async updateServer(id, draft) {
        const r = await call('servers:update', { ...draft, id });
        if (!r.ok) return r.error;
        const list = await call('servers:list', {});
        if (list.ok) applyList(list.value);
        void get().refreshServer(id);
        return null;
      },
      async removeServer(id) {
        const r = await call('servers:remove', { serverId: id });
        if (r.ok) applyList(r.value);
        else get().reportError(r.error);
      },
      testDraft(draft) {
        return call('servers:testDraft', draft);
      },
      async connectServer(id) {
        setConnection(id, { state: 'loading' });
        const r = await call('servers:test', { serverId: id });
        setConnection(id, r.ok ? { state: 'loaded', value: r.value } : { state: 'error', error: r.error });
        if (!r.ok && r.error.details?.needsPassword === true) {
          const server = get().servers.find((s) => s.id === id);
          if (server && get().serverDialog === null) set({ serverDialog: { kind: 'password', server, reason: r.error.message } });
        }
      },
      async setServerPassword(id, password) {
        const r = await call('servers:setPassword', { serverId: id, password });
        if (!r.ok) return r.error;
        applyList(r.value);
        void get().refreshServer(id);
        return null;
      },
      async browseServer(id, node) {
        setBrowsed(id, node, { state: 'loading' });
        const r = await call('servers:browse', { serverId: id, node });
        setBrowsed(id, node, r.ok ? { state: 'loaded', value: r.value } : { state: 'error', error: r.error });
      },
      async refreshServer(id, only) {
        const read = only ? [only] : (Object.keys(get().browsed[id] ?? {}) as BrowseNode[]);
        if (!only) await get().connectServer(id);
        if (get().connections[id]?.state === 'error') return;
        await Promise.all(read.map((node) => get().browseServer(id, node)));
      },
      setServerTreeOpen(nodeId, open) {
        set((s) => ({ serverTreeOpen: { ...s.serverTreeOpen, [nodeId]: open } }));
      },
      async exportStoredPackage(serverId, pkg, targetPath, overwrite) {
        return exported(await call('servers:exportStoredPackage', { serverId, folderId: pkg.folderId, name: pkg.name, targetPath, overwrite }), `${pkg.name} from msdb`);
      },
      async exportCatalogProject(serverId, project, targetPath, overwrite) {
        return exported(await call('servers:exportCatalogProject', { serverId, ...project, targetPath, overwrite }), `the project ${project.project} from SSISDB`);
      },
      async deleteServerObject(serverId, object) {
        const r = await deleteCall(serverId, object);
        if (!r.ok) return get().reportError(r.error);
        get().append(SERVERS_OUTPUT, r.value.message);
        await get().browseServer(serverId, object.kind === 'msdbPackage' || object.kind === 'msdbFolder' ? 'msdb' : 'catalog');
      },
      openServerDialog(serverDialog) {
        set({ serverDialog });
      },
      closeServerDialog() {
        set({ serverDialog: null });
      },
    };
  };
}
