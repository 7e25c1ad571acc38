/**
 * Deploying a password-protected project (the corpus's EncryptAllWithPassword SampleSSISProjectSQL2016,
 * password "ssis123") to an emulator: locked until the password is known; with the one given when the
 * project was unlocked in the Solution Explorer, or the one given with the run, the package bytes land in
 * msdb and on the file share as they are, and the SSIS catalog gets the project opened with the password,
 * as ServerStorage (it keeps secrets under its own key and never gets the password); the password is written
 * nowhere. The EncryptSensitiveWithPassword sample goes to the catalog the same way.
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../emulator/start.js';
import { main } from '../../cli/ssisd.js';
import { encryptedBlock } from '../../../shared/formats/dtsx.js';
import { fileNameFromPartName, unzipParts } from '../../../shared/formats/ispac/index.js';
import { parseXml } from '../../../shared/xml/reader.js';
import { ispacBytesForProject } from '../build/index.js';
import { hashBytes } from '../files/text-file.js';
import { decryptSsisBlockText, encryptSsisBlock } from '../solution/password.js';
import { SolutionService } from '../solution/service.js';
import { CORPUS_DIR, tempCopy } from '../solution/test-helpers.js';
import { DeployService } from './deploy-service.js';
import { jobOnServer, msdbPackageBytes, SA_PASSWORD, saPool, serversFor, value } from './tests/fixtures.js';

const PROJECT_PASSWORD = 'ssis123';
const CORPUS_PROJECT = join(CORPUS_DIR, 'rtumaykin__ssis-build', 'example', 'SampleSSISProjectSQL2016', 'SampleSSISProject');
const SENSITIVE_PROJECT = join(CORPUS_DIR, 'rtumaykin__ssis-build', 'example', 'SampleSSISProject', 'SampleSSISProject');
const JOB = { createJob: true, name: null, description: null, owner: null, proxy: null, use32bit: false };
const PACKAGE_GUID = '804427AE-D2FC-45E7-9A46-640BC92357D6';
const EDITED_GUID = '1D5C2B7E-3F4A-4B6C-8D9E-0A1B2C3D4E5F';

let emu: RunningEmulator;
let servers: Awaited<ReturnType<typeof serversFor>>;
let sa: sql.ConnectionPool;
let sa2: sql.ConnectionPool;
let copyRoot: string;
let dtproj: string;

beforeAll(async () => {
  emu = await startEmulator({ servers: [{ name: 'PW1', host: '127.0.0.2' }, { name: 'PW2', host: '127.0.0.3' }], saPassword: SA_PASSWORD, dtexec: '/bin/true', allowSqlLoginsForCatalog: true });
  servers = await serversFor(emu.servers);
  sa = await saPool(emu.servers[0]!.host, emu.servers[0]!.port);
  sa2 = await saPool(emu.servers[1]!.host, emu.servers[1]!.port);
  const copy = tempCopy(CORPUS_PROJECT, 'ssisd-pw-deploy-');
  copyRoot = dirname(copy);
  dtproj = join(copy, 'SampleSSISProject.dtproj');
}, 60_000);

afterAll(async () => {
  await sa?.close();
  await sa2?.close();
  await servers?.close();
  await emu?.close();
  if (copyRoot) rmSync(copyRoot, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

/** The project the catalog holds (catalog.get_project): each part's text by file name. */
async function catalogIspac(pool: sql.ConnectionPool, folder: string, project: string): Promise<Map<string, string>> {
  const r = await pool.request().input('folder_name', sql.NVarChar(128), folder).input('project_name', sql.NVarChar(128), project).execute('SSISDB.catalog.get_project');
  const bytes = Buffer.from((r.recordset[0] as { project_stream: Buffer }).project_stream);
  return new Map([...unzipParts(bytes)].map(([k, v]) => [fileNameFromPartName(k), Buffer.from(v).toString('utf8')]));
}

async function catalogVersionGuid(pool: sql.ConnectionPool, packageName: string): Promise<string | null> {
  const r = await pool.request().input('name', sql.NVarChar(260), packageName).query<{ version_guid: string | null }>('SELECT version_guid FROM SSISDB.catalog.packages WHERE name = @name');
  return r.recordset[0]?.version_guid ? String(r.recordset[0].version_guid).replace(/[{}]/g, '').toUpperCase() : null;
}

