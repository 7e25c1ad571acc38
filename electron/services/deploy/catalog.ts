/**
 * The SSIS catalog (sqlserver.md §3): the folder made with catalog.create_folder when missing, packages
 * pushed with catalog.deploy_packages into an existing project, or the whole project with
 * catalog.deploy_project from a built .ispac when the project is not there yet. Lookups are fixed
 * parameterized SELECTs of the catalog views (there is no procedure that answers them).
 */
import sql from 'mssql';
import { exec } from './sql-call.js';
import { inStep } from './step-failure.js';
import type { PackageFile } from './project-files.js';

const FOLDER_SQL = 'SELECT folder_id FROM SSISDB.catalog.folders WHERE name = @folder';
const PROJECT_SQL = 'SELECT project_id, object_version_lsn FROM SSISDB.catalog.projects WHERE folder_id = @folder_id AND name = @project';
const PACKAGES_SQL = 'SELECT name, version_guid FROM SSISDB.catalog.packages WHERE project_id = @project_id';

/**
 * deploy_project / deploy_packages are synchronous and can run for minutes on a real server (sqlserver.md
 * §3.1: "set generous command timeouts"); the pool's 30 s would cut them off.
 */
const DEPLOY_TIMEOUT_MS = 15 * 60_000;

/** A request with its own timeout (mssql's Request takes overrides; its type declarations do not say so). */
function longRequest(pool: sql.ConnectionPool): sql.Request {
  const LongRequest = sql.Request as unknown as new (pool: sql.ConnectionPool, overrides: { requestTimeout: number }) => sql.Request;
  return new LongRequest(pool, { requestTimeout: DEPLOY_TIMEOUT_MS });
}

/** 27190: the folder already exists (another deploy made it meanwhile). */
const FOLDER_EXISTS = 27190;

export interface CatalogProjectState {
  readonly projectId: number;
  /** object_version_lsn: changes with every deploy of the project. */
  readonly lsn: string;
  /** Package name with .dtsx, lower case → version_guid (upper case, no braces) or null. */
  readonly packages: ReadonlyMap<string, string | null>;
}

async function folderId(pool: sql.ConnectionPool, folder: string): Promise<number | null> {
  const r = await pool.request().input('folder', sql.NVarChar(128), folder).query<{ folder_id: number | string }>(FOLDER_SQL);
  const row = r.recordset[0];
  return row ? Number(row.folder_id) : null;
}

export async function ensureCatalogFolder(pool: sql.ConnectionPool, folder: string): Promise<number> {
  const found = await inStep('folder', 'SSISDB.catalog.folders', () => folderId(pool, folder));
  if (found !== null) return found;
  try {
    const r = await exec(pool.request().input('folder_name', sql.NVarChar(128), folder).output('folder_id', sql.BigInt), 'SSISDB.catalog.create_folder');
    return Number(r.output.folder_id);
  } catch (e) {
    if ((e as { number?: number }).number === FOLDER_EXISTS) {
      const again = await inStep('folder', 'SSISDB.catalog.folders', () => folderId(pool, folder));
      if (again !== null) return again;
    }
    return inStep('folder', 'SSISDB.catalog.create_folder', () => Promise.reject(e));
  }
}

export async function catalogProject(pool: sql.ConnectionPool, folder: number, project: string): Promise<CatalogProjectState | null> {
  return inStep('upload', 'SSISDB.catalog.projects', async () => {
    const p = await pool.request().input('folder_id', sql.BigInt, folder).input('project', sql.NVarChar(128), project).query<{ project_id: number | string; object_version_lsn: number | string | null }>(PROJECT_SQL);
    const row = p.recordset[0];
    if (!row) return null;
    const projectId = Number(row.project_id);
    const k = await pool.request().input('project_id', sql.BigInt, projectId).query<{ name: string; version_guid: string | null }>(PACKAGES_SQL);
    const packages = new Map<string, string | null>();
    for (const r of k.recordset) packages.set(String(r.name).toLowerCase(), r.version_guid ? String(r.version_guid).replace(/[{}]/g, '').toUpperCase() : null);
    return { projectId, lsn: String(row.object_version_lsn ?? ''), packages };
  });
}

/**
 * catalog.deploy_packages: names without .dtsx (sqlserver.md §3.4); the bytes are the file's, or for a
 * package protected with a password its catalog form (project-files.ts catalogPackageBytes).
 */
export async function deployPackages(pool: sql.ConnectionPool, folder: string, project: string, packages: readonly Pick<PackageFile, 'name' | 'bytes'>[]): Promise<void> {
  const table = new sql.Table('catalog.Package_Table_Type');
  table.columns.add('name', sql.NVarChar(260), { nullable: false });
  table.columns.add('package_data', sql.VarBinary(sql.MAX), { nullable: true });
  for (const p of packages) table.rows.add(p.name.replace(/\.dtsx$/i, ''), p.bytes);
  await inStep('upload', 'SSISDB.catalog.deploy_packages', () =>
    exec(
      longRequest(pool).input('folder_name', sql.NVarChar(128), folder).input('project_name', sql.NVarChar(128), project).input('packages_table', sql.TVP, table).output('operation_id', sql.BigInt),
      'SSISDB.catalog.deploy_packages',
    ),
  );
}

/** catalog.deploy_project with a built .ispac; `project` must equal the manifest's Name. */
export async function deployProject(pool: sql.ConnectionPool, folder: string, project: string, ispac: Uint8Array): Promise<void> {
  await inStep('upload', 'SSISDB.catalog.deploy_project', () =>
    exec(
      longRequest(pool)
        .input('folder_name', sql.NVarChar(128), folder)
        .input('project_name', sql.NVarChar(128), project)
        .input('project_stream', sql.VarBinary(sql.MAX), Buffer.from(ispac))
        .output('operation_id', sql.BigInt),
      'SSISDB.catalog.deploy_project',
    ),
  );
}
