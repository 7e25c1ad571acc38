/**
 * Servers pane → Proxies → New Proxy..., and the proxies usable for SSIS on a server (the deploy dialog's
 * "Run as"). The secret goes from the dialog to proxies:create and is not kept in the store.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { Transport } from '../../../shared/contract/channels.js';
import type { NewProxyArgs, SsisProxyList } from '../../../shared/contract/proxies.js';
import type { AppError, Result } from '../../../shared/result.js';
import type { AppState } from '../../store/types.js';

export interface NewProxyDialogState {
  readonly serverId: string;
  readonly serverName: string;
  /** Runs after the proxy was created (e.g. the preflight checks again). */
  readonly onCreated?: () => void;
}

export interface ProxiesSlice {
  newProxyDialog: NewProxyDialogState | null;
  openNewProxyDialog(serverId: string, serverName: string, onCreated?: () => void): void;
  closeNewProxyDialog(): void;
  /** Returns the error to show in the dialog (SQL Server's, with its number), or null when created. */
  createProxy(args: Omit<NewProxyArgs, 'serverId'>): Promise<AppError | null>;
  /** Proxies granted to SSIS that the job owner (null: the app's login) may use. */
  listSsisProxies(serverId: string, login?: string | null): Promise<Result<SsisProxyList>>;
}

export function createProxiesSlice(transport: Transport): StateCreator<AppState, [], [], ProxiesSlice> {
  return (set, get) => ({
    newProxyDialog: null,

    openNewProxyDialog(serverId, serverName, onCreated) {
      set({ newProxyDialog: { serverId, serverName, onCreated } });
    },

    closeNewProxyDialog() {
      set({ newProxyDialog: null });
    },

    async createProxy(args) {
      const d = get().newProxyDialog;
      if (!d) return null;
      let r: Result<{ name: string; server: string; messages: readonly string[] }>;
      try {
        r = await transport.invoke('proxies:create', { ...args, serverId: d.serverId });
      } catch (e) {
        return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
      }
      if (!r.ok) return r.error;
      get().append('SQL Server Agent', [`${r.value.server}: proxy "${r.value.name}" created and granted to SSIS`, ...r.value.messages.map((m) => `  ${m}`)]);
      set({ newProxyDialog: null });
      // The Servers pane's Proxies folder shows the new proxy.
      void get().refreshServer(d.serverId, 'proxies');
      d.onCreated?.();
      return null;
    },

    async listSsisProxies(serverId, login = null) {
      try {
        return await transport.invoke('proxies:listSsis', { serverId, login });
      } catch (e) {
        return { ok: false, error: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } };
      }
    },
  });
}
