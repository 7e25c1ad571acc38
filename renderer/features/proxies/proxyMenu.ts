/** Servers pane: "New Proxy..." on a server's Proxies folder (SQL Server Agent → Proxies). */
import type { AppStore } from '../../store/createAppStore.js';
import type { MenuEntry } from '../../components/menu-entry.js';

export function proxiesFolderEntries(store: AppStore, serverId: string, serverName: string): MenuEntry[] {
  return [{ kind: 'item', label: 'New Proxy...', run: () => store.getState().openNewProxyDialog(serverId, serverName) }];
}
