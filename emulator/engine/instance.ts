/**
 * The emulated instance: resolves procedure names, binds parameters, checks EXECUTE permission and runs
 * procedures under the write lock with statement-level undo; begin/commit/rollback hold the lock for a
 * session and persist on commit.
 */
import { timingSafeEqual, createHash, randomBytes } from 'node:crypto';
import { AgentRunner } from './agent/runner.js';
import type { EngineContext } from './context.js';
import { bindParams, type Bound } from './core/binding.js';
import { resolveName } from './core/names.js';
import { Reply, type ProcCall, type ProcDef } from './core/procedure.js';
import { executeDenied } from './core/security.js';
import { SqlError } from './core/sql-error.js';
import { runQuery } from './query/dispatch.js';
import { registerProcedures } from './registry.js';
import type { State } from './state/model.js';
import { CatalogRunner } from './ssisdb/runner.js';
import { Store } from './state/store.js';
import type { EngineInstance, EngineOptions, Outcome, ProcParam, Session, SqlMessage, SqlValue, TransactionHandle } from './types.js';

const DATABASES = ['master', 'msdb', 'ssisdb', 'tempdb', 'model'];

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

function errorMessage(e: SqlError): SqlMessage {
  return { number: e.number, severity: e.severity, state: e.state, message: e.message, ...(e.procName ? { procName: e.procName, lineNumber: 1 } : {}) };
}

export class Engine implements EngineInstance {
  readonly serverName: string;
  readonly version = {
    product: '16.0.1000.6',
    major: 16,
    versionString:
      'Microsoft SQL Server 2022 (RTM) - 16.0.1000.6 (X64) \n\tOct  8 2022 05:58:25 \n\tCopyright (C) 2022 Microsoft Corporation\n\tDeveloper Edition (64-bit) on Linux (SQL Server Agent emulator) <X64>',
  };
  private readonly store: Store;
  private readonly agent = new AgentRunner();
  private readonly catalog = new CatalogRunner();
  private readonly procs: Map<string, ProcDef>;
  private readonly ctx: EngineContext;
  private readonly txSnapshots = new Map<number, State>();
  private nextDescriptor = 1n;
  private readonly passwords = new Map<string, string>();
  /** One-time logins of running steps and catalog executions (see EngineContext.issueLogin). */
  private readonly issued = new Map<number, { name: string; roles: ReadonlySet<string>; password: string }>();
  private nextIssued = 1;
  private listenAddress: string | null = null;

  constructor(private readonly options: EngineOptions, extra: readonly ProcDef[]) {
    this.serverName = options.serverName;
    this.store = new Store(options.dataDir);
    this.procs = registerProcedures(extra);
    const logins = new Map<string, { name: string; roles: ReadonlySet<string> }>();
    logins.set('sa', { name: 'sa', roles: new Set(['sysadmin']) });
    this.passwords.set('sa', options.saPassword);
    for (const l of options.logins ?? []) {
      logins.set(l.name.toLowerCase(), { name: l.name, roles: new Set(l.roles) });
      this.passwords.set(l.name.toLowerCase(), l.password);
    }
    this.ctx = {
      options,
      serverName: options.serverName,
      store: this.store,
      agent: this.agent,
      catalog: this.catalog,
      logins,
      runTsql: (login, database, text, signal) => this.runAs(login, database, text, signal),
      address: () => this.listenAddress,
      issueLogin: (name, roles) => {
        const id = this.nextIssued++;
        const password = randomBytes(24).toString('base64url');
        this.issued.set(id, { name, roles, password });
        return { user: name, password, release: () => this.issued.delete(id) };
      },
      now: () => new Date(),
      log: options.log ?? (() => {}),
    };
    this.agent.attach(this.ctx);
    this.catalog.attach(this.ctx);
    this.agent.startService();
  }

  authenticate(login: string, password: string): { login: string; roles: ReadonlySet<string>; windows?: boolean } | null {
    const key = login.toLowerCase();
    const expected = this.passwords.get(key);
    const known = this.ctx.logins.get(key);
    if (expected !== undefined && known && sameSecret(expected, password)) return { login: known.name, roles: known.roles };
    for (const t of this.issued.values()) {
      if (t.name.toLowerCase() === key && sameSecret(t.password, password)) return { login: t.name, roles: t.roles, windows: true };
    }
    return null;
  }

  setListenAddress(host: string, port: number): void {
    this.listenAddress = `${host.includes(':') ? `[${host}]` : host},${port}`;
  }

  private owner(session: Session): number {
    return session.id;
  }

  private inTransaction(session: Session): boolean {
    return session.transaction !== null && this.txSnapshots.has(session.id) && this.store.lock.heldBy(this.owner(session));
  }

  /**
   * Runs `body` under the write lock; a failure undoes this statement's changes. `body` returns whether
   * it changed anything, so reads never rewrite the state file.
   */
  private async locked(session: Session, writes: boolean, signal: AbortSignal, body: () => Promise<boolean>): Promise<void> {
    const inTx = this.inTransaction(session);
    if (!inTx) await this.store.lock.acquire(this.owner(session), signal);
    const snap = writes ? this.store.snapshot() : null;
    try {
      const changed = await body();
      if (changed && !inTx) this.store.persist();
    } catch (e) {
      if (e instanceof SqlError && e.keepChanges) {
        if (writes && !inTx) this.store.persist();
      } else if (snap) this.store.restore(snap);
      throw e;
    } finally {
      if (!inTx) this.store.lock.release(this.owner(session));
    }
  }

