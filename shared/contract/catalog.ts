/**
 * Request channels for running packages in the SSIS catalog of a registered server (SSMS's Execute... on an
 * SSISDB package). 'catalog:execute' creates and starts the execution and answers its id; the run's status and
 * messages are read with 'catalog:execution' until it has finished; 'catalog:stop' stops it.
 */
import type { CatalogExecution } from '../model/catalog-run.js';
import type { ArgRules } from './rules.js';

export interface CatalogExecuteArgs {
  serverId: string;
  folder: string;
  project: string;
  packageName: string;
  use32bit: boolean;
}

export interface CatalogChannels {
  'catalog:execute': [CatalogExecuteArgs, { executionId: number }];
  'catalog:execution': [{ serverId: string; executionId: number }, CatalogExecution];
  /** Stop (catalog.stop_operation): the run then ends as Canceled; SSISDB refuses one that is not running (27124). */
  'catalog:stop': [{ serverId: string; executionId: number }, { message: string }];
}

export const CATALOG_RULES: { readonly [C in keyof CatalogChannels]: ArgRules<CatalogChannels[C][0]> } = {
  'catalog:execute': { serverId: 'string', folder: 'string', project: 'string', packageName: 'string', use32bit: 'boolean' },
  'catalog:execution': { serverId: 'string', executionId: 'integer' },
  'catalog:stop': { serverId: 'string', executionId: 'integer' },
};
