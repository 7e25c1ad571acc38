import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SolutionView } from '../../../shared/model/solution.js';
import type { Result } from '../../../shared/result.js';
import { parseDtproj } from '../../../shared/formats/dtproj.js';
import { parseDtsx } from '../../../shared/formats/dtsx.js';
import { SolutionService } from './service.js';
import { CORPUS_DIR, listFiles, SAMPLE_DIR, tempCopy } from './test-helpers.js';
import { TEMP_PREFIX } from '../files/atomic-write.js';

const cleanup: string[] = [];
const services: SolutionService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
  for (const d of cleanup.splice(0)) rmSync(dirname(d), { recursive: true, force: true });
});

function sample(): { dir: string; sln: string; dtproj: string; proj: string } {
  const dir = tempCopy(SAMPLE_DIR);
  cleanup.push(dir);
  const proj = join(dir, 'LoadBalancing');
  return { dir, sln: join(dir, 'LoadBalancing.sln'), dtproj: join(proj, 'LoadBalancing.dtproj'), proj };
}

function service(opts: ConstructorParameters<typeof SolutionService>[0] = { watch: false }): SolutionService {
  const s = new SolutionService(opts);
  services.push(s);
  return s;
}

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

function errorOf<T>(r: Result<T>) {
  if (r.ok) throw new Error('expected a failure');
  return r.error;
}

let guidCounter = 0;
const fakeGuid = () => `00000000-0000-4000-8000-${String(++guidCounter).padStart(12, '0')}`;

