/** 'preflight:*' → electron/services/preflight; 'proxies:*' → electron/services/proxies. The proxy secret is passed through, never kept. */
import type { Handlers } from '../../shared/contract/channels.js';
import type { PreflightChannels } from '../../shared/contract/preflight.js';
import type { ProxyChannels } from '../../shared/contract/proxies.js';
import type { PreflightService } from '../services/preflight/index.js';
import type { ProxiesService } from '../services/proxies/index.js';

export function preflightHandlers(preflight: PreflightService, proxies: ProxiesService): Pick<Handlers, keyof PreflightChannels | keyof ProxyChannels> {
  return {
    'preflight:check': ({ projectPath }) => preflight.check(projectPath),
    'preflight:drift': ({ projectPath }) => preflight.drift(projectPath),
    'preflight:topology': ({ projectPath }) => preflight.topology(projectPath),
    'preflight:wire': (args) => preflight.wire(args),
    'proxies:create': ({ serverId, ...proxy }) => proxies.create(serverId, proxy),
    'proxies:listSsis': ({ serverId, login }) => proxies.listForSsis(serverId, login),
  };
}