  async callProcedure(session: Session, name: string, params: readonly ProcParam[], signal: AbortSignal): Promise<Outcome> {
    const reply = new Reply();
    let bound: Bound | null = null;
    const outputs = (): Record<string, SqlValue> => {
      const out: Record<string, SqlValue> = {};
      for (const o of bound?.outputs ?? []) out[o.key] = reply.outputs.has(o.param) ? reply.outputs.get(o.param)! : (bound!.args.get(o.param) ?? null);
      return out;
    };
    try {
      const def = this.resolve(session, name);
      if (def.allowed && !def.allowed(session)) throw executeDenied(def.name, def.database, def.schema);
      const b = bindParams(def, params);
      bound = b;
      const call: ProcCall = { session, ctx: this.ctx, args: b.args, tables: b.tables, passed: b.passed, procName: def.name, signal, reply };
      await this.locked(session, def.writes, signal, async () => {
        await def.run(call);
        return def.writes;
      });
      // Waiting inside an open transaction would deadlock (the run needs the lock to record its end).
      if (reply.after && !this.inTransaction(session)) await reply.after();
      return { resultSets: reply.resultSets, messages: reply.messages, returnStatus: reply.returnStatus, outputs: outputs() };
    } catch (e) {
      if (!(e instanceof SqlError)) throw e;
      const kept = e.keepChanges ? outputs() : {};
      return { resultSets: reply.resultSets, messages: [...reply.messages, errorMessage(e)], returnStatus: 1, outputs: kept };
    }
  }

  /** A procedure called from a statement already running under the lock. */
  private async runInside(session: Session, name: string, params: readonly ProcParam[], signal: AbortSignal, reply: Reply): Promise<void> {
    const def = this.resolve(session, name);
    if (def.allowed && !def.allowed(session)) throw executeDenied(def.name, def.database, def.schema);
    const b = bindParams(def, params);
    await def.run({ session, ctx: this.ctx, args: b.args, tables: b.tables, passed: b.passed, procName: def.name, signal, reply });
  }

  private resolve(session: Session, text: string): ProcDef {
    const n = resolveName(text, session.database);
    const display = (n?.display ?? text).replace(/[[\]]/g, '');
    const notFound = () => new SqlError(2812, `Could not find stored procedure '${display}'.`, 16, 62);
    if (!n) throw notFound();
    if (n.server !== null && n.server.toLowerCase() !== this.serverName.toLowerCase()) {
      throw new SqlError(7202, `Could not find server '${n.server}' in sys.servers. Verify that the correct server name was specified. If necessary, execute the stored procedure sp_addlinkedserver to add the server to sys.servers.`, 16, 1);
    }
    if (!DATABASES.includes(n.database.toLowerCase())) throw new SqlError(911, `Database '${n.database}' does not exist. Make sure that the name is entered correctly.`, 16, 1);
    const def = this.procs.get(`${n.database}.${n.schema}.${n.name}`.toLowerCase());
    if (!def) throw notFound();
    return def;
  }

  async query(session: Session, text: string, params: readonly ProcParam[], signal: AbortSignal): Promise<Outcome> {
    const reply = new Reply();
    try {
      // Only statements that can change state (CREATE/ALTER/DROP, EXEC) pay for a snapshot.
      const mayWrite = /\b(create|alter|drop|exec|execute)\b/i.test(text);
      await this.locked(session, mayWrite, signal, () => runQuery({ session, ctx: this.ctx, text, params, reply, signal, exec: (n, p) => this.runInside(session, n, p, signal, reply) }));
      return { resultSets: reply.resultSets, messages: reply.messages, returnStatus: 0, outputs: Object.fromEntries(reply.outputs), ...(reply.rowCount !== null ? { rowCount: reply.rowCount } : {}) };
    } catch (e) {
      if (!(e instanceof SqlError)) throw e;
      return { resultSets: reply.resultSets, messages: [...reply.messages, errorMessage(e)], returnStatus: 1, outputs: {} };
    }
  }

  private nextInternalSession = -1;

  /** A TSQL job step: the text runs through query() in a session of its own, as the given login. */
  private runAs(login: string, database: string, text: string, signal: AbortSignal): Promise<Outcome> {
    const known = this.ctx.logins.get(login.toLowerCase());
    const session: Session = {
      id: this.nextInternalSession--, serverName: this.serverName, login: known?.name ?? login, roles: known?.roles ?? new Set(),
      isSqlLogin: false, appName: 'SQLAgent - TSQL JobStep', database, transaction: null,
    };
    return this.query(session, text, [], signal);
  }

  async begin(session: Session): Promise<TransactionHandle> {
    if (!this.txSnapshots.has(session.id)) {
      await this.store.lock.acquire(this.owner(session));
      this.txSnapshots.set(session.id, this.store.snapshot());
    }
    return { descriptor: this.nextDescriptor++ };
  }

  async commit(session: Session): Promise<void> {
    if (!this.txSnapshots.has(session.id)) return;
    this.txSnapshots.delete(session.id);
    try {
      this.store.persist();
    } finally {
      this.store.lock.release(this.owner(session));
    }
  }

  async rollback(session: Session): Promise<void> {
    const snap = this.txSnapshots.get(session.id);
    if (!snap) return;
    this.txSnapshots.delete(session.id);
    this.store.restore(snap);
    this.store.lock.release(this.owner(session));
  }

  async close(): Promise<void> {
    await this.agent.close();
    await this.catalog.close();
  }
}