/** What the catalog must hold for a password project: ServerStorage throughout, nothing password-encrypted, no password. */
function expectServerStorage(parts: Map<string, string>, packages: readonly string[]): void {
  const manifest = parts.get('@Project.manifest')!;
  expect(manifest).toMatch(/^<SSIS:Project [^>]*SSIS:ProtectionLevel="ServerStorage"/);
  expect([...manifest.matchAll(/SSIS:Name="ProtectionLevel">(\d)</g)].map((m) => m[1])).toEqual(packages.map(() => '5'));
  for (const name of packages) expect(parts.get(name), name).toMatch(/^\uFEFF<\?xml version="1.0"\?>\s*<DTS:Executable [^>]*DTS:ProtectionLevel="5"/);
  for (const [name, text] of parts) {
    expect(text, name).not.toContain('EncryptedData');
    expect(text, name).not.toMatch(/\bIV="/);
    // The one place the password shows is the project's description, which its author wrote so.
    expect(text.replace('<SSIS:Property SSIS:Name="Description">password = ssis123</SSIS:Property>', ''), name).not.toContain(PROJECT_PASSWORD);
  }
}

/** Edits the whole-file encrypted package as Visual Studio would save it: new version, encrypted again with the password. */
function saveNewVersion(path: string): void {
  const text = readFileSync(path, 'utf8');
  const block = encryptedBlock(parseXml(text))!;
  const plain = decryptSsisBlockText({ password: PROJECT_PASSWORD, ...block });
  const edited = plain.replace('DTS:VersionBuild="29"', 'DTS:VersionBuild="30"').replace(`DTS:VersionGUID="{${PACKAGE_GUID}}"`, `DTS:VersionGUID="{${EDITED_GUID}}"`);
  expect(edited).toContain(EDITED_GUID);
  const cipher = encryptSsisBlock({ password: PROJECT_PASSWORD, iv: block.iv, algorithm: block.algorithm, text: edited });
  writeFileSync(path, text.replace(/<CipherValue>[^<]*<\/CipherValue>/, `<CipherValue>${cipher}</CipherValue>`));
}

describe('deploy of an EncryptAllWithPassword project', () => {
  test('locked without the password; the Solution Explorer unlock opens it for assign and deploy (msdb, file, catalog build)', async () => {
    const [id1, id2] = value(await servers.servers.list()).servers.map((s) => s.id);
    const locked = new DeployService({ servers: servers.servers, buildIspac: null });
    // Nothing assigned yet: the (empty) list needs no password; assigning does.
    expect(value(await locked.listAssignments(dtproj)).assignments).toEqual([]);
    const r = await locked.assign(dtproj, id1!, ['Package 221.dtsx'], { kind: 'msdb', folder: 'Locked' }, JOB, false);
    expect(r.ok || r.error).toMatchObject({ code: 'LOCKED', message: expect.stringContaining('unlock the project in the Solution Explorer'), details: { path: dtproj, needsPassword: true } });
    await locked.close();

    const solution = new SolutionService({ watch: false });
    try {
      value(await solution.open({ path: dtproj }));
      value(await solution.unlockProject({ projectPath: dtproj, password: PROJECT_PASSWORD }));
      const built: string[] = [];
      const deploy = new DeployService({
        servers: servers.servers,
        buildIspac: (p, password) => (built.push(password ?? '(none)'), ispacBytesForProject(p, { password, forCatalog: true })),
        projectPassword: (p) => solution.projectPassword(p),
      });
      value(await deploy.assign(dtproj, id1!, ['Package 221.dtsx'], { kind: 'msdb', folder: 'Locked' }, JOB, false));
      value(await deploy.assign(dtproj, id2!, ['Package 221.dtsx'], { kind: 'file', path: join(copyRoot, 'server-share'), copyTo: null }, JOB, false));
      const summary = value(await deploy.runAndWait([dtproj], null, null));
      expect(summary.outcomes.map((o) => [o.server, o.packageName, o.outcome, o.error?.message ?? null])).toEqual([
        ['PW1', 'Package 221.dtsx', 'created', null],
        ['PW2', 'Package 221.dtsx', 'created', null],
      ]);
      // The file share gets the package as it is; the catalog's .ispac is built with the password (below).
      expect(readFileSync(join(copyRoot, 'server-share', 'Package 221.dtsx')).equals(readFileSync(join(dirname(dtproj), 'Package 221.dtsx')))).toBe(true);
      // msdb holds the package as it is on disk (still encrypted with the project password).
      expect((await msdbPackageBytes(sa, 'Locked', 'Package 221'))!.equals(readFileSync(join(dirname(dtproj), 'Package 221.dtsx')))).toBe(true);
      expect((await jobOnServer(sa, 'SampleSSISProject - Package 221'))!.steps[0]!.command).toBe('/SQL "\\"\\Locked\\Package 221\\"" /SERVER "\\"PW1\\"" /CHECKPOINTING OFF /REPORTING E');
      value(await deploy.assign(dtproj, id2!, ['Package 221.dtsx'], { kind: 'catalog', folder: 'Locked', project: 'SampleSSISProject' }, JOB, false));
      const catalog = value(await deploy.runAndWait([dtproj], null, ['PW2']));
      expect(catalog.outcomes.map((o) => [o.server, o.target, o.packageOutcome, o.error?.message ?? null])).toEqual([['PW2', 'catalog', 'created', null]]);
      expect(built).toEqual([PROJECT_PASSWORD]);
      // catalog.deploy_project got the project decrypted, as ServerStorage: the catalog reads its package.
      expectServerStorage(await catalogIspac(sa2, 'Locked', 'SampleSSISProject'), ['Package 221.dtsx']);
      expect(await catalogVersionGuid(sa2, 'Package 221.dtsx')).toBe(PACKAGE_GUID);
      // The sidecar keeps the SHA-256 of the file on disk, so the assignment shows as deployed.
      const pkgPath = join(dirname(dtproj), 'Package 221.dtsx');
      const onCatalog = async () => value(await deploy.listAssignments(dtproj)).assignments.find((a) => a.target.kind === 'catalog')!;
      expect(await onCatalog()).toMatchObject({ status: 'deployed', state: { deployed: { sha256: hashBytes(readFileSync(pkgPath)), versionGuid: PACKAGE_GUID } } });
      const again = value(await deploy.runAndWait([dtproj], null, ['PW2']));
      expect(again.outcomes.map((o) => [o.packageOutcome, o.outcome])).toEqual([['unchanged', 'unchanged']]);
      expect(built).toEqual([PROJECT_PASSWORD]);

      // A new version of the package goes with catalog.deploy_packages, decrypted as ServerStorage too.
      saveNewVersion(pkgPath);
      expect(await onCatalog()).toMatchObject({ status: 'out-of-date' });
      const update = value(await deploy.runAndWait([dtproj], null, ['PW2']));
      expect(update.outcomes.map((o) => [o.packageOutcome, o.error?.message ?? null])).toEqual([['updated', null]]);
      expect(built).toEqual([PROJECT_PASSWORD]);
      const updated = await catalogIspac(sa2, 'Locked', 'SampleSSISProject');
      expectServerStorage(updated, ['Package 221.dtsx']);
      expect(updated.get('Package 221.dtsx')).toContain('DTS:VersionBuild="30"');
      expect(await catalogVersionGuid(sa2, 'Package 221.dtsx')).toBe(EDITED_GUID);
      expect(await onCatalog()).toMatchObject({ status: 'deployed', state: { deployed: { sha256: hashBytes(readFileSync(pkgPath)), versionGuid: EDITED_GUID } } });
      expect(value(await deploy.runAndWait([dtproj], null, ['PW2'])).outcomes.map((o) => o.outcome)).toEqual(['unchanged']);

      // Back to the file share for the next tests, with msdb and the share brought up to the new version.
      value(await deploy.assign(dtproj, id2!, ['Package 221.dtsx'], { kind: 'file', path: join(copyRoot, 'server-share'), copyTo: null }, JOB, false));
      expect(value(await deploy.runAndWait([dtproj], null, null)).counts).toMatchObject({ failed: 0, updated: 2 });
      await deploy.close();
    } finally {
      await solution.close();
    }
    for (const f of filesUnder(copyRoot)) expect(readFileSync(f, 'latin1').includes(PROJECT_PASSWORD), f).toBe(false);
  }, 60_000);

  test('a password given with the run is used for it and its retry; a wrong one is BAD_PASSWORD naming the project', async () => {
    const deploy = new DeployService({ servers: servers.servers, buildIspac: (p, password) => ispacBytesForProject(p, { password, forCatalog: true }) });
    const wrong = await deploy.runAndWait([dtproj], null, null, [{ projectPath: dtproj, password: 'nope' }]);
    expect(wrong.ok || wrong.error).toMatchObject({ code: 'BAD_PASSWORD', message: 'The password given for SampleSSISProject.dtproj is not correct.', details: { path: dtproj } });
    const summary = value(await deploy.runAndWait([dtproj], null, null, [{ projectPath: dtproj, password: PROJECT_PASSWORD }]));
    expect(summary.counts).toMatchObject({ failed: 0, cancelled: 0 });
    expect(summary.counts.unchanged).toBe(2);
    await deploy.close();
  }, 60_000);

  test('ssisd deploy --password-env VAR opens the project with the password in that variable', async () => {
    const file = join(copyRoot, 'servers.json');
    const s = emu.servers[0]!;
    writeFileSync(file, JSON.stringify({ servers: [{ displayName: 'PW1', host: s.host, port: s.port, userName: 'sa', passwordEnv: 'PW_TEST_SA', encrypt: 'optional', trustServerCertificate: true }] }));
    let out = '';
    let err = '';
    const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t) };
    process.env.PW_TEST_SA = SA_PASSWORD;
    process.env.PW_TEST_PROJECT = PROJECT_PASSWORD;
    try {
      expect(await main(['deploy', dtproj, '--servers', file, '--server', 'PW1'], io)).toBe(1);
      expect(out).toBe('');
      expect(err).toContain('unlock the project in the Solution Explorer (or give its password)');
      out = err = '';
      expect(await main(['deploy', dtproj, '--servers', file, '--server', 'PW1', '--password-env', 'PW_TEST_PROJECT'], io)).toBe(0);
      expect(err).toBe('');
      expect(out).toContain("PW1: Package 221.dtsx: package unchanged, job 'SampleSSISProject - Package 221' unchanged\n");
    } finally {
      delete process.env.PW_TEST_SA;
      delete process.env.PW_TEST_PROJECT;
    }
    expect(out + err).not.toContain(PROJECT_PASSWORD);
  }, 60_000);
});

