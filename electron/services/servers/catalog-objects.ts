/**
 * Integration Services Catalogs → SSISDB → a folder → a project, as SSMS offers it: Export... (the deployed
 * project as an .ispac, through catalog.get_project) and Delete (catalog.delete_project); Delete on an empty
 * folder (catalog.delete_folder). SSISDB's own errors (27109: no such project, 27191: the folder holds projects,
 * 27123: a SQL Server login) come back as the server words them.
 */
import sql from 'mssql';
import type { CatalogProjectRef } from '../../../shared/model/server.js';
import { AppFailure } from '../../../shared/result.js';

export async function readCatalogProject(pool: sql.ConnectionPool, ref: CatalogProjectRef): Promise<Uint8Array> {
  const r = await pool.request().input('folder_name', sql.NVarChar(128), ref.folder).input('project_name', sql.NVarChar(128), ref.project).execute('SSISDB.catalog.get_project');
  // The one column of get_project's answer (SSISDB's documentation gives the stream, not a column name).
  const row = r.recordset?.[0] as Record<string, unknown> | undefined;
  const data = row ? Object.values(row)[0] : undefined;
  if (!(data instanceof Uint8Array) || data.length === 0) throw new AppFailure('NOT_FOUND', `SSISDB returned no project stream for '${ref.folder}\\${ref.project}'.`);
  return data;
}

export async function deleteCatalogProject(pool: sql.ConnectionPool, ref: CatalogProjectRef): Promise<void> {
  await pool.request().input('folder_name', sql.NVarChar(128), ref.folder).input('project_name', sql.NVarChar(128), ref.project).execute('SSISDB.catalog.delete_project');
}

export async function deleteCatalogFolder(pool: sql.ConnectionPool, folder: string): Promise<void> {
  await pool.request().input('folder_name', sql.NVarChar(128), folder).execute('SSISDB.catalog.delete_folder');
}