describe('SolutionService on the bundled sample', () => {
  it('opens the solution as Visual Studio shows it', async () => {
    const s = sample();
    const view = value(await service().open({ path: s.sln }));
    expect(view.kind).toBe('sln');
    expect(view.solution?.name).toBe('LoadBalancing');
    const p = view.projects[0]!;
    expect(p.status).toBe('loaded');
    expect(p.deploymentModel).toBe('Project');
    expect(p.targetServerVersion).toBe('SQLServer2019');
    expect(p.projectParams?.status).toBe('ok');
    expect(p.connectionManagers.map((c) => [c.name, c.status])).toEqual([['Warehouse.conmgr', 'ok']]);
    expect(p.packages.map((k) => [k.name, k.entryPoint, k.formatVersion, k.protectionLevel, k.status])).toEqual([
      ['Parent.dtsx', true, 8, 0, 'ok'],
      ['LoadCustomers.dtsx', false, 8, 0, 'ok'],
      ['LoadOrders.dtsx', false, 8, 0, 'ok'],
      ['LoadProducts.dtsx', false, 8, 0, 'ok'],
    ]);
  });

  it('opens a .slnx, ignoring orphan .dtsx files as Visual Studio does', async () => {
    const s = sample();
    const slnx = join(s.dir, 'LoadBalancing.slnx');
    writeFileSync(slnx, '<Solution>\n  <Configurations>\n    <BuildType Name="Development" />\n    <Platform Name="Default" />\n  </Configurations>\n  <Project Path="LoadBalancing/LoadBalancing.dtproj" Type="159641d6-6404-4a2a-ae62-294de0fe8301" />\n</Solution>\n');
    writeFileSync(join(s.proj, 'Parent - Copy.dtsx'), readFileSync(join(s.proj, 'Parent.dtsx')));
    const view = value(await service().open({ path: slnx }));
    expect(view.kind).toBe('slnx');
    expect(view.solution?.name).toBe('LoadBalancing');
    expect(view.projects[0]!.packages.map((k) => k.name)).toEqual(['Parent.dtsx', 'LoadCustomers.dtsx', 'LoadOrders.dtsx', 'LoadProducts.dtsx']);
  });

  it('opens a lone .dtproj too', async () => {
    const s = sample();
    const view = value(await service().open({ path: s.dtproj }));
    expect(view.solution).toBeNull();
    expect(view.kind).toBe('dtproj');
    expect(view.projects[0]!.packages).toHaveLength(4);
  });

  it('toggles Entry-point changing one byte, and twice gives back identical bytes', async () => {
    const s = sample();
    const before = readFileSync(s.dtproj);
    const svc = service();
    value(await svc.open({ path: s.sln }));
    const on = value(await svc.setEntryPoint({ projectPath: s.dtproj, packageName: 'LoadOrders.dtsx', entryPoint: true }));
    expect(on.projects[0]!.packages.find((k) => k.name === 'LoadOrders.dtsx')!.entryPoint).toBe(true);
    const mid = readFileSync(s.dtproj);
    expect(mid.length).toBe(before.length);
    expect([...mid].filter((b, i) => b !== before[i]).length).toBe(1);
    value(await svc.setEntryPoint({ projectPath: s.dtproj, packageName: 'loadorders.DTSX', entryPoint: false }));
    expect(readFileSync(s.dtproj).equals(before)).toBe(true);
    expect(readdirSync(s.proj).filter((n) => n.startsWith(TEMP_PREFIX))).toEqual([]);
  });

  it('refuses to overwrite a file changed on disk since it was read (CONFLICT), then works after reload', async () => {
    const s = sample();
    const svc = service();
    value(await svc.open({ path: s.sln }));
    const external = readFileSync(s.dtproj, 'utf8').replace('<OutputPath>bin</OutputPath>', '<OutputPath>bin2</OutputPath>');
    writeFileSync(s.dtproj, external);
    const err = errorOf(await svc.setEntryPoint({ projectPath: s.dtproj, packageName: 'Parent.dtsx', entryPoint: false }));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/changed on disk.*Reload/);
    expect(readFileSync(s.dtproj, 'utf8')).toBe(external);
    value(await svc.reload());
    value(await svc.setEntryPoint({ projectPath: s.dtproj, packageName: 'Parent.dtsx', entryPoint: false }));
    const text = readFileSync(s.dtproj, 'utf8');
    expect(text).toContain('bin2');
    expect(text).toContain('SSIS:Name="Parent.dtsx" SSIS:EntryPoint="0"');
  });

  it('notices changes on disk and reloads (watcher), but not its own writes', async () => {
    const s = sample();
    const svc = service({ watch: true, debounceMs: 60 });
    value(await svc.open({ path: s.sln }));
    const events: SolutionView[] = [];
    svc.onChanged((v) => events.push(v));
    value(await svc.setEntryPoint({ projectPath: s.dtproj, packageName: 'LoadProducts.dtsx', entryPoint: true }));
    await svc.settle();
    expect(events).toHaveLength(0);
    // An editor saving through a temp file + rename, as many do.
    const text = readFileSync(s.dtproj, 'utf8').replace('SSIS:Name="LoadCustomers.dtsx" SSIS:EntryPoint="0"', 'SSIS:Name="LoadCustomers.dtsx" SSIS:EntryPoint="1"');
    writeFileSync(join(s.proj, 'edit.tmp'), text);
    renameSync(join(s.proj, 'edit.tmp'), s.dtproj);
    for (let i = 0; i < 40 && events.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await svc.settle();
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.at(-1)!.projects[0]!.packages.find((k) => k.name === 'LoadCustomers.dtsx')!.entryPoint).toBe(true);
  });

  it('creates new packages: valid format 8, fresh DTSIDs, registered in manifest and metadata', async () => {
    const s = sample();
    const svc = service({ watch: false, newGuid: fakeGuid, now: () => new Date(2026, 10, 24, 9, 30, 0) });
    value(await svc.open({ path: s.sln }));
    const first = value(await svc.newPackage({ projectPath: s.dtproj }));
    const second = value(await svc.newPackage({ projectPath: s.dtproj }));
    expect([first.packageName, second.packageName]).toEqual(['Package1.dtsx', 'Package2.dtsx']);
    const pkgText = readFileSync(join(s.proj, 'Package1.dtsx'), 'utf8');
    const { info } = parseDtsx(pkgText);
    expect(info.formatVersion).toBe(8);
    expect(info.objectName).toBe('Package1');
    expect(info.id).toMatch(/^\{00000000-0000-4000-8000-0{11}[0-9]\}$/);
    expect(info.id).not.toBe(info.versionGuid);
    const proj = parseDtproj(readFileSync(s.dtproj, 'utf8'));
    expect(proj.packages.map((k) => [k.name, k.entryPoint])).toContainEqual(['Package2.dtsx', true]);
    expect(readFileSync(s.dtproj, 'utf8')).toContain(`<SSIS:PackageMetaData SSIS:Name="Package1.dtsx">`);
    expect(readFileSync(s.dtproj, 'utf8')).toContain(`<SSIS:Property SSIS:Name="ID">${info.id}</SSIS:Property>`);
    const p = second.view.projects[0]!.packages.find((k) => k.name === 'Package1.dtsx')!;
    expect(p.status).toBe('ok');
    // The sample project is DontSaveSensitive: the new package takes that level, in the file and the metadata.
    expect(p.protectionLevel).toBe(0);
    expect(pkgText).toContain('DTS:ProtectionLevel="0"');
    expect(readFileSync(s.dtproj, 'utf8')).toMatch(/SSIS:Name="Package1.dtsx">[\s\S]*?SSIS:Name="ProtectionLevel">0</);
  });

  it('renames the file and every reference; validates names like Visual Studio', async () => {
    const s = sample();
    const svc = service();
    value(await svc.open({ path: s.sln }));
    expect(errorOf(await svc.renamePackage({ projectPath: s.dtproj, packageName: 'Parent.dtsx', newName: 'a/b' })).code).toBe('INVALID_ARGUMENT');
    expect(errorOf(await svc.renamePackage({ projectPath: s.dtproj, packageName: 'Parent.dtsx', newName: 'loadorders' })).message).toMatch(/already exists/);
    expect(errorOf(await svc.renamePackage({ projectPath: s.dtproj, packageName: 'Parent.dtsx', newName: 'con' })).code).toBe('INVALID_ARGUMENT');
    const newName = "Pärent 'Main' [1] & Co";
    const view = value(await svc.renamePackage({ projectPath: s.dtproj, packageName: 'Parent.dtsx', newName }));
    expect(view.projects[0]!.packages[0]).toMatchObject({ name: `${newName}.dtsx`, entryPoint: true, status: 'ok' });
    expect(existsSync(join(s.proj, 'Parent.dtsx'))).toBe(false);
    const pkg = parseDtsx(readFileSync(join(s.proj, `${newName}.dtsx`), 'utf8')).info;
    expect(pkg.objectName).toBe(newName);
    const proj = readFileSync(s.dtproj, 'utf8');
    expect(proj).not.toContain('Parent.dtsx');
    expect(proj).toContain(`SSIS:Name="Pärent 'Main' [1] &amp; Co.dtsx"`);
    expect(errorOf(await svc.renamePackage({ projectPath: s.dtproj, packageName: `${newName}.dtsx`, newName: 'say "hi"' })).message).toMatch(/cannot contain the character/);
    // Case-only rename.
    const v2 = value(await svc.renamePackage({ projectPath: s.dtproj, packageName: 'LoadOrders.dtsx', newName: 'LOADORDERS.dtsx' }));
    expect(v2.projects[0]!.packages.map((k) => k.name)).toContain('LOADORDERS.dtsx');
    expect(readdirSync(s.proj)).toContain('LOADORDERS.dtsx');
    expect(readdirSync(s.proj)).not.toContain('LoadOrders.dtsx');
  });

  it('deletes (file gone) and excludes (file kept)', async () => {
    const s = sample();
    const svc = service();
    value(await svc.open({ path: s.sln }));
    value(await svc.deletePackage({ projectPath: s.dtproj, packageName: 'LoadOrders.dtsx' }));
    expect(existsSync(join(s.proj, 'LoadOrders.dtsx'))).toBe(false);
    const v = value(await svc.excludePackage({ projectPath: s.dtproj, packageName: 'LoadProducts.dtsx' }));
    expect(existsSync(join(s.proj, 'LoadProducts.dtsx'))).toBe(true);
    expect(v.projects[0]!.packages.map((k) => k.name)).toEqual(['Parent.dtsx', 'LoadCustomers.dtsx']);
    const text = readFileSync(s.dtproj, 'utf8');
    expect(text).not.toMatch(/LoadOrders|LoadProducts/);
    expect(errorOf(await svc.deletePackage({ projectPath: s.dtproj, packageName: 'Nope.dtsx' })).code).toBe('NOT_FOUND');
  });

  it('adds an existing package by copying it into the project', async () => {
    const s = sample();
    const svc = service();
    value(await svc.open({ path: s.sln }));
    const src = join(CORPUS_DIR, 'aleonard763__SSIS-Framework-Community-Edition-2022/FrameworkTest2/Child3.dtsx');
    const v = value(await svc.addExistingPackage({ projectPath: s.dtproj, sourcePath: src }));
    expect(v.projects[0]!.packages.find((k) => k.name === 'Child3.dtsx')).toMatchObject({ status: 'ok', id: '{85E67844-F1DF-4F24-A346-CAC0DFDED0AD}' });
    expect(readFileSync(join(s.proj, 'Child3.dtsx')).equals(readFileSync(src))).toBe(true);
    expect(errorOf(await svc.addExistingPackage({ projectPath: s.dtproj, sourcePath: src })).code).toBe('ALREADY_EXISTS');
    const notPkg = join(s.dir, 'not-a-package.dtsx');
    writeFileSync(notPkg, '<Project/>');
    expect(errorOf(await svc.addExistingPackage({ projectPath: s.dtproj, sourcePath: notPkg })).code).toBe('PARSE_ERROR');
  });

  it('sets the StartUp object in .dtproj.user (created when absent)', async () => {
    const s = sample();
    const svc = service();
    value(await svc.open({ path: s.sln }));
    let v = value(await svc.setStartupObject({ projectPath: s.dtproj, packageName: 'LoadCustomers.dtsx' }));
    expect(v.projects[0]!.startupObject).toBe('LoadCustomers.dtsx');
    v = value(await svc.setStartupObject({ projectPath: s.dtproj, packageName: 'Parent.dtsx' }));
    expect(v.projects[0]!.startupObject).toBe('Parent.dtsx');
    expect(readFileSync(`${s.dtproj}.user`, 'utf8')).toContain('<StartObjectID>Parent.dtsx</StartObjectID>');
  });

  it('shows code with secrets masked, only for files of the solution', async () => {
    const s = sample();
    const cm = join(s.proj, 'Warehouse.conmgr');
    writeFileSync(cm, readFileSync(cm, 'utf8').replace('Integrated Security=SSPI;', 'User ID=sa;Password=Secr3t!;'));
    const svc = service();
    value(await svc.open({ path: s.sln }));
    const code = value(await svc.viewCode({ path: cm }));
    expect(code.text).not.toContain('Secr3t');
    expect(code.text).toContain('Password=********;');
    expect(errorOf(await svc.viewCode({ path: '/etc/passwd' })).code).toBe('INVALID_ARGUMENT');
  });

  it('answers properties', async () => {
    const s = sample();
    const svc = service();
    value(await svc.open({ path: s.sln }));
    const pp = value(await svc.packageProperties({ projectPath: s.dtproj, packageName: 'Parent.dtsx' }));
    expect(pp).toMatchObject({ protectionLevel: 0, protectionLevelName: 'DontSaveSensitive', formatVersion: 8, targetServerVersion: 'SQLServer2019', entryPoint: true, versionBuild: 1 });
    const pr = value(await svc.projectProperties({ projectPath: s.dtproj }));
    expect(pr).toMatchObject({ deploymentModel: 'Project', protectionLevelName: 'DontSaveSensitive', configurations: ['Development'] });
  });
});