describe('deploy of an EncryptSensitiveWithPassword project', () => {
  test('the catalog needs the password (msdb does not); with it the sensitive values go decrypted, as ServerStorage', async () => {
    const copy = tempCopy(SENSITIVE_PROJECT, 'ssisd-pw-sensitive-');
    const project = join(copy, 'SampleSSISProject.dtproj');
    const original = new Set(filesUnder(copy));
    const [id1, id2] = value(await servers.servers.list()).servers.map((s) => s.id);
    const deploy = new DeployService({ servers: servers.servers, buildIspac: (p, password) => ispacBytesForProject(p, { password, forCatalog: true }) });
    try {
      value(await deploy.assign(project, id1!, ['Package 221.dtsx'], { kind: 'catalog', folder: 'Sensitive', project: 'SampleSSISProject' }, JOB, false));
      value(await deploy.assign(project, id2!, ['Package1.dtsx'], { kind: 'msdb', folder: 'Sensitive' }, JOB, false));
      const msdb = value(await deploy.runAndWait([project], null, ['PW2']));
      expect(msdb.outcomes.map((o) => [o.server, o.outcome])).toEqual([['PW2', 'created']]);
      const locked = await deploy.runAndWait([project], null, null);
      expect(locked.ok || locked.error).toMatchObject({
        code: 'LOCKED',
        message: 'SampleSSISProject.dtproj encrypts its sensitive values with a password (EncryptSensitiveWithPassword); give the project password to deploy it to the SSIS catalog.',
        details: { path: project, needsPassword: true },
      });
      const wrong = await deploy.runAndWait([project], null, null, [{ projectPath: project, password: 'nope' }]);
      expect(wrong.ok || wrong.error).toMatchObject({ code: 'BAD_PASSWORD', message: 'The password given for SampleSSISProject.dtproj is not correct.' });
      const done = value(await deploy.runAndWait([project], null, ['PW1'], [{ projectPath: project, password: PROJECT_PASSWORD }]));
      expect(done.outcomes.map((o) => [o.server, o.target, o.packageOutcome, o.error?.message ?? null])).toEqual([['PW1', 'catalog', 'created', null]]);
      const parts = await catalogIspac(sa, 'Sensitive', 'SampleSSISProject');
      expectServerStorage(parts, ['Package 221.dtsx', 'Package1.dtsx']);
      expect(parts.get('@Project.manifest')).not.toContain('PasswordVerifier');
      // The connection password only the project password opened reaches the catalog, which keeps it under its own key.
      expect(parts.get('Package 221.dtsx')).toMatch(/<DTS:Password [^>]*Sensitive="1"[^>]*>db-01<\/DTS:Password>/);
      const again = value(await deploy.runAndWait([project], null, ['PW1'], [{ projectPath: project, password: PROJECT_PASSWORD }]));
      expect(again.outcomes.map((o) => o.outcome)).toEqual(['unchanged']);
      // What the deploy wrote (the assignments file) holds no password (the .dtproj's own description does).
      const written = filesUnder(copy).filter((f) => !original.has(f));
      expect(written.length).toBeGreaterThan(0);
      for (const f of written) expect(readFileSync(f, 'latin1').includes(PROJECT_PASSWORD), f).toBe(false);
    } finally {
      await deploy.close();
      rmSync(dirname(copy), { recursive: true, force: true });
    }
  }, 60_000);
});
