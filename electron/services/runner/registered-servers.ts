/**
 * Lets runs in the app connect with the logins of registered servers: a connection manager whose Data Source
 * names a registered server (its display name, its host with the same port, or a local emulator's instance
 * name) uses that registration's pool. A Data Source naming this machine (localhost, (local), ".") uses the
 * local emulator `npm start` registered, when there is one — it stands in for the local default instance.
 */
import type sql from 'mssql';
import type { ServerListEntry } from '../../../shared/model/server.js';
import type { ServersService } from '../servers/index.js';
import type { ServerResolver, SqlEndpoint } from './sql-connection.js';

const LOCAL_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

function emulatorName(displayName: string): string {
  return displayName.replace(/\s*\(local emulator\)\s*$/i, '');
}

export function matchRegistration(servers: readonly ServerListEntry[], e: SqlEndpoint): ServerListEntry | null {
  const host = e.host.toLowerCase();
  const full = e.dataSource.trim().toLowerCase();
  const byName = servers.find((s) => s.displayName.toLowerCase() === full || emulatorName(s.displayName).toLowerCase() === full);
  if (byName) return byName;
  const byHost = servers.find((s) => s.host.toLowerCase() === host && (e.port === null ? s.port === null || s.port === 1433 : s.port === e.port));
  if (byHost) return byHost;
  if (LOCAL_NAMES.has(host) && e.port === null && !e.instance) return servers.find((s) => s.localEmulator) ?? null;
  return null;
}

export function registeredServerResolver(servers: ServersService): ServerResolver {
  return async (endpoint): Promise<sql.ConnectionPool | null> => {
    const list = await servers.list();
    if (!list.ok) return null;
    const reg = matchRegistration(list.value.servers, endpoint);
    if (!reg) return null;
    return (await servers.poolFor(reg.id)).pool;
  };
}
