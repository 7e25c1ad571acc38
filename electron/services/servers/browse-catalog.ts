/** Integration Services Catalogs → SSISDB: folders, projects and packages from the catalog views (§3). */
import type sql from 'mssql';
import type { CatalogFolder, CatalogTree } from '../../../shared/model/server.js';
import { sqlErrorNumber } from './sql-errors.js';

const FOLDERS_SQL = 'SELECT folder_id, name, description FROM SSISDB.catalog.folders ORDER BY name';
const PROJECTS_SQL = 'SELECT project_id, folder_id, name, description, last_deployed_time, deployed_by_name FROM SSISDB.catalog.projects ORDER BY name';
const PACKAGES_SQL =
  'SELECT package_id, project_id, name, entry_point, description, version_major, version_minor, version_build FROM SSISDB.catalog.packages ORDER BY name';

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const iso = (v: unknown): string | null => (v instanceof Date ? v.toISOString() : text(v));
const num = (v: unknown): number => Number(v ?? 0) || 0;

export async function browseCatalog(pool: sql.ConnectionPool): Promise<CatalogTree> {
  let folders: Record<string, unknown>[];
  try {
    folders = (await pool.request().query<Record<string, unknown>>(FOLDERS_SQL)).recordset;
  } catch (e) {
    const n = sqlErrorNumber(e);
    if (n === 208 || n === 911 || n === 4060) return { present: false, folders: [], detail: null };
    if (n === 916 || n === 229) return { present: true, folders: [], detail: e instanceof Error ? e.message : String(e) };
    throw e;
  }
  const [projects, packages] = await Promise.all([
    pool.request().query<Record<string, unknown>>(PROJECTS_SQL),
    pool.request().query<Record<string, unknown>>(PACKAGES_SQL),
  ]);
  const tree: CatalogFolder[] = folders.map((f) => ({
    folderId: num(f.folder_id),
    name: String(f.name),
    description: text(f.description),
    projects: projects.recordset
      .filter((p) => num(p.folder_id) === num(f.folder_id))
      .map((p) => ({
        projectId: num(p.project_id),
        name: String(p.name),
        description: text(p.description),
        lastDeployedTime: iso(p.last_deployed_time),
        deployedBy: text(p.deployed_by_name),
        packages: packages.recordset
          .filter((k) => num(k.project_id) === num(p.project_id))
          .map((k) => ({
            packageId: num(k.package_id),
            name: String(k.name),
            entryPoint: k.entry_point === true || k.entry_point === 1,
            description: text(k.description),
            version: `${num(k.version_major)}.${num(k.version_minor)}.${num(k.version_build)}`,
          })),
      })),
  }));
  return { present: true, folders: tree, detail: null };
}
