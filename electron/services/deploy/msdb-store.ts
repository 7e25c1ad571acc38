/**
 * The msdb package store (sqlserver.md §2): folders resolved or created from the root with
 * sp_ssis_getfolder / sp_ssis_addfolder (our own GUID, since addfolder returns none), packages compared with
 * sp_ssis_getpackage and written with sp_ssis_putpackage (an upsert by name and folder).
 */
import { randomUUID } from 'node:crypto';
import sql from 'mssql';
import type { DeployOutcomeKind } from '../../../shared/model/deploy.js';
import { MSDB_ROOT_FOLDER_ID } from '../../../shared/model/server.js';
import type { PackageFile } from './project-files.js';
import { exec } from './sql-call.js';
import { inStep } from './step-failure.js';

/** `\Sales\Daily` or `Sales\Daily` → ['Sales', 'Daily']; "" → [] (the MSDB root). */
export function msdbFolderSegments(folder: string): string[] {
  return folder.split('\\').map((s) => s.trim()).filter(Boolean);
}

export async function ensureMsdbFolder(pool: sql.ConnectionPool, folder: string): Promise<string> {
  let parent = MSDB_ROOT_FOLDER_ID;
  for (const name of msdbFolderSegments(folder)) {
    const found = await inStep('folder', 'msdb.dbo.sp_ssis_getfolder', () =>
      exec<{ folderid: string }>(pool.request().input('name', sql.NVarChar(128), name).input('parentfolderid', sql.UniqueIdentifier, parent), 'msdb.dbo.sp_ssis_getfolder'),
    );
    const row = found.recordset?.[0];
    if (row?.folderid) {
      parent = String(row.folderid).toUpperCase();
      continue;
    }
    const id = randomUUID().toUpperCase();
    await inStep('folder', 'msdb.dbo.sp_ssis_addfolder', () =>
      exec(
        pool.request().input('parentfolderid', sql.UniqueIdentifier, parent).input('name', sql.NVarChar(128), name).input('folderid', sql.UniqueIdentifier, id),
        'msdb.dbo.sp_ssis_addfolder',
      ),
    );
    parent = id;
  }
  return parent;
}

/** The name msdb stores: the file name without .dtsx. */
export const msdbPackageName = (fileName: string): string => fileName.replace(/\.dtsx$/i, '');

async function storedBytes(pool: sql.ConnectionPool, folderId: string, name: string): Promise<Buffer | null> {
  // sp_ssis_getpackage refuses a package that is not there for non-admins (14586); checkexists asks first.
  const exists = await inStep('upload', 'msdb.dbo.sp_ssis_checkexists', () =>
    exec(pool.request().input('name', sql.NVarChar(128), name).input('folderid', sql.UniqueIdentifier, folderId), 'msdb.dbo.sp_ssis_checkexists'),
  );
  if ((exists.recordset ?? []).length === 0) return null;
  const r = await inStep('upload', 'msdb.dbo.sp_ssis_getpackage', () =>
    exec<{ packagedata: Buffer }>(pool.request().input('name', sql.NVarChar(128), name).input('folderid', sql.UniqueIdentifier, folderId), 'msdb.dbo.sp_ssis_getpackage'),
  );
  const data = r.recordset?.[0]?.packagedata;
  return data ? Buffer.from(data) : null;
}

/** Uploads the package unless msdb already holds exactly these bytes. */
export async function putMsdbPackage(pool: sql.ConnectionPool, folderId: string, pkg: PackageFile): Promise<DeployOutcomeKind> {
  const name = msdbPackageName(pkg.name);
  const existing = await storedBytes(pool, folderId, name);
  if (existing && existing.equals(pkg.bytes)) return 'unchanged';
  await inStep('upload', 'msdb.dbo.sp_ssis_putpackage', () =>
    exec(
      pool
        .request()
        .input('name', sql.NVarChar(128), name)
        .input('id', sql.UniqueIdentifier, pkg.id ?? randomUUID())
        .input('description', sql.NVarChar(1024), pkg.description)
        .input('createdate', sql.DateTime, new Date())
        .input('folderid', sql.UniqueIdentifier, folderId)
        .input('packagedata', sql.VarBinary(sql.MAX), pkg.bytes)
        .input('packageformat', sql.Int, 3)
        .input('packagetype', sql.Int, 5)
        .input('vermajor', sql.Int, pkg.versionMajor)
        .input('verminor', sql.Int, pkg.versionMinor)
        .input('verbuild', sql.Int, pkg.versionBuild)
        .input('vercomments', sql.NVarChar(1024), null)
        .input('verid', sql.UniqueIdentifier, pkg.versionGuid ?? randomUUID()),
      'msdb.dbo.sp_ssis_putpackage',
    ),
  );
  return existing ? 'updated' : 'created';
}

/** Removes a package from msdb ("Remove from server"); a missing one is a no-op, as in sp_ssis_deletepackage. */
export async function deleteMsdbPackage(pool: sql.ConnectionPool, folder: string, fileName: string): Promise<boolean> {
  let parent = MSDB_ROOT_FOLDER_ID;
  for (const name of msdbFolderSegments(folder)) {
    const r = await inStep('remove', 'msdb.dbo.sp_ssis_getfolder', () =>
      exec<{ folderid: string }>(pool.request().input('name', sql.NVarChar(128), name).input('parentfolderid', sql.UniqueIdentifier, parent), 'msdb.dbo.sp_ssis_getfolder'),
    );
    const row = r.recordset?.[0];
    if (!row?.folderid) return false;
    parent = String(row.folderid).toUpperCase();
  }
  await inStep('remove', 'msdb.dbo.sp_ssis_deletepackage', () =>
    exec(pool.request().input('name', sql.NVarChar(128), msdbPackageName(fileName)).input('folderid', sql.UniqueIdentifier, parent), 'msdb.dbo.sp_ssis_deletepackage'),
  );
  return true;
}
