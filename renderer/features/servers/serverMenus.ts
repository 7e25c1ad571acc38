/** Context menus of the Servers tree, with SSMS Object Explorer's labels. */
import type { BrowseNode } from '../../../shared/model/server.js';
import type { AppStore } from '../../store/createAppStore.js';
import type { MenuEntry } from '../../components/menu-entry.js';
import { JOB_MENU_ITEMS } from './jobMenuItems.js';
import { proxiesFolderEntries } from '../proxies/proxyMenu.js';
import type { ServerTreeNode } from './serverTreeModel.js';

const sep: MenuEntry = { kind: 'separator' };

export function serverMenu(store: AppStore, node: ServerTreeNode): MenuEntry[] {
  const s = store.getState();
  const id = node.server.id;
  const refresh: MenuEntry = { kind: 'item', label: 'Refresh', shortcut: 'F5', run: () => void s.refreshServer(id, node.browse ?? parentBrowse(node)) };
  switch (node.kind) {
    case 'server': {
      const connected = s.connections[id]?.state === 'loaded';
      return [
        { kind: 'item', label: 'Connect', disabled: s.connections[id]?.state === 'loading', run: () => void s.connectServer(id) },
        { kind: 'item', label: 'Refresh', shortcut: 'F5', disabled: !connected, run: () => void s.refreshServer(id) },
        sep,
        { kind: 'item', label: 'Edit Server...', run: () => s.openServerDialog({ kind: 'edit', server: node.server }) },
        { kind: 'item', label: 'Remove', shortcut: 'Del', run: () => s.openServerDialog({ kind: 'remove', server: node.server }) },
        sep,
        { kind: 'item', label: 'Properties', run: () => s.openServerDialog({ kind: 'properties', server: node.server }) },
      ];
    }
    case 'job': {
      const job = node.job;
      if (!job) return [refresh];
      const ctx = { store, server: node.server, job, refreshJobs: () => void store.getState().refreshServer(id, 'jobs') };
      const extra = JOB_MENU_ITEMS.flatMap((provide) => provide(ctx));
      return [
        ...(extra.length ? [...extra, sep] : []),
        refresh,
        { kind: 'item', label: 'Properties', run: () => s.openServerDialog({ kind: 'jobProperties', server: node.server, job }) },
      ];
    }
    case 'msdbPackage':
    case 'msdbFolder':
    case 'catalogProject':
    case 'catalogFolder': {
      const object = node.object;
      if (!object) return [refresh];
      const exportEntry: MenuEntry | null =
        object.kind === 'msdbPackage'
          ? { kind: 'item', label: 'Export Package...', run: () => s.openServerDialog({ kind: 'exportStoredPackage', server: node.server, pkg: object.pkg }) }
          : object.kind === 'catalogProject'
            ? { kind: 'item', label: 'Export...', run: () => s.openServerDialog({ kind: 'exportCatalogProject', server: node.server, project: object.project }) }
            : null;
      return [
        ...(exportEntry ? [exportEntry, sep] : []),
        { kind: 'item', label: 'Delete', shortcut: 'Del', run: () => s.openServerDialog({ kind: 'deleteObject', server: node.server, object }) },
        sep,
        refresh,
      ];
    }
    case 'catalogPackage': {
      const pkg = node.catalogPackage;
      if (!pkg) return [refresh];
      const target = { serverId: id, serverName: node.server.displayName, folder: pkg.folder, project: pkg.project, packageName: pkg.packageName };
      return [
        // SSISDB runs entry points only (27146), so Execute... is offered for them alone.
        { kind: 'item', label: 'Execute...', disabled: !pkg.entryPoint, run: () => s.openJobDialog({ kind: 'executeCatalog', target }) },
        sep,
        refresh,
      ];
    }
    case 'proxies':
    case 'proxySsis':
    case 'proxy':
      return [...proxiesFolderEntries(store, id, node.server.displayName), sep, refresh];
    case 'message':
      return [];
    default:
      return [refresh];
  }
}

/** The browse that lists a node inside a browsed node; undefined (refresh everything) for the fixed folders. */
function parentBrowse(node: ServerTreeNode): BrowseNode | undefined {
  if (node.kind.startsWith('catalog')) return 'catalog';
  if (node.kind.startsWith('msdb')) return 'msdb';
  if (node.kind === 'job') return 'jobs';
  if (node.kind === 'proxy') return 'proxies';
  return undefined;
}
