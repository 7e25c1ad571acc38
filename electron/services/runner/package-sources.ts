/**
 * dtexec's remote package sources: `/SQL` (and `/DTS \MSDB\...`) loads the package from that server's msdb
 * through sp_ssis_getfolder / sp_ssis_getpackage; `/ISSERVER \SSISDB\Folder\Project\Package.dtsx` loads the
 * project from the SSIS catalog through catalog.get_project and takes the package from it.
 */
import sql from 'mssql';
import type { PackageDef, ProjectDef } from '../../../shared/runtime/model.js';
import { packageFromText, decodeText, projectFromIspac } from './package-files.js';
import type { SqlConnections } from './sql-connection.js';

const ROOT_FOLDER = '00000000-0000-0000-0000-000000000000';

/** The package is not where the command line says (dtexec exit code 4). */
export class PackageNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackageNotFoundError';
  }
}

function serverConnectionString(server: string, database: string, user: string | null, password: string | null): string {
  const auth = user ? `User ID=${user};Password=${password ?? ''};` : 'Integrated Security=SSPI;';
  return `Data Source=${server};Initial Catalog=${database};${auth}Application Name=ssisd exec;`;
}

export interface SourceLogin {
  readonly server: string;
  readonly user: string | null;
  readonly password: string | null;
}

export async function loadFromMsdb(connections: SqlConnections, login: SourceLogin, packagePath: string, decryptPassword: string | null): Promise<PackageDef> {
  return loadFromMsdbPool(await connections.pool(serverConnectionString(login.server, 'msdb', login.user, login.password)), login.server, packagePath, decryptPassword);
}

/** `\Folder\Sub\Name` from the msdb package store the pool is connected to. */
export async function loadFromMsdbPool(pool: sql.ConnectionPool, serverLabel: string, packagePath: string, decryptPassword: string | null): Promise<PackageDef> {
  const parts = packagePath.split('\\').filter(Boolean);
  const name = parts.pop();
  if (!name) throw new PackageNotFoundError(`The package path "${packagePath}" names no package.`);
  let folderId = ROOT_FOLDER;
  for (const folder of parts) {
    const r = await pool.request().input('name', sql.NVarChar(128), folder).input('parentfolderid', sql.UniqueIdentifier, folderId).execute('msdb.dbo.sp_ssis_getfolder');
    const row = r.recordset?.[0] as Record<string, unknown> | undefined;
    if (!row) throw new PackageNotFoundError(`Could not load package "${packagePath}" because of error 0xC0014014: the folder "${folder}" does not exist in msdb on server "${serverLabel}".`);
    folderId = String(row['folderid'] ?? Object.values(row)[0]);
  }
  const r = await pool.request().input('name', sql.NVarChar(128), name.replace(/\.dtsx$/i, '')).input('folderid', sql.UniqueIdentifier, folderId).execute('msdb.dbo.sp_ssis_getpackage');
  const row = r.recordset?.[0] as Record<string, unknown> | undefined;
  const data = row ? (row['packagedata'] ?? Object.values(row)[0]) : null;
  if (!data || !(data instanceof Uint8Array) || data.length === 0) {
    throw new PackageNotFoundError(`Could not load package "${packagePath}" because of error 0xC001000C: the package does not exist in msdb on server "${serverLabel}".`);
  }
  return packageFromText(decodeText(data), `${name}.dtsx`, `\\MSDB${packagePath.startsWith('\\') ? '' : '\\'}${packagePath}`, decryptPassword);
}

/** `\SSISDB\Folder\Project\Package.dtsx` → the project (from catalog.get_project) and the package in it. */
export async function loadFromCatalog(connections: SqlConnections, login: SourceLogin, catalogPath: string, decryptPassword: string | null): Promise<{ pkg: PackageDef; project: ProjectDef }> {
  const parts = catalogPath.split('\\').filter(Boolean);
  if (parts.length !== 4 || parts[0]!.toLowerCase() !== 'ssisdb') {
    throw new PackageNotFoundError(`The catalog path "${catalogPath}" is not of the form \\SSISDB\\<folder>\\<project>\\<package>.dtsx.`);
  }
  const [, folder, projectName, packageName] = parts as [string, string, string, string];
  const pool = await connections.pool(serverConnectionString(login.server, 'SSISDB', login.user, login.password));
  let bytes: Uint8Array | null;
  try {
    const r = await pool.request().input('folder_name', sql.NVarChar(128), folder).input('project_name', sql.NVarChar(128), projectName).execute('SSISDB.catalog.get_project');
    const row = r.recordset?.[0] as Record<string, unknown> | undefined;
    const v = row ? Object.values(row)[0] : null;
    bytes = v instanceof Uint8Array ? v : null;
  } catch (e) {
    throw new PackageNotFoundError(`The project "${projectName}" in folder "${folder}" could not be read from the SSIS catalog on "${login.server}": ${(e as Error).message}`);
  }
  if (!bytes) throw new PackageNotFoundError(`The project "${projectName}" does not exist in folder "${folder}" of the SSIS catalog on "${login.server}".`);
  const project = projectFromIspac(bytes, `\\SSISDB\\${folder}\\${projectName}`, decryptPassword);
  const pkg = await project.loadPackage(packageName);
  if (!pkg) throw new PackageNotFoundError(`The package "${packageName}" does not exist in project "${projectName}" of the SSIS catalog on "${login.server}".`);
  return { pkg, project };
}
