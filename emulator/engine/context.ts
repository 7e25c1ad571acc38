/** What every procedure body can reach: options, state, the Agent and the clock. */
import type { AgentRunner } from './agent/runner.js';
import type { CatalogRunner } from './ssisdb/runner.js';
import type { Store } from './state/store.js';
import type { EngineOptions, Outcome } from './types.js';

export interface IssuedLogin {
  readonly user: string;
  readonly password: string;
  release(): void;
}

export interface EngineContext {
  readonly options: EngineOptions;
  readonly serverName: string;
  readonly store: Store;
  readonly agent: AgentRunner;
  readonly catalog: CatalogRunner;
  /** Logins that exist on the instance (sa + configured), lower-case name → roles. */
  readonly logins: ReadonlyMap<string, { readonly name: string; readonly roles: ReadonlySet<string> }>;
  /** "host,port" of this instance's listener (null until it listens, or without one). */
  address(): string | null;
  /**
   * A login that exists until release(), with a random password: what a step's process (or a catalog run)
   * connects back with, standing in for the Windows identity SQL Server would run it as.
   */
  issueLogin(name: string, roles: ReadonlySet<string>): IssuedLogin;
  /** Runs T-SQL text (query() forms) as a login, for TSQL job steps. */
  runTsql(login: string, database: string, text: string, signal: AbortSignal): Promise<Outcome>;
  now(): Date;
  log(line: string): void;
}
