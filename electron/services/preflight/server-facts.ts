/** What the rules need to know about each server: Test Connection's answer and its proxies. */
import type { ServerCheck } from '../../../shared/contract/preflight.js';
import type { BrowseNode, BrowseResult, ServerInfo, ServerList, ServerRegistration } from '../../../shared/model/server.js';
import { readServerInfo } from '../servers/server-info.js';
import { serverFailure } from '../servers/sql-errors.js';
import type { ServerFacts } from '../../../shared/preflight/types.js';
import type { Result } from '../../../shared/result.js';
import type sql from 'mssql';

/** The part of ServersService that preflight uses. */
export interface ServersApi {
  list(): Promise<Result<ServerList>>;
  browse(id: string, node: BrowseNode): Promise<Result<BrowseResult>>;
  poolFor(id: string): Promise<{ registration: ServerRegistration; pool: sql.ConnectionPool }>;
}

export async function registrationsByName(servers: ServersApi): Promise<Map<string, ServerRegistration>> {
  const list = await servers.list();
  if (!list.ok) return new Map();
  return new Map(list.value.servers.map((s) => [s.displayName.toLowerCase(), s]));
}

/**
 * Test Connection's checks on the server's shared pool. (ServersService.test reconnects first, which would cut
 * a deploy running on the same pool; preflight runs next to deploys.)
 */
async function serverInfo(servers: ServersApi, reg: ServerRegistration): Promise<Result<ServerInfo>> {
  try {
    const { pool } = await servers.poolFor(reg.id);
    return { ok: true, value: await readServerInfo(pool) };
  } catch (e) {
    return { ok: false, error: serverFailure(reg, e).toError() };
  }
}

export async function readServerFacts(servers: ServersApi, names: readonly string[]): Promise<{ facts: ServerFacts[]; checks: ServerCheck[] }> {
  const regs = await registrationsByName(servers);
  const unique = [...new Map(names.map((n) => [n.toLowerCase(), n])).values()];
  const results = await Promise.all(
    unique.map(async (name): Promise<{ fact: ServerFacts; check: ServerCheck }> => {
      const reg = regs.get(name.toLowerCase());
      if (!reg) {
        const error = `${name} is not a registered server (add it in the Servers pane).`;
        return { fact: { name, info: null, error, proxies: null }, check: { server: name, serverId: null, reachable: false, error } };
      }
      const info = await serverInfo(servers, reg);
      if (!info.ok) return { fact: { name, info: null, error: info.error.message, proxies: null }, check: { server: name, serverId: reg.id, reachable: false, error: info.error.message } };
      const browsed = await servers.browse(reg.id, 'proxies');
      const proxies =
        browsed.ok && browsed.value.node === 'proxies'
          ? browsed.value.proxies.map((p) => ({ name: p.name, enabled: p.enabled, ssis: p.subsystems === null ? null : p.subsystems.some((s) => s.toUpperCase() === 'SSIS') }))
          : null;
      return { fact: { name, info: info.value, error: null, proxies }, check: { server: name, serverId: reg.id, reachable: true, error: null } };
    }),
  );
  return { facts: results.map((r) => r.fact), checks: results.map((r) => r.check) };
}
