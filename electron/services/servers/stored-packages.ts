/**
 * Stored Packages → MSDB → a package, as SSMS offers it: Export Package... (the package's bytes as stored,
 * through sp_ssis_getpackage) and Delete (sp_ssis_deletepackage); Delete on an empty folder
 * (sp_ssis_deletefolder; 14593 when it is not empty). The Servers pane names a package by its folder id and name,
 * as sp_ssis_listpackages gave them.
 */
import sql from 'mssql';
import { AppFailure } from '../../../shared/result.js';

/** A package (its folder's id, its name as msdb stores it: without .dtsx), or a folder (its own id and name). */
export interface MsdbObjectRef {
  readonly folderId: string;
  readonly name: string;
}

export async function readStoredPackage(pool: sql.ConnectionPool, ref: MsdbObjectRef): Promise<Uint8Array> {
  const r = await pool.request().input('name', sql.NVarChar(128), ref.name).input('folderid', sql.UniqueIdentifier, ref.folderId).execute('msdb.dbo.sp_ssis_getpackage');
  const row = r.recordset?.[0] as Record<string, unknown> | undefined;
  const data = row ? (row['packagedata'] ?? Object.values(row)[0]) : undefined;
  if (!(data instanceof Uint8Array) || data.length === 0) throw new AppFailure('NOT_FOUND', `The package '${ref.name}' is no longer in that msdb folder (refresh the Servers pane).`, { name: ref.name });
  return data;
}

export async function deleteStoredPackage(pool: sql.ConnectionPool, ref: MsdbObjectRef): Promise<void> {
  await pool.request().input('name', sql.NVarChar(128), ref.name).input('folderid', sql.UniqueIdentifier, ref.folderId).execute('msdb.dbo.sp_ssis_deletepackage');
}

export async function deleteStoredFolder(pool: sql.ConnectionPool, folderId: string): Promise<void> {
  await pool.request().input('folderid', sql.UniqueIdentifier, folderId).execute('msdb.dbo.sp_ssis_deletefolder');
}
