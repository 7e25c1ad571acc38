/** What every procedure body can reach: options, state, the Agent and the clock. */
import type { AgentRunner } from './agent/runner.js';
import type { CatalogRunner } from './ssisdb/runner.js';
import type { Store } from './state/store.js';
import type { EngineOptions, Outcome } from './types.js';

export interface EngineContext {
  readonly options: EngineOptions;
  readonly serverName: string;
  readonly store: Store;
  readonly agent: AgentRunner;
  readonly catalog: CatalogRunner;
  /** Logins that exist on the instance (sa + configured), lower-case name → roles. */
  readonly logins: ReadonlyMap<string, { readonly name: string; readonly roles: ReadonlySet<string> }>;
  /** Runs T-SQL text (query() forms) as a login, for TSQL job steps. */
  runTsql(login: string, database: string, text: string, signal: AbortSignal): Promise<Outcome>;
  now(): Date;
  log(line: string): void;
}
