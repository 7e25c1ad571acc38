/** Shared setup of the deploy tests: emulators, a registered ServersService, a temp copy of the sample. */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sql from 'mssql';
import { MemorySecretStore } from '../../secrets/memory-store.js';
import { ServersService } from '../../servers/index.js';
import { SAMPLE_DIR, tempCopy } from '../../solution/test-helpers.js';
import { SolutionService } from '../../solution/service.js';

export const SA_PASSWORD = 'Deploy!Pass1';

export function value<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

export async function serversFor(list: readonly { name: string; host: string; port: number }[], login = { user: 'sa', password: SA_PASSWORD }) {
  const dir = await mkdtemp(join(tmpdir(), 'deploy-servers-'));
  const servers = new ServersService({ userDataDir: dir, secrets: new MemorySecretStore(), timeouts: { connectMs: 4000 } });
  for (const s of list) {
    value(await servers.add({ displayName: s.name, host: s.host, port: s.port, authentication: 'sql', userName: login.user, encrypt: 'optional', trustServerCertificate: true }, login.password));
  }
  return { servers, close: async () => (await servers.close(), await rm(dir, { recursive: true, force: true })) };
}

/** A temp copy of the LoadBalancing sample; returns the .dtproj path. */
/** A port on `host` that nothing listens on: a server that is down. */
export async function closedPort(host: string): Promise<number> {
  const srv = createServer();
  await new Promise<void>((res) => srv.listen(0, host, res));
  const port = (srv.address() as { port: number }).port;
  await new Promise((res) => srv.close(res));
  return port;
}

export function sampleProject(): string {
  const dir = tempCopy(SAMPLE_DIR, 'ssisd-deploy-');
  return join(dir, 'LoadBalancing', 'LoadBalancing.dtproj');
}

/** Removes the temp folder sampleProject() made (<temp>/LoadBalancing/LoadBalancing/<.dtproj>). */
export function removeSampleProject(dtproj: string): void {
  rmSync(dirname(dirname(dirname(dtproj))), { recursive: true, force: true });
}

/** Adds a copy of LoadCustomers.dtsx under `fileName` to the project (through the solution service). */
export async function addPackageCopy(dtproj: string, fileName: string): Promise<void> {
  const src = join(tmpdir(), `src-${process.pid}-${Date.now()}`);
  const source = join(dirname(dtproj), 'LoadCustomers.dtsx');
  const text = readFileSync(source, 'utf8').replace(/DTS:DTSID="\{[^}]+\}"/, `DTS:DTSID="{${randomUUID().toUpperCase()}}"`);
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, fileName), text);
  const solution = new SolutionService({ watch: false });
  try {
    value(await solution.open({ path: dtproj }));
    value(await solution.addExistingPackage({ projectPath: dtproj, sourcePath: join(src, fileName) }));
  } finally {
    await solution.close();
    await rm(src, { recursive: true, force: true });
  }
}

export async function saPool(host: string, port: number): Promise<sql.ConnectionPool> {
  const pool = new sql.ConnectionPool({ server: host, port, user: 'sa', password: SA_PASSWORD, database: 'msdb', options: { encrypt: false, trustServerCertificate: true }, pool: { max: 2, min: 0 } });
  pool.on('error', () => undefined);
  return pool.connect();
}

export interface JobOnServer {
  readonly job: Record<string, unknown>;
  readonly steps: Record<string, unknown>[];
  readonly schedules: Record<string, unknown>[];
  readonly targets: Record<string, unknown>[];
}

/** What sp_help_job says about a job, or null when there is none. */
export async function jobOnServer(pool: sql.ConnectionPool, name: string): Promise<JobOnServer | null> {
  try {
    const r = await pool.request().input('job_name', sql.NVarChar(128), name).execute('msdb.dbo.sp_help_job');
    const sets = r.recordsets as unknown as Record<string, unknown>[][];
    return { job: sets[0]![0]!, steps: sets[1] ?? [], schedules: sets[2] ?? [], targets: sets[3] ?? [] };
  } catch (e) {
    if ((e as { number?: number }).number === 14262) return null;
    throw e;
  }
}

export async function allJobNames(pool: sql.ConnectionPool): Promise<string[]> {
  const r = await pool.request().execute('msdb.dbo.sp_help_job');
  return (r.recordset as { name: string }[]).map((j) => j.name).sort();
}

export async function msdbFolderId(pool: sql.ConnectionPool, folderPath: string): Promise<string | null> {
  let parent = '00000000-0000-0000-0000-000000000000';
  for (const seg of folderPath.split('\\').filter(Boolean)) {
    const r = await pool.request().input('name', sql.NVarChar(128), seg).input('parentfolderid', sql.UniqueIdentifier, parent).execute('msdb.dbo.sp_ssis_getfolder');
    const row = r.recordset[0] as { folderid?: string } | undefined;
    if (!row?.folderid) return null;
    parent = String(row.folderid);
  }
  return parent;
}

export async function msdbPackageBytes(pool: sql.ConnectionPool, folderPath: string, name: string): Promise<Buffer | null> {
  const parent = await msdbFolderId(pool, folderPath);
  if (parent === null) return null;
  const r = await pool.request().input('name', sql.NVarChar(128), name).input('folderid', sql.UniqueIdentifier, parent).execute('msdb.dbo.sp_ssis_getpackage');
  const data = (r.recordset[0] as { packagedata?: Buffer } | undefined)?.packagedata;
  return data ? Buffer.from(data) : null;
}

/** An Agent proxy granted to SSIS (sysadmin owners may use any proxy). */
export async function addProxy(pool: sql.ConnectionPool, name: string): Promise<number> {
  await pool.request().query(`CREATE CREDENTIAL [${name} credential] WITH IDENTITY = 'CORP\\svc_ssis', SECRET = 'x'`);
  const r = await pool.request().input('proxy_name', sql.NVarChar(128), name).input('credential_name', sql.NVarChar(128), `${name} credential`).output('proxy_id', sql.Int).execute('msdb.dbo.sp_add_proxy');
  await pool.request().input('proxy_name', sql.NVarChar(128), name).input('subsystem_name', sql.NVarChar(128), 'SSIS').execute('msdb.dbo.sp_grant_proxy_to_subsystem');
  return Number(r.output.proxy_id);
}
