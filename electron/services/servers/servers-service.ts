/**
 * Registered SQL Servers: the list (a JSON file in the user-data folder, no secrets), their passwords (a
 * SecretStore), one mssql connection pool per server (reused; closed on update, remove and close()), Test
 * Connection and the Object Explorer reads. Every public method answers a Result and never throws.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import sql from 'mssql';
import type { BrowseNode, BrowseResult, CatalogProjectRef, JobHistoryRow, ServerDraft, ServerInfo, ServerList, ServerRegistration } from '../../../shared/model/server.js';
import { AppFailure, resultOf, type Result } from '../../../shared/result.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { browseJobs, browseProxies, jobHistory } from './browse-agent.js';
import { browseCatalog } from './browse-catalog.js';
import { browseMsdb } from './browse-msdb.js';
import { connectionConfig, DEFAULT_TIMEOUTS, endpointOf, type ConnectionTimeouts } from './connection-config.js';
import { readRegistrations, writeRegistrations } from './registrations-file.js';
import { deleteCatalogFolder, deleteCatalogProject, readCatalogProject } from './catalog-objects.js';
import { readServerInfo } from './server-info.js';
import { deleteStoredFolder, deleteStoredPackage, readStoredPackage, type MsdbObjectRef } from './stored-packages.js';
import { toServerError } from './sql-errors.js';
import { validateDraft } from './validate-draft.js';

export interface ServersServiceOptions {
  /** The app's user-data folder; the list is kept in <userDataDir>/servers.json. */
  readonly userDataDir: string;
  readonly secrets: SecretStore;
  readonly timeouts?: Partial<ConnectionTimeouts>;
  readonly log?: (line: string) => void;
}

interface PoolEntry {
  readonly fingerprint: string;
  readonly pool: sql.ConnectionPool;
  readonly ready: Promise<sql.ConnectionPool>;
  loginErrorNumber: number | null;
}

const GUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

const secretKey = (id: string) => `server:${id}`;

/** A local emulated SQL Server registered for this session only (see registerLocalEmulator). */
export interface LocalEmulatorEndpoint {
  /** The emulator's @@SERVERNAME, e.g. SRV1. */
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

interface SessionServer {
  readonly registration: ServerRegistration;
  /** Held in memory only: never in servers.json nor in the secret store. */
  readonly password: string;
}

export class ServersService {
  private readonly file: string;
  private readonly timeouts: ConnectionTimeouts;
  private readonly pools = new Map<string, PoolEntry>();
  /** Local emulators of this session, by id; listed after the saved servers. */
  private readonly session = new Map<string, SessionServer>();
  /** Serialises changes to the list so two quick edits never lose one another. */
  private writes: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly opts: ServersServiceOptions) {
    this.file = join(opts.userDataDir, 'servers.json');
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  }

  get registrationsFile(): string {
    return this.file;
  }

  list(): Promise<Result<ServerList>> {
    return resultOf(() => this.listNow());
  }

