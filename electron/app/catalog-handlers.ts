/** 'catalog:*' channels → electron/services/jobs/catalog-executions, over the registered servers' pools. */
import type { CatalogChannels } from '../../shared/contract/catalog.js';
import type { Handlers } from '../../shared/contract/channels.js';
import type { CatalogExecutions } from '../services/jobs/index.js';

export function catalogHandlers(executions: CatalogExecutions): Pick<Handlers, keyof CatalogChannels> {
  return {
    'catalog:execute': (args) => executions.execute(args),
    'catalog:execution': ({ serverId, executionId }) => executions.read(serverId, executionId),
    'catalog:stop': ({ serverId, executionId }) => executions.stop(serverId, executionId),
  };
}