describe('bad input', () => {
  it('missing project, malformed package, malformed project, foreign project: the rest loads', async () => {
    const s = sample();
    writeFileSync(join(s.proj, 'LoadOrders.dtsx'), '<?xml version="1.0"?>\n<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts">\n  <DTS:Variables>\n</DTS:Executable>');
    rmSync(join(s.proj, 'LoadProducts.dtsx'));
    mkdirSync(join(s.dir, 'Broken'));
    writeFileSync(join(s.dir, 'Broken', 'Broken.dtproj'), '<Project><DeploymentModel>Project</Deployment></Project>');
    const sln = readFileSync(s.sln, 'utf8').replace(
      'Global',
      [
        'Project("{159641D6-6404-4A2A-AE62-294DE0FE8301}") = "Gone", "Gone\\Gone.dtproj", "{11111111-1111-1111-1111-111111111111}"\r\nEndProject',
        'Project("{159641D6-6404-4A2A-AE62-294DE0FE8301}") = "Broken", "broken\\BROKEN.dtproj", "{22222222-2222-2222-2222-222222222222}"\r\nEndProject',
        'Project("{F14B399A-7131-4C87-9E4B-1186C45EF12D}") = "Reports", "Reports\\Reports.rptproj", "{33333333-3333-3333-3333-333333333333}"\r\nEndProject',
        'Global',
      ].join('\r\n'),
    );
    writeFileSync(s.sln, sln);
    const before = new Map(listFiles(s.dir).map((f) => [f, readFileSync(f)]));
    const svc = service();
    const view = value(await svc.open({ path: s.sln }));
    const [lb, gone, broken, reports] = view.projects;
    expect(lb!.status).toBe('loaded');
    expect(lb!.packages.find((k) => k.name === 'LoadOrders.dtsx')).toMatchObject({ status: 'error' });
    expect(lb!.packages.find((k) => k.name === 'LoadOrders.dtsx')!.error).toMatch(/End tag <\/DTS:Executable> does not match <DTS:Variables>.*line 4, column 1/);
    expect(lb!.packages.find((k) => k.name === 'LoadProducts.dtsx')).toMatchObject({ status: 'missing' });
    expect(lb!.packages.find((k) => k.name === 'Parent.dtsx')).toMatchObject({ status: 'ok' });
    expect(gone).toMatchObject({ name: 'Gone', status: 'unavailable' });
    expect(gone!.error).toMatch(/not found/);
    expect(broken).toMatchObject({ name: 'Broken', status: 'error' });
    expect(broken!.error).toMatch(/line 1, column \d+/);
    expect(reports).toMatchObject({ status: 'foreign', foreignKind: 'Reporting Services' });
    // Nothing is written to a project that failed to parse.
    const err = errorOf(await svc.setEntryPoint({ projectPath: broken!.path, packageName: 'x.dtsx', entryPoint: true }));
    expect(err.code).toBe('PARSE_ERROR');
    for (const [f, bytes] of before) expect(readFileSync(f).equals(bytes)).toBe(true);
  });

  it('looks files up case-insensitively and copes with unicode, brackets and quotes in paths', async () => {
    const s = sample();
    const odd = join(dirname(s.dir), "Załóż [x] 'q' (1)");
    renameSync(s.dir, odd);
    const proj = join(odd, 'LoadBalancing');
    renameSync(join(proj, 'LoadOrders.dtsx'), join(proj, 'loadorders.DTSX'));
    renameSync(join(proj, 'LoadBalancing.dtproj'), join(proj, 'loadbalancing.DTPROJ'));
    const svc = service();
    const view = value(await svc.open({ path: join(odd, 'LoadBalancing.sln') }));
    const p = view.projects[0]!;
    expect(p.status).toBe('loaded');
    expect(p.path).toBe(join(proj, 'loadbalancing.DTPROJ'));
    expect(p.packages.find((k) => k.name === 'LoadOrders.dtsx')).toMatchObject({ status: 'ok', path: join(proj, 'loadorders.DTSX') });
    value(await svc.setEntryPoint({ projectPath: p.path, packageName: 'LoadOrders.dtsx', entryPoint: true }));
    expect(readFileSync(p.path, 'utf8')).toContain('SSIS:Name="LoadOrders.dtsx" SSIS:EntryPoint="1"');
    renameSync(odd, s.dir); // so cleanup finds it
  });

  it('refuses to change a file that is not valid UTF-8 and leaves it untouched', async () => {
    const s = sample();
    const bytes = Buffer.concat([readFileSync(s.dtproj), Buffer.from([0x3c, 0x21, 0x2d, 0x2d, 0xff, 0x2d, 0x2d, 0x3e])]);
    writeFileSync(s.dtproj, bytes);
    const svc = service();
    value(await svc.open({ path: s.sln }));
    expect(errorOf(await svc.setEntryPoint({ projectPath: s.dtproj, packageName: 'LoadOrders.dtsx', entryPoint: true })).message).toMatch(/not valid UTF-8/);
    expect(readFileSync(s.dtproj).equals(bytes)).toBe(true);
  });

  it('fails clearly on unopenable input', async () => {
    const s = sample();
    const svc = service();
    expect(errorOf(await svc.open({ path: join(s.dir, 'nope.sln') })).code).toBe('NOT_FOUND');
    expect(errorOf(await svc.open({ path: join(s.proj, 'Parent.dtsx') })).code).toBe('INVALID_ARGUMENT');
    writeFileSync(join(s.dir, 'junk.sln'), 'hello');
    expect(errorOf(await svc.open({ path: join(s.dir, 'junk.sln') })).message).toMatch(/Not a Visual Studio solution/);
    expect(errorOf(await svc.setEntryPoint({ projectPath: s.dtproj, packageName: 'Parent.dtsx', entryPoint: true })).code).toBe('INVALID_ARGUMENT');
    writeFileSync(join(s.dir, 'doctype.dtproj'), '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><Project/>');
    // A lone malformed project still opens, as one node carrying the parser's message.
    const v = value(await svc.open({ path: join(s.dir, 'doctype.dtproj') }));
    expect(v.projects[0]).toMatchObject({ status: 'error' });
    expect(v.projects[0]!.error).toMatch(/DOCTYPE declarations are not allowed.*line 1, column 22/);
  });
});

