/**
 * Compare with Servers: for each assignment, is the job on the server, does its SSIS step run the package
 * where the assignment deploys it, is the deployed package the solution's version (DTS:VersionGUID), and is
 * the step's proxy still enabled and granted to SSIS. Reads only: sp_help_job, sp_help_proxy, the msdb
 * package store procedures and the fixed SELECTs of catalog views listed in emulator/README.md.
 */
import { readFile } from 'node:fs/promises';
import sql from 'mssql';
import type { DriftCell, DriftRow } from '../../../shared/contract/preflight.js';
import { optionValue, parseDtexecCommand } from '../../../shared/dtexec/command.js';
import { readDtsx } from '../../../shared/formats/dtsx.js';
import { parseXml } from '../../../shared/xml/reader.js';
import { MSDB_ROOT_FOLDER_ID } from '../../../shared/model/server.js';
import { sqlErrorNumber } from '../servers/sql-errors.js';
import type { ProjectAssignment } from './assignments.js';

const bare = (g: string | null | undefined): string | null => (g ? String(g).replace(/[{}]/g, '').toUpperCase() : null);
const norm = (p: string) => p.replace(/\//g, '\\').replace(/\\+/g, '\\').replace(/\\$/, '').toLowerCase();
const stem = (name: string) => name.replace(/\.dtsx$/i, '');

/** Where the assignment's job step must load the package from, as dtexec's source option value. */
export function expectedSource(a: ProjectAssignment): { option: 'ISServer' | 'SQL' | 'File'; path: string } {
  const t = a.target;
  if (t.kind === 'catalog') return { option: 'ISServer', path: `\\SSISDB\\${t.folder}\\${t.project}\\${stem(a.packageName)}.dtsx` };
  if (t.kind === 'msdb') {
    const folder = t.folder.replace(/^\\+|\\+$/g, '');
    return { option: 'SQL', path: `\\${folder ? `${folder}\\` : ''}${stem(a.packageName)}` };
  }
  const sep = t.path.includes('/') && !t.path.includes('\\') ? '/' : '\\';
  return { option: 'File', path: `${t.path.replace(/[\\/]+$/, '')}${sep}${a.packageName}` };
}

interface JobOnServer {
  readonly command: string | null;
  readonly proxyId: number | null;
}

async function jobOnServer(pool: sql.ConnectionPool, name: string): Promise<JobOnServer | null> {
  try {
    const r = await pool.request().input('job_name', sql.NVarChar(128), name).input('job_aspect', sql.VarChar(9), 'STEPS').execute('msdb.dbo.sp_help_job');
    const sets = r.recordsets as unknown as Record<string, unknown>[][];
    const steps = sets.find((s) => s.length > 0 && 'subsystem' in s[0]!) ?? [];
    const ssis = steps.find((s) => String(s.subsystem).toUpperCase() === 'SSIS') ?? null;
    return { command: ssis ? String(ssis.command ?? '') : null, proxyId: ssis && ssis.proxy_id !== null && ssis.proxy_id !== undefined ? Number(ssis.proxy_id) : null };
  } catch (e) {
    if (sqlErrorNumber(e) === 14262) return null;
    throw e;
  }
}

function stepCell(a: ProjectAssignment, job: JobOnServer): DriftCell {
  if (job.command === null) return { check: 'step', state: 'missing', detail: 'The job has no SSIS step.' };
  const parsed = parseDtexecCommand(job.command);
  if (!parsed.ok) return { check: 'step', state: 'differs', detail: `The step's command cannot be read: ${parsed.message}` };
  const want = expectedSource(a);
  const got = (['ISServer', 'SQL', 'File', 'Dts'] as const).map((o) => ({ o, v: optionValue(parsed.options, o) })).find((x) => x.v !== null);
  if (!got) return { check: 'step', state: 'differs', detail: 'The step names no package.' };
  if (got.o !== want.option || norm(got.v!) !== norm(want.path)) return { check: 'step', state: 'differs', detail: `The step runs ${got.v} instead of ${want.path}.` };
  const x86 = parsed.options.some((o) => o.name === 'X86');
  if (x86 !== a.job.use32bit) return { check: 'step', state: 'differs', detail: x86 ? 'The step uses the 32-bit runtime; the assignment does not.' : 'The assignment wants the 32-bit runtime; the step does not use it.' };
  return { check: 'step', state: 'ok', detail: `Runs ${want.path}` };
}

async function proxyCell(pool: sql.ConnectionPool, a: ProjectAssignment, job: JobOnServer): Promise<DriftCell> {
  if (job.proxyId === null) {
    return a.job.proxy
      ? { check: 'proxy', state: 'differs', detail: `The step runs as the SQL Server Agent service account, not as proxy "${a.job.proxy}".` }
      : { check: 'proxy', state: 'ok', detail: 'SQL Server Agent service account' };
  }
  const r = await pool.request().input('proxy_id', sql.Int, job.proxyId).execute('msdb.dbo.sp_help_proxy');
  const p = (r.recordset as Record<string, unknown>[] | undefined)?.[0];
  if (!p) return { check: 'proxy', state: 'missing', detail: `The step's proxy (id ${job.proxyId}) no longer exists.` };
  const name = String(p.name);
  if (!a.job.proxy || a.job.proxy.toLowerCase() !== name.toLowerCase()) {
    return { check: 'proxy', state: 'differs', detail: `The step runs as proxy "${name}"${a.job.proxy ? `, not "${a.job.proxy}"` : ', the assignment wants the Agent service account'}.` };
  }
  if (Number(p.enabled) !== 1) return { check: 'proxy', state: 'differs', detail: `Proxy "${name}" is disabled.` };
  const grants = await pool.request().query<{ subsystem_id: number; proxy_id: number }>('SELECT subsystem_id, proxy_id FROM msdb.dbo.sysproxysubsystem');
  if (!grants.recordset.some((g) => Number(g.proxy_id) === job.proxyId && Number(g.subsystem_id) === 11)) {
    return { check: 'proxy', state: 'missing', detail: `Proxy "${name}" is no longer granted to the SSIS subsystem.` };
  }
  return { check: 'proxy', state: 'ok', detail: `Proxy "${name}", granted to SSIS` };
}

async function catalogVersion(pool: sql.ConnectionPool, folder: string, project: string, packageName: string): Promise<string | null | undefined> {
  const f = await pool.request().input('folder', sql.NVarChar(128), folder).query<{ folder_id: number }>('SELECT folder_id FROM SSISDB.catalog.folders WHERE name = @folder');
  const folderId = f.recordset[0]?.folder_id;
  if (folderId === undefined) return undefined;
  const p = await pool
    .request()
    .input('folder_id', sql.BigInt, folderId)
    .input('project', sql.NVarChar(128), project)
    .query<{ project_id: number }>('SELECT project_id FROM SSISDB.catalog.projects WHERE folder_id = @folder_id AND name = @project');
  const projectId = p.recordset[0]?.project_id;
  if (projectId === undefined) return undefined;
  const k = await pool.request().input('project_id', sql.BigInt, projectId).query<{ name: string; version_guid: string | null }>('SELECT name, version_guid FROM SSISDB.catalog.packages WHERE project_id = @project_id');
  const row = k.recordset.find((x) => x.name.toLowerCase() === packageName.toLowerCase());
  return row === undefined ? undefined : bare(row.version_guid);
}

async function msdbVersion(pool: sql.ConnectionPool, folderPath: string, packageName: string): Promise<string | null | undefined> {
  let folderId = MSDB_ROOT_FOLDER_ID;
  for (const segment of folderPath.split('\\').filter(Boolean)) {
    const r = await pool.request().input('name', sql.NVarChar(128), segment).input('parentfolderid', sql.UniqueIdentifier, folderId).execute('msdb.dbo.sp_ssis_getfolder');
    const row = (r.recordset as Record<string, unknown>[] | undefined)?.[0];
    if (!row) return undefined;
    folderId = String(row.folderid);
  }
  const list = await pool.request().input('folderid', sql.UniqueIdentifier, folderId).execute('msdb.dbo.sp_ssis_listpackages');
  const row = ((list.recordset as Record<string, unknown>[] | undefined) ?? []).find((x) => String(x.name).toLowerCase() === stem(packageName).toLowerCase());
  return row === undefined ? undefined : bare(row.verid as string | null);
}

async function fileVersion(a: Extract<ProjectAssignment['target'], { kind: 'file' }>, packageName: string): Promise<string | null | undefined> {
  const here = a.copyTo ?? a.path;
  try {
    const text = await readFile(`${here.replace(/[\\/]+$/, '')}/${packageName}`, 'utf8');
    return bare(readDtsx(parseXml(text)).versionGuid);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : null;
  }
}

/** undefined: the package is not there; null: there but its version cannot be read. */
async function deployedVersion(pool: sql.ConnectionPool, a: ProjectAssignment): Promise<string | null | undefined> {
  const t = a.target;
  if (t.kind === 'catalog') return catalogVersion(pool, t.folder, t.project, a.packageName);
  if (t.kind === 'msdb') return msdbVersion(pool, t.folder, a.packageName);
  return fileVersion(t, a.packageName);
}

export async function driftRow(pool: sql.ConnectionPool, a: ProjectAssignment, solutionVersionGuid: string | null): Promise<DriftRow> {
  const cells: DriftCell[] = [];
  const deployed = await deployedVersion(pool, a).catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }));
  const mine = bare(solutionVersionGuid);
  if (deployed !== null && typeof deployed === 'object') cells.push({ check: 'version', state: 'unknown', detail: `Cannot read the deployed package: ${deployed.error}` });
  else if (deployed === undefined) cells.push({ check: 'version', state: 'missing', detail: 'The package is not deployed there.' });
  else if (deployed === null || mine === null) cells.push({ check: 'version', state: 'unknown', detail: 'The deployed package does not say its VersionGUID.' });
  else if (deployed !== mine) cells.push({ check: 'version', state: 'differs', detail: `Deployed version {${deployed}}, the solution has {${mine}}.` });
  else cells.push({ check: 'version', state: 'ok', detail: `Version {${mine}}` });

  if (a.job.createJob) {
    const job = await jobOnServer(pool, a.job.name);
    if (!job) cells.push({ check: 'job', state: 'missing', detail: `There is no job "${a.job.name}".` });
    else {
      cells.push({ check: 'job', state: 'ok', detail: `Job "${a.job.name}"` });
      cells.push(stepCell(a, job));
      cells.push(await proxyCell(pool, a, job));
    }
  }
  return {
    assignmentId: a.id,
    packageName: a.packageName,
    server: a.server,
    jobName: a.job.createJob ? a.job.name : null,
    cells,
    inSync: cells.every((c) => c.state === 'ok' || c.state === 'unknown'),
  };
}
