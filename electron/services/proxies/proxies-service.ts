/**
 * Agent proxies for SSIS on a registered server: New Proxy (credential, proxy, SSIS grant, logins in one
 * transaction) and the list the deploy dialog's "Run as" offers. Every method answers a Result.
 */
import type sql from 'mssql';
import type { ProxyCreated, SsisProxyList } from '../../../shared/contract/proxies.js';
import type { ServerRegistration } from '../../../shared/model/server.js';
import { AppFailure, resultOf, type Result } from '../../../shared/result.js';
import { endpointOf } from '../servers/connection-config.js';
import { toServerError } from '../servers/sql-errors.js';
import { createProxy, StepError, type NewProxy, type ProxyStep } from './create-proxy.js';
import { ssisProxies } from './list-proxies.js';

/** What the service needs of ServersService. */
export interface PoolSource {
  poolFor(id: string): Promise<{ registration: ServerRegistration; pool: sql.ConnectionPool }>;
}

const STEP_WORDS: Readonly<Record<ProxyStep, string>> = {
  credential: 'creating the credential',
  proxy: 'creating the proxy (msdb.dbo.sp_add_proxy)',
  subsystem: 'granting the proxy to SSIS (msdb.dbo.sp_grant_proxy_to_subsystem)',
  login: 'granting a login the proxy (msdb.dbo.sp_grant_login_to_proxy)',
};

export class ProxiesService {
  constructor(private readonly servers: PoolSource) {}

  create(serverId: string, proxy: NewProxy): Promise<Result<ProxyCreated>> {
    return resultOf(async () => {
      const { registration, pool } = await this.servers.poolFor(serverId);
      try {
        const { proxyId, messages } = await createProxy(pool, proxy);
        return { server: registration.displayName, proxyId, name: proxy.name.trim(), messages };
      } catch (e) {
        if (e instanceof AppFailure) throw e;
        const step = e instanceof StepError ? e.step : 'credential';
        const err = toServerError(e instanceof StepError ? e.original : e, {
          server: registration.displayName,
          endpoint: endpointOf(registration),
          encrypt: registration.encrypt,
          // The proxy's secret must never come back in a message.
          password: proxy.secret,
        });
        throw new AppFailure(err.code, `${err.message} — while ${STEP_WORDS[step]}. Nothing was created.`, { ...err.details, serverId, step });
      }
    });
  }

  /** Proxies granted to SSIS that `login` (default: the login the app connects with) may use. */
  listForSsis(serverId: string, login: string | null = null): Promise<Result<SsisProxyList>> {
    return resultOf(async () => {
      const { registration, pool } = await this.servers.poolFor(serverId);
      try {
        const r = await ssisProxies(pool, login);
        return { server: registration.displayName, login: r.login, proxies: r.proxies };
      } catch (e) {
        const err = toServerError(e, { server: registration.displayName, endpoint: endpointOf(registration), encrypt: registration.encrypt });
        throw new AppFailure(err.code, err.message, { ...err.details, serverId });
      }
    });
  }

}