describe('the corpus', () => {
  const solutions = listFiles(CORPUS_DIR).filter((f) => /\.slnx?$/i.test(f));

  it.each(solutions.map((f) => [f.slice(CORPUS_DIR.length + 1), f]))('opens %s', async (_name, file) => {
    const view = value(await service().open({ path: file }));
    expect(view.projects.length).toBeGreaterThan(0);
    for (const p of view.projects) expect(['loaded', 'locked']).toContain(p.status);
  });

  it('shows the EncryptAllWithPassword project locked and opens it with the password', async () => {
    const dir = tempCopy(join(CORPUS_DIR, 'rtumaykin__ssis-build/example/SampleSSISProjectSQL2016'));
    cleanup.push(dir);
    const dtproj = join(dir, 'SampleSSISProject', 'SampleSSISProject.dtproj');
    const svc = service();
    const locked = value(await svc.open({ path: join(dir, 'SampleSSISProjectSQL2016.sln') }));
    expect(locked.projects[0]).toMatchObject({ status: 'locked', protectionLevel: 3, packages: [] });
    expect(errorOf(await svc.unlockProject({ projectPath: dtproj, password: 'wrong' })).code).toBe('BAD_PASSWORD');
    const open = value(await svc.unlockProject({ projectPath: dtproj, password: 'ssis123' }));
    const p = open.projects[0]!;
    expect(p.status).toBe('loaded');
    expect(p.packages.map((k) => [k.name, k.protectionLevel, k.formatVersion, k.status])).toEqual([['Package 221.dtsx', 3, 8, 'ok']]);
    // The whole-file encrypted package (xmlenc, ISO 10126 padding) was decrypted to read its properties.
    expect(p.packages[0]!.id).toMatch(/^\{[0-9A-F-]{36}\}$/i);
    const props = value(await svc.packageProperties({ projectPath: dtproj, packageName: 'Package 221.dtsx' }));
    expect(props.protectionLevelName).toBe('EncryptAllWithPassword');
    expect(props.versionGuid).toMatch(/^\{/);
    expect(p.connectionManagers.map((c) => c.name).sort()).toEqual(['db-01111.msdb.conmgr', 'db-01222.msdb.conmgr']);
    // Entry-point edits work inside the ciphertext; toggling back restores the exact bytes.
    const before = readFileSync(dtproj);
    const off = value(await svc.setEntryPoint({ projectPath: dtproj, packageName: 'Package 221.dtsx', entryPoint: false }));
    expect(off.projects[0]!.packages[0]!.entryPoint).toBe(false);
    expect(readFileSync(dtproj).equals(before)).toBe(false);
    expect(readFileSync(dtproj, 'utf8')).toContain('SSIS:ProtectionLevel="EncryptAllWithPassword"');
    expect(readFileSync(dtproj, 'utf8')).not.toContain('Package 221.dtsx');
    // A fresh service (no password) still sees it locked; with the password, the change is there.
    const other = service();
    value(await other.open({ path: join(dir, 'SampleSSISProjectSQL2016.sln') }));
    expect(value(await other.unlockProject({ projectPath: dtproj, password: 'ssis123' })).projects[0]!.packages[0]!.entryPoint).toBe(false);
    value(await svc.setEntryPoint({ projectPath: dtproj, packageName: 'Package 221.dtsx', entryPoint: true }));
    expect(readFileSync(dtproj).equals(before)).toBe(true);
    // Other edits stay with Visual Studio.
    expect(errorOf(await svc.newPackage({ projectPath: dtproj })).code).toBe('LOCKED');
  });
});
