/**
 * Stored Packages → MSDB → a package (Export Package..., Delete) and SSISDB → a project (Export..., Delete), and
 * Delete on their emptied folders, through the app's channels, against an emulated SQL Server with the real mssql client, writing real files.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type sql from 'mssql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator/start.js';
import { MSDB_ROOT_FOLDER_ID, type BrowseResult, type MsdbFolder, type ServerRegistration } from '../../shared/model/server.js';
import { addCatalogFolder, addMsdbFolder, deployCatalogProject, minimalIspac, putPackage, saPool } from '../services/servers/tests/emulator-setup.js';
import { bootApp, type Booted } from './boot.js';

const SA_PASSWORD = 'Stored!Pkg-1';
const PLAIN_PASSWORD = 'Plain!Pkg-2';
const ROOT = join(import.meta.dirname, '..', '..');
const NAME = `Child "1" [EU] ü`;
const CATALOG_FOLDER = "Fin'ance [EU]";
const PROJECT = 'Loader';
const ISPAC = minimalIspac(PROJECT, [{ name: 'Child 1.dtsx', entryPoint: true }]);
const BYTES = Buffer.from('\uFEFF<?xml version="1.0"?>\r\n<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts" DTS:ObjectName="Child" />\r\n', 'utf8');

let emu: RunningEmulator;
let sa: sql.ConnectionPool;
let dir: string;
let booted: Booted;
let serverId: string;
let plainId: string;
let folderId: string;

async function dispatch<T>(channel: string, args: unknown): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }> {
  return (await booted.core.dispatch(channel as never, args as never)) as never;
}

async function packagesIn(id: string): Promise<string[]> {
  const r = await dispatch<BrowseResult>('servers:browse', { serverId: id, node: 'msdb' });
  if (!r.ok) throw new Error(r.error.message);
  const root = r.value.node === 'msdb' ? r.value.root : null;
  const find = (f: MsdbFolder | null): MsdbFolder | undefined => (f?.folderId === folderId ? f : f?.folders.map(find).find(Boolean));
  return find(root)?.packages.map((p) => p.name) ?? [];
}

beforeAll(async () => {
  emu = await startEmulator({
    servers: [{ name: 'STORE1', host: '127.0.0.7' }],
    saPassword: SA_PASSWORD,
    allowSqlLoginsForCatalog: true,
    logins: [{ name: 'plain', password: PLAIN_PASSWORD, roles: [] }],
  });
  const s = emu.servers[0]!;
  sa = await saPool(s.host, s.port, SA_PASSWORD);
  folderId = await addMsdbFolder(sa, MSDB_ROOT_FOLDER_ID, 'Exports');
  await putPackage(sa, folderId, NAME, BYTES);
  await addCatalogFolder(sa, CATALOG_FOLDER);
  await deployCatalogProject(sa, CATALOG_FOLDER, PROJECT, ISPAC);
  dir = await mkdtemp(join(tmpdir(), 'ssisd-stored-packages-'));
  booted = await bootApp({ rootDir: ROOT, mode: 'browser', userDataDir: join(dir, 'user'), solutionPath: join(dir, 'none.sln'), log: () => {} });
  const add = async (displayName: string, userName: string, password: string) => {
    const r = await dispatch<ServerRegistration>('servers:add', {
      displayName, host: s.host, port: s.port, authentication: 'sql', userName, encrypt: 'optional', trustServerCertificate: true, certificatePem: null, password,
    });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.id;
  };
  serverId = await add('STORE1', 'sa', SA_PASSWORD);
  plainId = await add('STORE1 as plain', 'plain', PLAIN_PASSWORD);
});

afterAll(async () => {
  await booted?.core.close();
  await sa?.close();
  await emu?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('Stored Packages: Export Package... and Delete', () => {
  it('exports the package as msdb stores it; an existing file is replaced only with Overwrite', async () => {
    const target = join(dir, 'Child.dtsx');
    const args = { serverId, folderId, name: NAME, targetPath: target, overwrite: false };
    expect(await dispatch('servers:exportStoredPackage', args)).toEqual({ ok: true, value: { path: target, bytes: BYTES.length } });
    expect(await readFile(target)).toEqual(BYTES);
    await writeFile(target, 'older');
    expect(await dispatch('servers:exportStoredPackage', args)).toMatchObject({ ok: false, error: { code: 'ALREADY_EXISTS' } });
    expect(await readFile(target, 'utf8')).toBe('older');
    expect(await dispatch('servers:exportStoredPackage', { ...args, overwrite: true })).toMatchObject({ ok: true });
    expect(await readFile(target)).toEqual(BYTES);
    expect(await dispatch('servers:exportStoredPackage', { ...args, targetPath: join(dir, 'Child.xml') })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await dispatch('servers:exportStoredPackage', { ...args, folderId: 'not-a-guid' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it("a login without SSIS roles gets the server's refusal, and the package stays", async () => {
    const r = await dispatch('servers:deleteStoredPackage', { serverId: plainId, folderId, name: NAME });
    expect(r.ok ? null : r.error.message).toMatch(/permission was denied on the object 'sp_ssis_deletepackage'/);
    expect(await packagesIn(serverId)).toEqual([NAME]);
  });

  it('deletes the package; exporting it afterwards says it is gone; then the emptied folder can be deleted', async () => {
    const folder = { serverId, folderId, name: 'Exports' };
    const full = await dispatch('servers:deleteStoredFolder', folder);
    expect(full.ok ? null : full.error.message).toMatch(/SSIS folder 'Exports' contains packages and\/or other folders/);
    expect(await dispatch('servers:deleteStoredPackage', { serverId, folderId, name: NAME })).toEqual({ ok: true, value: { message: `Package '${NAME}' deleted from msdb.` } });
    expect(await packagesIn(serverId)).toEqual([]);
    const again = await dispatch('servers:exportStoredPackage', { serverId, folderId, name: NAME, targetPath: join(dir, 'Gone.dtsx'), overwrite: false });
    expect(again).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await dispatch('servers:deleteStoredFolder', folder)).toEqual({ ok: true, value: { message: "Folder 'Exports' deleted from msdb." } });
    const r = await dispatch<BrowseResult>('servers:browse', { serverId, node: 'msdb' });
    expect(r.ok && r.value.node === 'msdb' ? r.value.root.folders.map((f) => f.name) : null).not.toContain('Exports');
  });
});

describe('SSISDB: Export... and Delete of a project', () => {
  const projects = async () => {
    const r = await dispatch<BrowseResult>('servers:browse', { serverId, node: 'catalog' });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.node === 'catalog' ? (r.value.catalog.folders.find((f) => f.name === CATALOG_FOLDER)?.projects.map((p) => p.name) ?? []) : [];
  };

  it('exports the deployed project as the .ispac the catalog holds, then deletes it; the catalog then says it is not there', async () => {
    const target = join(dir, 'Loader.ispac');
    const args = { serverId, folder: CATALOG_FOLDER, project: PROJECT, targetPath: target, overwrite: false };
    expect(await dispatch('servers:exportCatalogProject', { ...args, targetPath: join(dir, 'Loader.dtsx') })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await dispatch('servers:exportCatalogProject', args)).toEqual({ ok: true, value: { path: target, bytes: ISPAC.length } });
    expect(await readFile(target)).toEqual(ISPAC);

    expect(await dispatch('servers:deleteCatalogProject', { serverId: plainId, folder: CATALOG_FOLDER, project: PROJECT })).toMatchObject({ ok: false });
    expect(await projects()).toEqual([PROJECT]);
    const full = await dispatch('servers:deleteCatalogFolder', { serverId, folder: CATALOG_FOLDER });
    expect(full.ok ? null : full.error.message).toMatch(/cannot be deleted because it contains projects/);
    expect(await dispatch('servers:deleteCatalogProject', { serverId, folder: CATALOG_FOLDER, project: PROJECT })).toEqual({
      ok: true,
      value: { message: `Project 'Loader' deleted from the SSISDB folder '${CATALOG_FOLDER}'.` },
    });
    expect(await projects()).toEqual([]);
    const gone = await dispatch('servers:exportCatalogProject', { ...args, overwrite: true });
    expect(gone.ok ? null : gone.error.message).toMatch(/Loader/);
    expect(await dispatch('servers:deleteCatalogFolder', { serverId, folder: CATALOG_FOLDER })).toEqual({ ok: true, value: { message: `Folder '${CATALOG_FOLDER}' deleted from SSISDB.` } });
    const r = await dispatch<BrowseResult>('servers:browse', { serverId, node: 'catalog' });
    expect(r.ok && r.value.node === 'catalog' ? r.value.catalog.folders.map((f) => f.name) : null).toEqual([]);
  });
});
