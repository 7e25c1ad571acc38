/**
 * Request channels of SQL Server Agent proxies (electron/services/proxies): Servers pane → Proxies → New
 * Proxy..., and the proxies the deploy dialog's "Run as" offers. `secret` travels only from the dialog to the
 * Node side and on to the server; no response carries it and nothing stores it.
 */
import type { ArgRules } from './rules.js';

export interface NewProxyArgs {
  serverId: string;
  name: string;
  /** null: the credential gets the proxy's name. */
  credentialName: string | null;
  /** Windows account, DOMAIN\user. */
  identity: string;
  secret: string;
  description: string | null;
  /** Logins allowed to use the proxy (job owners that are not sysadmin). */
  logins: string[];
}

export interface ProxyCreated {
  readonly server: string;
  readonly proxyId: number;
  readonly name: string;
  /** Informational messages SQL Server sent (e.g. 14395 for a sysadmin login, which needs no grant). */
  readonly messages: readonly string[];
}

export interface SsisProxy {
  readonly proxyId: number;
  readonly name: string;
  readonly enabled: boolean;
  readonly description: string | null;
  /** Shown to sysadmin only. */
  readonly credentialIdentity: string | null;
}

export interface SsisProxyList {
  readonly server: string;
  /** The login the list is for (the job owner). */
  readonly login: string;
  readonly proxies: readonly SsisProxy[];
}

export interface ProxyChannels {
  'proxies:create': [NewProxyArgs, ProxyCreated];
  /** Proxies granted to SSIS that `login` may use; login null = the login the app connects with. */
  'proxies:listSsis': [{ serverId: string; login: string | null }, SsisProxyList];
}

export const PROXY_RULES: { readonly [C in keyof ProxyChannels]: ArgRules<ProxyChannels[C][0]> } = {
  'proxies:create': {
    serverId: 'string',
    name: 'string',
    credentialName: 'string|null',
    identity: 'string',
    secret: 'string',
    description: 'string|null',
    logins: { arrayOf: 'string', max: 100 },
  },
  'proxies:listSsis': { serverId: 'string', login: 'string|null' },
};
