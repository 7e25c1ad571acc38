/** Stored Packages → MSDB: the msdb package-store folder tree through sp_ssis_listfolders / sp_ssis_listpackages (§2.2). */
import sql from 'mssql';
import { MSDB_ROOT_FOLDER_ID, type MsdbFolder, type MsdbPackage } from '../../../shared/model/server.js';

const MAX_DEPTH = 32;
const MAX_FOLDERS = 2000;

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const iso = (v: unknown): string | null => (v instanceof Date ? v.toISOString() : text(v));
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0) || 0);

async function listPackages(pool: sql.ConnectionPool, folderId: string): Promise<MsdbPackage[]> {
  const req = pool.request();
  // The 6th column (the package's byte length) has no name: read rows as arrays.
  req.arrayRowMode = true;
  const r = await req.input('folderid', sql.UniqueIdentifier, folderId).execute('msdb.dbo.sp_ssis_listpackages');
  const rows = (r.recordset ?? []) as unknown as unknown[][];
  return rows.map((row) => ({
    name: String(row[0]),
    id: String(row[1]).toUpperCase(),
    description: text(row[2]),
    createDate: iso(row[3]),
    folderId: String(row[4]).toUpperCase(),
    sizeBytes: row[5] === null || row[5] === undefined ? null : num(row[5]),
    version: `${num(row[6])}.${num(row[7])}.${num(row[8])}`,
    versionComments: text(row[9]),
    versionId: row[10] === null || row[10] === undefined ? null : String(row[10]).toUpperCase(),
  }));
}

async function listFolders(pool: sql.ConnectionPool, parentId: string): Promise<{ folderId: string; name: string }[]> {
  const r = await pool.request().input('parentfolderid', sql.UniqueIdentifier, parentId).execute('msdb.dbo.sp_ssis_listfolders');
  return (r.recordset ?? [])
    .map((row: Record<string, unknown>) => ({ folderId: String(row.folderid).toUpperCase(), name: String(row.foldername ?? '') }))
    .filter((f: { folderId: string }) => f.folderId !== parentId.toUpperCase());
}

export async function browseMsdb(pool: sql.ConnectionPool): Promise<MsdbFolder> {
  let count = 0;
  const visit = async (folderId: string, name: string, path: string, depth: number): Promise<MsdbFolder> => {
    if (++count > MAX_FOLDERS) throw new Error(`msdb has more than ${MAX_FOLDERS} package folders; stopped listing.`);
    const [children, packages] = await Promise.all([depth < MAX_DEPTH ? listFolders(pool, folderId) : [], listPackages(pool, folderId)]);
    const folders: MsdbFolder[] = [];
    for (const c of children) folders.push(await visit(c.folderId, c.name, `${path}\\${c.name}`, depth + 1));
    return { folderId, name, path, folders, packages };
  };
  return visit(MSDB_ROOT_FOLDER_ID, '', '', 0);
}