  /**
   * Registers a local emulated SQL Server for this session: listed with `localEmulator: true` and a name that
   * says so, never written to servers.json, its sa password kept in memory. The id is stable across starts
   * (`local-emulator-<name>`), so whatever refers to it (deploy assignments) still matches next time.
   */
  registerLocalEmulator(endpoint: LocalEmulatorEndpoint, password: string): Promise<Result<ServerRegistration>> {
    return resultOf(async () => {
      const id = `local-emulator-${endpoint.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
      const draft = validateDraft({
        displayName: `${endpoint.name} (local emulator)`,
        host: endpoint.host,
        port: endpoint.port,
        authentication: 'sql',
        userName: 'sa',
        // The emulator's certificate is self-signed and the connection never leaves this machine.
        encrypt: 'optional',
        trustServerCertificate: true,
        certificatePem: null,
      });
      const registration: ServerRegistration = { id, ...draft };
      await this.closePool(id);
      this.session.set(id, { registration, password });
      this.opts.log?.(`servers: registered local emulator ${endpoint.name} at ${endpoint.host},${endpoint.port}`);
      return registration;
    });
  }

  add(draft: ServerDraft, password: string | null): Promise<Result<ServerRegistration>> {
    return resultOf(() =>
      this.serial(async () => {
        const clean = validateDraft(draft);
        const all = await readRegistrations(this.file);
        this.checkUniqueName(all, clean.displayName, null);
        const reg: ServerRegistration = { id: randomUUID(), ...clean };
        // Password first: a registration without its password is recoverable, a stray secret is not visible.
        if (password !== null) await this.opts.secrets.set(secretKey(reg.id), password);
        await writeRegistrations(this.file, [...all, reg]);
        this.opts.log?.(`servers: added ${reg.displayName} (${reg.host})`);
        return reg;
      }),
    );
  }

  update(id: string, draft: ServerDraft, password: string | null): Promise<Result<ServerRegistration>> {
    return resultOf(() =>
      this.serial(async () => {
        const clean = validateDraft(draft);
        const local = this.session.get(id);
        if (local) {
          const reg: ServerRegistration = { id, ...clean };
          this.session.set(id, { registration: reg, password: password ?? local.password });
          await this.closePool(id);
          return reg;
        }
        const all = await readRegistrations(this.file);
        const index = all.findIndex((s) => s.id === id);
        if (index < 0) throw new AppFailure('NOT_FOUND', 'That server is not registered (it may have been removed).', { serverId: id });
        this.checkUniqueName(all, clean.displayName, id);
        const reg: ServerRegistration = { id, ...clean };
        if (password !== null) await this.opts.secrets.set(secretKey(id), password);
        await writeRegistrations(this.file, all.map((s, i) => (i === index ? reg : s)));
        await this.closePool(id);
        return reg;
      }),
    );
  }

  remove(id: string): Promise<Result<ServerList>> {
    return resultOf(() =>
      this.serial(async () => {
        if (this.session.delete(id)) {
          await this.closePool(id);
          return this.listNow();
        }
        const all = await readRegistrations(this.file);
        if (!all.some((s) => s.id === id)) throw new AppFailure('NOT_FOUND', 'That server is not registered.', { serverId: id });
        await writeRegistrations(this.file, all.filter((s) => s.id !== id));
        await this.closePool(id);
        await this.opts.secrets.delete(secretKey(id));
        return this.listNow();
      }),
    );
  }

  setPassword(id: string, password: string): Promise<Result<ServerList>> {
    return resultOf(async () => {
      const reg = await this.registration(id);
      const local = this.session.get(id);
      if (local) this.session.set(id, { registration: reg, password });
      else await this.opts.secrets.set(secretKey(id), password);
      await this.closePool(id);
      return this.listNow();
    });
  }

  /** Test Connection of a registered server. A fresh connection is made, so the answer is current. */
  test(id: string): Promise<Result<ServerInfo>> {
    return resultOf(async () => {
      const reg = await this.registration(id);
      await this.closePool(id);
      return this.withPool(reg, (pool) => readServerInfo(pool));
    });
  }

  /** Test Connection from the Add Server dialog, before saving: a one-off pool, closed afterwards. */
  testDraft(draft: ServerDraft, password: string | null): Promise<Result<ServerInfo>> {
    return resultOf(async () => {
      const clean = validateDraft(draft);
      const reg: ServerRegistration = { id: `draft-${randomUUID()}`, ...clean };
      try {
        return await this.withPool(reg, (pool) => readServerInfo(pool), password ?? '');
      } finally {
        await this.closePool(reg.id);
      }
    });
  }

  browse(id: string, node: BrowseNode): Promise<Result<BrowseResult>> {
    return resultOf(async () => {
      const reg = await this.registration(id);
      switch (node) {
        case 'msdb':
          return this.withPool(reg, async (pool) => ({ node, root: await browseMsdb(pool) }));
        case 'catalog':
          return this.withPool(reg, async (pool) => ({ node, catalog: await browseCatalog(pool) }));
        case 'jobs':
          return this.withPool(reg, async (pool) => ({ node, jobs: await browseJobs(pool) }));
        case 'proxies':
          return this.withPool(reg, async (pool) => ({ node, proxies: await browseProxies(pool) }));
        default:
          throw new AppFailure('INVALID_ARGUMENT', `Unknown server tree node '${String(node).slice(0, 40)}'.`);
      }
    });
  }

  /** Stored Packages → a package → Export Package...: its bytes as msdb stores them. */
  readStoredPackage(id: string, ref: MsdbObjectRef): Promise<Result<Uint8Array>> {
    return this.onMsdbObject(id, ref, (pool) => readStoredPackage(pool, ref));
  }

  /** Stored Packages → a package → Delete. */
  deleteStoredPackage(id: string, ref: MsdbObjectRef): Promise<Result<{ message: string }>> {
    return this.onMsdbObject(id, ref, async (pool) => {
      await deleteStoredPackage(pool, ref);
      return { message: `Package '${ref.name}' deleted from msdb.` };
    });
  }

  /** SSISDB → a project → Export...: the deployed project as an .ispac. */
  readCatalogProject(id: string, ref: CatalogProjectRef): Promise<Result<Uint8Array>> {
    return resultOf(async () => this.withPool(await this.registration(id), (pool) => readCatalogProject(pool, ref)));
  }

  /** SSISDB → a project → Delete. */
  deleteCatalogProject(id: string, ref: CatalogProjectRef): Promise<Result<{ message: string }>> {
    return resultOf(async () => {
      await this.withPool(await this.registration(id), (pool) => deleteCatalogProject(pool, ref));
      return { message: `Project '${ref.project}' deleted from the SSISDB folder '${ref.folder}'.` };
    });
  }

  /** Stored Packages → an empty folder → Delete (`ref.name` is the folder's, for the message). */
  deleteStoredFolder(id: string, ref: MsdbObjectRef): Promise<Result<{ message: string }>> {
    return this.onMsdbObject(id, ref, async (pool) => {
      await deleteStoredFolder(pool, ref.folderId);
      return { message: `Folder '${ref.name}' deleted from msdb.` };
    });
  }

  /** SSISDB → an empty folder → Delete. */
  deleteCatalogFolder(id: string, folder: string): Promise<Result<{ message: string }>> {
    return resultOf(async () => {
      await this.withPool(await this.registration(id), (pool) => deleteCatalogFolder(pool, folder));
      return { message: `Folder '${folder}' deleted from SSISDB.` };
    });
  }

  private onMsdbObject<T>(id: string, ref: MsdbObjectRef, work: (pool: sql.ConnectionPool) => Promise<T>): Promise<Result<T>> {
    return resultOf(async () => {
      if (!GUID.test(ref.folderId)) throw new AppFailure('INVALID_ARGUMENT', 'The msdb folder id must be a GUID.', { folderId: ref.folderId.slice(0, 60) });
      return this.withPool(await this.registration(id), work);
    });
  }

  jobHistory(id: string, jobId: string): Promise<Result<readonly JobHistoryRow[]>> {
    return resultOf(async () => {
      if (!GUID.test(jobId)) throw new AppFailure('INVALID_ARGUMENT', 'The job id must be a GUID.', { jobId: jobId.slice(0, 60) });
      const reg = await this.registration(id);
      return this.withPool(reg, (pool) => jobHistory(pool, jobId));
    });
  }

  /**
   * The pool of a registered server, for other services (deploy) that run their own procedures on it.
   * Throws AppFailure (connection problems already explained); callers run inside their own guard.
   */
  async poolFor(id: string): Promise<{ registration: ServerRegistration; pool: sql.ConnectionPool }> {
    const reg = await this.registration(id);
    const pool = await this.withPool(reg, async (p) => p);
    return { registration: reg, pool };
  }

  /** Closes every pool; the service answers CANCELLED afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.pools.keys()].map((id) => this.closePool(id)));
  }

  // ---- internals ----

  private async listNow(): Promise<ServerList> {
    const all = await readRegistrations(this.file);
    const saved = await Promise.all(
      all.map(async (s) => ({ ...s, passwordSaved: (await this.opts.secrets.get(secretKey(s.id)).catch(() => null)) !== null })),
    );
    const local = [...this.session.values()].map((s) => ({ ...s.registration, passwordSaved: true, localEmulator: true }));
    return { servers: [...saved, ...local], secretStore: { kind: this.opts.secrets.kind, persistent: this.opts.secrets.persistent } };
  }

  private checkUniqueName(all: readonly ServerRegistration[], name: string, exceptId: string | null): void {
    const clash = [...all, ...[...this.session.values()].map((s) => s.registration)].find((s) => s.id !== exceptId && s.displayName.toLowerCase() === name.toLowerCase());
    if (clash) throw new AppFailure('ALREADY_EXISTS', `A server named "${name}" is already registered.`, { field: 'displayName' });
  }

  private async registration(id: string): Promise<ServerRegistration> {
    const local = this.session.get(id);
    if (local) return local.registration;
    const found = (await readRegistrations(this.file)).find((s) => s.id === id);
    if (!found) throw new AppFailure('NOT_FOUND', 'That server is not registered (it may have been removed).', { serverId: id });
    return found;
  }

  /** Runs `work` on the server's pool (connecting first if needed); errors come back as explained AppFailures. */
  private async withPool<T>(reg: ServerRegistration, work: (pool: sql.ConnectionPool) => Promise<T>, givenPassword?: string): Promise<T> {
    let password = givenPassword;
    if (password === undefined) password = this.session.get(reg.id)?.password;
    if (password === undefined) {
      const saved = await this.opts.secrets.get(secretKey(reg.id));
      if (saved === null) {
        throw new AppFailure('LOCKED', `Enter the password for ${reg.userName} on ${reg.displayName}.`, { serverId: reg.id, needsPassword: true });
      }
      password = saved;
    }
    const entry = this.poolEntry(reg, password);
    const ctx = () => ({
      server: reg.displayName,
      endpoint: endpointOf(reg),
      encrypt: reg.encrypt,
      password,
      loginErrorNumber: entry.loginErrorNumber,
      connectTimeoutMs: this.timeouts.connectMs,
    });
    let pool: sql.ConnectionPool;
    try {
      pool = await entry.ready;
    } catch (e) {
      // A pool that never connected is dropped, so the next call tries again (the server may be back).
      await this.closePool(reg.id, entry);
      const err = toServerError(e, ctx());
      throw new AppFailure(err.code, err.message, { ...err.details, serverId: reg.id });
    }
    try {
      return await work(pool);
    } catch (e) {
      if (e instanceof AppFailure) throw e;
      const err = toServerError(e, ctx());
      // A broken connection (server went away) is not worth keeping.
      if (err.code === 'CONNECTION_ERROR') await this.closePool(reg.id, entry);
      throw new AppFailure(err.code, err.message, { ...err.details, serverId: reg.id });
    }
  }

  private poolEntry(reg: ServerRegistration, password: string): PoolEntry {
    if (this.closed) throw new AppFailure('CANCELLED', 'The servers service is closed.');
    const fingerprint = JSON.stringify([reg.host, reg.port, reg.authentication, reg.userName, reg.encrypt, reg.trustServerCertificate, reg.certificatePem ?? null]);
    const existing = this.pools.get(reg.id);
    if (existing && existing.fingerprint === fingerprint) return existing;
    if (existing) void this.closePool(reg.id, existing);
    const holder: { entry?: PoolEntry } = {};
    const config = connectionConfig(reg, password, this.timeouts, (conn) => {
      // mssql reports a failed login without SQL Server's error number; the login's ERROR token has it.
      conn.on('errorMessage', (token: { number?: number }) => {
        if (holder.entry && typeof token.number === 'number') holder.entry.loginErrorNumber = token.number;
      });
    });
    const pool = new sql.ConnectionPool(config);
    // Idle connections that die later must not crash the process.
    pool.on('error', (e: unknown) => this.opts.log?.(`servers: ${reg.displayName}: ${toServerError(e, { server: reg.displayName, endpoint: endpointOf(reg), encrypt: reg.encrypt, password }).message}`));
    const entry: PoolEntry = { fingerprint, pool, ready: pool.connect(), loginErrorNumber: null };
    entry.ready.catch(() => undefined);
    holder.entry = entry;
    this.pools.set(reg.id, entry);
    return entry;
  }

  private async closePool(id: string, only?: PoolEntry): Promise<void> {
    const entry = this.pools.get(id);
    if (!entry || (only && entry !== only)) {
      if (only) await only.pool.close().catch(() => undefined);
      return;
    }
    this.pools.delete(id);
    await entry.ready.catch(() => undefined);
    await entry.pool.close().catch(() => undefined);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.writes.then(work, work);
    this.writes = next.catch(() => undefined);
    return next;
  }
}
