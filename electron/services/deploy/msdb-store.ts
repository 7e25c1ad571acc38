/**
 * The msdb package store (sqlserver.md §2): folders resolved or created from the root with
 * sp_ssis_getfolder / sp_ssis_addfolder (our own GUID, since addfolder returns none), packages found with
 * sp_ssis_listpackages (one call per folder), compared with sp_ssis_getpackage unless the sidecar already
 * knows the listed version, and written with sp_ssis_putpackage (an upsert by name and folder).
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

/** What sp_ssis_listpackages says about one package: enough to skip downloading it when nothing changed. */
export interface MsdbListed {
  readonly verid: string | null;
  readonly size: number | null;
}

/** The packages of one msdb folder, by lower-case name (one round trip for the whole folder). */
export async function listMsdbFolder(pool: sql.ConnectionPool, folderId: string): Promise<Map<string, MsdbListed>> {
  const req = pool.request();
  // The 6th column (the package's byte length) has no name: rows as arrays.
  req.arrayRowMode = true;
  const r = await inStep('upload', 'msdb.dbo.sp_ssis_listpackages', () => exec(req.input('folderid', sql.UniqueIdentifier, folderId), 'msdb.dbo.sp_ssis_listpackages'));
  const out = new Map<string, MsdbListed>();
  for (const row of (r.recordset ?? []) as unknown as unknown[][]) {
    out.set(String(row[0]).toLowerCase(), { verid: row[10] ? String(row[10]).toUpperCase() : null, size: row[5] === null || row[5] === undefined ? null : Number(row[5]) });
  }
  return out;
}

/** The version msdb holds, as recorded in the sidecar after a deploy ("verid:<GUID>:<bytes>"). */
const msdbVersion = (l: MsdbListed): string => `verid:${l.verid ?? ''}:${l.size ?? ''}`;

async function storedBytes(pool: sql.ConnectionPool, folderId: string, name: string): Promise<Buffer | null> {
  const r = await inStep('upload', 'msdb.dbo.sp_ssis_getpackage', () =>
    exec<{ packagedata: Buffer }>(pool.request().input('name', sql.NVarChar(128), name).input('folderid', sql.UniqueIdentifier, folderId), 'msdb.dbo.sp_ssis_getpackage'),
  );
  const data = r.recordset?.[0]?.packagedata;
  return data ? Buffer.from(data) : null;
}

export interface PutResult {
  readonly outcome: DeployOutcomeKind;
  /** msdbVersion() of what msdb holds now. */
  readonly serverVersion: string;
}

/**
 * Uploads the package unless msdb already holds exactly these bytes. `listed` is the folder listing's entry
 * (undefined: not there); `known` is true when the sidecar says these very bytes went to this listing's
 * version, so nothing needs downloading. Otherwise the stored bytes are compared before writing.
 */
export async function putMsdbPackage(pool: sql.ConnectionPool, folderId: string, pkg: PackageFile, listed: MsdbListed | undefined, known: (version: string) => boolean): Promise<PutResult> {
  const name = msdbPackageName(pkg.name);
  const verid = (pkg.versionGuid ?? randomUUID()).toUpperCase();
  const written: MsdbListed = { verid, size: pkg.bytes.length };
  if (listed) {
    if (known(msdbVersion(listed)) && listed.size === pkg.bytes.length) return { outcome: 'unchanged', serverVersion: msdbVersion(listed) };
    const existing = await storedBytes(pool, folderId, name);
    if (existing && existing.equals(pkg.bytes)) return { outcome: 'unchanged', serverVersion: msdbVersion(listed) };
  }
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
        .input('verid', sql.UniqueIdentifier, verid),
      'msdb.dbo.sp_ssis_putpackage',
    ),
  );
  return { outcome: listed ? 'updated' : 'created', serverVersion: msdbVersion(written) };
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
