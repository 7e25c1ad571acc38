// Build through the real path: files on disk → BuildService → .ispac on disk, read back with a zip reader.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDtproj, readManifest } from '../../../shared/formats/dtproj.js';
import { NS_SSIS } from '../../../shared/formats/namespaces.js';
import { fileNameFromPartName, ispacPartName, unzipParts } from '../../../shared/formats/ispac/index.js';
import { renamePackage } from '../../../shared/formats/dtproj-edit.js';
import { decryptSsisBlock } from '../solution/password.js';
import { parseXml } from '../../../shared/xml/reader.js';
import { attrValue } from '../../../shared/xml/query.js';
import { CORPUS_DIR, SAMPLE_DIR, listFiles, tempCopy } from '../solution/test-helpers.js';
import { BuildService, ispacBytesForProject } from './index.js';

const cleanup: string[] = [];
afterEach(() => {
  for (const d of cleanup.splice(0)) rmSync(dirname(d), { recursive: true, force: true });
});

/** A temp copy of the folder holding `dtproj` (under the corpus or the sample); returns the copied .dtproj. */
function copyProject(dtproj: string): string {
  const dir = tempCopy(dirname(dtproj));
  cleanup.push(dir);
  return join(dir, basename(dtproj));
}

const decode = (b: Uint8Array) => new TextDecoder().decode(b);
const corpusProjects = listFiles(CORPUS_DIR).filter((f) => f.endsWith('.dtproj'));
const level = (f: string) => parseDtproj(readFileSync(f, 'utf8'));
const projectModel = corpusProjects.filter((f) => level(f).deploymentModel === 'Project');
const notPasswordEncrypted = projectModel.filter((f) => ![2, 3].includes(level(f).protectionLevel ?? -1));
const packageModel = corpusProjects.filter((f) => level(f).deploymentModel === 'Package');
const SAMPLE_DTPROJ = join(SAMPLE_DIR, 'LoadBalancing', 'LoadBalancing.dtproj');

/** Checks the .ispac against the .dtproj and the files next to it, as the catalog would read them. */
function expectIspacMatches(bytes: Uint8Array, dtprojPath: string, manifestText?: string): void {
  const parts = unzipParts(bytes);
  const names = [...parts.keys()];
  expect(names.some((n) => n.startsWith('_rels/'))).toBe(false);
  expect(names).toContain('@Project.manifest');
  expect(names).toContain('Project.params');
  expect(names.at(-1)).toBe('[Content_Types].xml');
  const types = parts.get('[Content_Types].xml')!;
  expect([...types.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(decode(types)).toContain('<Default Extension="dtsx" ContentType="text/xml" />');

  const manifestBytes = parts.get('@Project.manifest')!;
  expect(manifestBytes[0]).toBe('<'.charCodeAt(0)); // no BOM, no XML declaration
  expect(decode(manifestBytes).startsWith('<?xml')).toBe(false);
  const root = parseXml(manifestText ?? decode(manifestBytes)).root;
  expect(root.ns).toBe(NS_SSIS);
  const project = parseDtproj(readFileSync(dtprojPath, 'utf8'));
  expect(attrValue(parseXml(decode(manifestBytes)).root, 'ProtectionLevel', NS_SSIS)).toBe(attrValue(project.manifest!, 'ProtectionLevel', NS_SSIS));
  const inIspac = readManifest(root);
  const inProject = manifestText ? inIspac : readManifest(project.manifest!);
  expect(inIspac.packages.map((p) => [p.name, p.entryPoint])).toEqual(inProject.packages.map((p) => [p.name, p.entryPoint]));
  expect(inIspac.projectName).toBe(inProject.projectName);

  const dir = dirname(dtprojPath);
  for (const p of inIspac.packages) {
    const part = ispacPartName(p.name);
    expect(fileNameFromPartName(part)).toBe(p.name);
    expect(Buffer.from(parts.get(part)!).equals(readFileSync(join(dir, p.name)))).toBe(true);
  }
  for (const c of inIspac.connectionManagers) expect(Buffer.from(parts.get(ispacPartName(c.name))!).equals(readFileSync(join(dir, c.name)))).toBe(true);
  const expectedParts = 3 + inIspac.packages.length + inIspac.connectionManagers.length;
  expect(names.length).toBe(expectedParts);
}

describe('Build (.ispac)', () => {
  it.each(notPasswordEncrypted.map((f) => relative(CORPUS_DIR, f)))('builds %s as Visual Studio lays it out', async (rel) => {
    const dtproj = copyProject(join(CORPUS_DIR, rel));
    const r = await new BuildService().buildProject({ projectPath: dtproj });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    const configuration = parseDtproj(readFileSync(dtproj, 'utf8')).configurations[0]?.name ?? 'Development';
    expect(r.value.path).toBe(join(dirname(dtproj), 'bin', configuration, basename(dtproj).replace(/\.dtproj$/, '.ispac')));
    expect(r.value.configuration).toBe(configuration);
    expectIspacMatches(readFileSync(r.value.path), dtproj);
    // Nothing but the .ispac was written: no temp files left beside it.
    expect(readdirSync(dirname(r.value.path))).toEqual([basename(r.value.path)]);
  });

  it('has project-model corpus projects to build', () => {
    expect(notPasswordEncrypted.length).toBeGreaterThanOrEqual(4);
  });

  it('builds the LoadBalancing sample: Entry-point flags kept, project name from the manifest, same bytes twice', async () => {
    const dtproj = copyProject(SAMPLE_DTPROJ);
    const service = new BuildService();
    const first = await service.buildProject({ projectPath: dtproj, configuration: 'development' });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.value).toMatchObject({ configuration: 'Development', projectName: 'LoadBalancing', packageCount: 4 });
    const bytes = readFileSync(first.value.path);
    expectIspacMatches(bytes, dtproj);
    const entry = readManifest(parseXml(decode(unzipParts(bytes).get('@Project.manifest')!)).root).packages;
    expect(entry.find((p) => p.name === 'Parent.dtsx')?.entryPoint).toBe(true);
    expect(entry.find((p) => p.name === 'LoadCustomers.dtsx')?.entryPoint).toBe(false);
    const again = await service.buildProject({ projectPath: dtproj });
    expect(again.ok && readFileSync(again.value.path).equals(bytes)).toBe(true);
    expect(Buffer.from(await ispacBytesForProject(dtproj)).equals(bytes)).toBe(true);
  });

  it('stores names with spaces, %, brackets and non-ASCII as URL-encoded parts that decode back', async () => {
    const dtproj = copyProject(SAMPLE_DTPROJ);
    const dir = dirname(dtproj);
    const odd = 'Load Orders [eu] 100% é#1.dtsx';
    writeFileSync(dtproj, renamePackage(parseDtproj(readFileSync(dtproj, 'utf8')), 'LoadOrders.dtsx', odd));
    renameSync(join(dir, 'LoadOrders.dtsx'), join(dir, odd));
    const bytes = await ispacBytesForProject(dtproj);
    const parts = unzipParts(bytes);
    expect(parts.has('Load%20Orders%20%5Beu%5D%20100%25%20%C3%A9%231.dtsx')).toBe(true);
    expectIspacMatches(bytes, dtproj);
  });

  it('refreshes package metadata from the package file; keeps everything else of the manifest', async () => {
    const dtproj = copyProject(SAMPLE_DTPROJ);
    const pkg = join(dirname(dtproj), 'LoadOrders.dtsx');
    const text = readFileSync(pkg, 'utf8');
    const build = /DTS:VersionBuild="(\d+)"/.exec(text)![1]!;
    writeFileSync(pkg, text.replace(`DTS:VersionBuild="${build}"`, 'DTS:VersionBuild="77"'));
    const manifest = decode(unzipParts(await ispacBytesForProject(dtproj)).get('@Project.manifest')!);
    const meta = manifest.slice(manifest.indexOf('SSIS:Name="LoadOrders.dtsx"', manifest.indexOf('PackageMetaData')));
    expect(meta.slice(0, meta.indexOf('</SSIS:PackageMetaData>'))).toContain('<SSIS:Property SSIS:Name="VersionBuild">77</SSIS:Property>');
    const original = readFileSync(dtproj, 'utf8');
    const slice = original.slice(original.indexOf('<SSIS:Project'), original.indexOf('</SSIS:Project>') + '</SSIS:Project>'.length);
    expect(manifest.replace('>77<', `>${build}<`)).toBe(slice);
  });

  it('refuses a package whose protection level differs from the project, as SSDT does', async () => {
    const backup = corpusProjects.find((f) => f.endsWith('back-up-db.dtproj'))!;
    const r = await new BuildService().buildProject({ projectPath: copyProject(backup) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('CONFLICT');
    expect(r.error.message).toBe(
      'Project consistency check failed: back-up-db.dtsx (DontSaveSensitive) has a different ProtectionLevel than the project back-up-db (EncryptSensitiveWithPassword).',
    );
  });

  it('builds an EncryptSensitiveWithPassword project as is (secrets stay encrypted)', async () => {
    const sample = projectModel.find((f) => f.includes('/SampleSSISProject/SampleSSISProject/'))!;
    const dtproj = copyProject(sample);
    const bytes = await ispacBytesForProject(dtproj);
    expect(unzipParts(bytes).has('Package%20221.dtsx')).toBe(true);
    expectIspacMatches(bytes, dtproj);
  });

  it("puts the configuration's parameter values into Project.params, the package and the manifest (not sensitive ones)", async () => {
    const sample = projectModel.find((f) => f.includes('/SampleSSISProject/SampleSSISProject/'))!;
    const dtproj = copyProject(sample);
    const setting = (id: string, name: string, type: string, value: string) =>
      `<ConfigurationSetting><Id>${id}</Id><Name>${name}</Name><Value xsi:type="xsd:${type}">${value}</Value></ConfigurationSetting>`;
    const extra = [
      setting('{fec4f54c-d60f-468d-8989-bf5b4b82322b}', 'Project::SourceDBServer', 'string', 'prod &amp; sql'),
      setting('{960bebd0-93dc-4ff6-b363-7912c1fb292e}', 'Project::SourceDBName', 'string', 'not-applied'),
    ].join('');
    const text = readFileSync(dtproj, 'utf8');
    const deployment = text.indexOf('<Name>Deployment</Name>');
    const at = text.indexOf('</ParameterConfigurationValues>', deployment);
    const edited = text.slice(0, at) + extra + text.slice(at);
    writeFileSync(dtproj, edited.slice(0, deployment) + edited.slice(deployment).replace('<Value xsi:type="xsd:int">0</Value>', '<Value xsi:type="xsd:int">7</Value>'));
    const service = new BuildService();
    const r = await service.buildProject({ projectPath: dtproj, configuration: 'deployment' });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    expect(r.value.path).toBe(join(dirname(dtproj), 'bin', 'Deployment', 'SampleSSISProject.ispac'));
    const parts = unzipParts(readFileSync(r.value.path));
    const params = decode(parts.get('Project.params')!);
    expect(params).toContain('SSIS:Name="Value">prod &amp; sql</SSIS:Property>');
    expect(params).not.toContain('not-applied');
    expect(decode(parts.get('Package%20221.dtsx')!)).toMatch(/DTS:ObjectName="Parameteraa">\s*<DTS:Property\s+DTS:DataType="3"\s+DTS:Name="ParameterValue">7<\/DTS:Property>/);
    const manifest = decode(parts.get('@Project.manifest')!);
    expect(manifest).toMatch(/SSIS:Name="Parameteraa">[\s\S]*?SSIS:Name="Value">7<\/SSIS:Property>/);
    // The Development configuration keeps the files' own values, so its .ispac holds the files as they are.
    const dev = await service.buildProject({ projectPath: dtproj });
    expect(dev.ok && Buffer.from(unzipParts(readFileSync(dev.value.path)).get('Package%20221.dtsx')!).equals(readFileSync(join(dirname(dtproj), 'Package 221.dtsx')))).toBe(true);
  });

  it('an EncryptAllWithPassword project needs its password; with it the manifest stays encrypted', async () => {
    const locked = projectModel.find((f) => f.includes('SampleSSISProjectSQL2016'))!;
    const dtproj = copyProject(locked);
    const service = new BuildService();
    const without = await service.buildProject({ projectPath: dtproj });
    expect(without.ok || without.error).toMatchObject({ code: 'LOCKED', message: 'SampleSSISProject is encrypted with a password (EncryptAllWithPassword); give the project password to build it.' });
    const wrong = await service.buildProject({ projectPath: dtproj, password: 'nope' });
    expect(wrong.ok || wrong.error.code).toBe('BAD_PASSWORD');
    const r = await service.buildProject({ projectPath: dtproj, password: 'ssis123' });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    const manifestText = decode(unzipParts(readFileSync(r.value.path)).get('@Project.manifest')!);
    const root = parseXml(manifestText).root;
    const plain = decryptSsisBlock({ password: 'ssis123', iv: attrValue(root, 'IV', NS_SSIS)!, algorithm: attrValue(root, 'Algorithm', NS_SSIS), cipherText: manifestText.slice(root.startTagEnd, root.endTagStart) });
    expectIspacMatches(readFileSync(r.value.path), dtproj, plain);
    expect(r.value.warnings).toEqual([
      "SampleSSISProject has control flow package parts (PackagePart1.dtsxp); Visual Studio copies a part's tasks into the packages that use it when it builds, this build does not: check those packages before deploying.",
    ]);
  });

  it('explains why package-model projects, missing files and unknown configurations do not build', async () => {
    const service = new BuildService();
    const pkgModel = await service.buildProject({ projectPath: copyProject(packageModel[0]!) });
    expect(pkgModel.ok || pkgModel.error.code).toBe('UNSUPPORTED');
    expect(pkgModel.ok || pkgModel.error.message).toMatch(/package deployment model; an \.ispac is built only in the project deployment model \(use Create deployment utility instead\)/);
    const dtproj = copyProject(SAMPLE_DTPROJ);
    const cfg = await service.buildProject({ projectPath: dtproj, configuration: 'Release' });
    expect(cfg.ok || cfg.error.message).toBe('LoadBalancing has no configuration named "Release" (it has: Development)');
    rmSync(join(dirname(dtproj), 'LoadProducts.dtsx'));
    const missing = await service.buildProject({ projectPath: dtproj });
    expect(missing.ok || missing.error.code).toBe('NOT_FOUND');
    expect(missing.ok || missing.error.message).toMatch(/^LoadBalancing: the package LoadProducts\.dtsx is listed in the project but the file was not found/);
    expect(existsSync(join(dirname(dtproj), 'bin', 'Development', 'LoadBalancing.ispac'))).toBe(false);
    await expect(ispacBytesForProject(dtproj)).rejects.toMatchObject({ name: 'AppFailure', code: 'NOT_FOUND' });
  });
});

describe('Create deployment utility', () => {
  it.each(packageModel.map((f) => relative(CORPUS_DIR, f)))('writes bin/Deployment for %s', async (rel) => {
    const dtproj = copyProject(join(CORPUS_DIR, rel));
    const name = basename(dtproj, '.dtproj');
    const folder = join(dirname(dtproj), 'bin', 'Deployment');
    const r = await new BuildService({ now: () => new Date(2026, 0, 2, 3, 4, 5, 678) }).deploymentUtility({ projectPath: dtproj });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    expect(r.value.manifestPath).toBe(join(folder, `${name}.SSISDeploymentManifest`));
    const listed = parseDtproj(readFileSync(dtproj, 'utf8')).packages.map((p) => p.name);
    const manifest = readFileSync(r.value.manifestPath, 'utf8');
    expect(manifest).toMatch(new RegExp(`^<\\?xml version="1.0"\\?>\\r\\n<DTSDeploymentManifest GeneratedBy="[^"]+" GeneratedFromProjectName="${name}" GeneratedDate="2026-01-02T03:04:05.6780000[+-]\\d\\d:\\d\\d" AllowConfigurationChanges="true">`));
    for (const p of listed) {
      expect(manifest).toContain(`<Package>${p}</Package>`);
      expect(readFileSync(join(folder, p)).equals(readFileSync(join(dirname(dtproj), p)))).toBe(true);
    }
    expect(readdirSync(folder).sort()).toEqual([...listed, `${name}.SSISDeploymentManifest`].sort());
  });

  it('copies configuration and miscellaneous files, rebuilds the folder, and warns about a configuration not on this machine', async () => {
    const dtproj = copyProject(packageModel.find((f) => f.endsWith('FileFrameworkTest1.dtproj'))!);
    const dir = dirname(dtproj);
    const folder = join(dir, 'bin', 'Deployment');
    const child = readFileSync(join(dir, 'Child1.dtsx'), 'utf8');
    const configs =
      '<DTS:Configurations><DTS:Configuration DTS:ConfigurationString="C:\\Configs\\Child1.dtsConfig" DTS:ConfigurationType="1" DTS:ObjectName="c1" DTS:DTSID="{00000000-0000-0000-0000-000000000001}" />' +
      '<DTS:Configuration DTS:ConfigurationString="D:\\gone\\Missing.dtsConfig" DTS:ConfigurationType="1" DTS:ObjectName="c2" DTS:DTSID="{00000000-0000-0000-0000-000000000002}" /></DTS:Configurations>';
    writeFileSync(join(dir, 'Child1.dtsx'), child.replace(/(<DTS:Executable[^>]*>)/, `$1${configs}`));
    writeFileSync(join(dir, 'Child1.dtsConfig'), '<DTSConfiguration />');
    writeFileSync(join(dir, 'Readme.txt'), 'read me');
    const project = readFileSync(dtproj, 'utf8').replace('<Miscellaneous />', '<Miscellaneous><ProjectItem><Name>Readme.txt</Name><FullPath>Readme.txt</FullPath></ProjectItem></Miscellaneous>');
    writeFileSync(dtproj, project);
    const service = new BuildService();
    expect((await service.deploymentUtility({ projectPath: dtproj })).ok).toBe(true);
    writeFileSync(join(folder, 'stale.dtsx'), 'old');
    const r = await service.deploymentUtility({ projectPath: dtproj });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    expect(r.value.warnings).toEqual(['Child1.dtsx: the configuration file D:\\gone\\Missing.dtsConfig was not found, so it is not in the deployment folder.']);
    expect(readdirSync(folder).sort()).toEqual(['Child1.dtsConfig', 'Child1.dtsx', 'Child3.dtsx', 'FileFrameworkTest1.SSISDeploymentManifest', 'Readme.txt']);
    const manifest = readFileSync(r.value.manifestPath, 'utf8');
    expect(manifest).toContain('  <ConfigurationFile>Child1.dtsConfig</ConfigurationFile>\r\n  <MiscellaneousFile>Readme.txt</MiscellaneousFile>\r\n</DTSDeploymentManifest>');
  });

  it('refuses project-model projects and an output folder that holds the project', async () => {
    const service = new BuildService();
    const r = await service.deploymentUtility({ projectPath: copyProject(SAMPLE_DTPROJ) });
    expect(r.ok || r.error.code).toBe('UNSUPPORTED');
    const dtproj = copyProject(packageModel[0]!);
    writeFileSync(dtproj, readFileSync(dtproj, 'utf8').replace('<OutputPath>bin</OutputPath>', '<OutputPath>bin</OutputPath><DeploymentOutputPath>.</DeploymentOutputPath>'));
    const before = readdirSync(dirname(dtproj)).sort();
    const unsafe = await service.deploymentUtility({ projectPath: dtproj });
    expect(unsafe.ok || unsafe.error.code).toBe('INVALID_ARGUMENT');
    expect(readdirSync(dirname(dtproj)).sort()).toEqual(before);
    // A folder holding another solution is not emptied either.
    mkdirSync(join(dirname(dtproj), 'other'));
    writeFileSync(join(dirname(dtproj), 'other', 'Other.sln'), '');
    writeFileSync(dtproj, readFileSync(dtproj, 'utf8').replace('<DeploymentOutputPath>.</DeploymentOutputPath>', '<DeploymentOutputPath>other</DeploymentOutputPath>'));
    const other = await service.deploymentUtility({ projectPath: dtproj });
    expect(other.ok || other.error.message).toMatch(/the deployment output folder .*other holds a project; set DeploymentOutputPath to a folder of its own/);
    expect(readdirSync(join(dirname(dtproj), 'other'))).toEqual(['Other.sln']);
  });
});

describe('Export... (package to a .dtsx file)', () => {
  it('copies the package bytes; refuses to overwrite unless asked', async () => {
    const dtproj = copyProject(SAMPLE_DTPROJ);
    const target = join(dirname(dirname(dtproj)), 'Exported Orders.dtsx');
    const service = new BuildService();
    const args = { projectPath: dtproj, packageName: 'loadorders.dtsx', targetPath: target, overwrite: false };
    const r = await service.exportPackage(args);
    expect(r.ok && r.value).toEqual({ path: target, bytes: statSync(join(dirname(dtproj), 'LoadOrders.dtsx')).size });
    expect(readFileSync(target).equals(readFileSync(join(dirname(dtproj), 'LoadOrders.dtsx')))).toBe(true);
    writeFileSync(target, 'mine');
    const again = await service.exportPackage(args);
    expect(again.ok || again.error).toMatchObject({ code: 'ALREADY_EXISTS', message: `${target} already exists. Choose Overwrite to replace it.` });
    expect(readFileSync(target, 'utf8')).toBe('mine');
    expect((await service.exportPackage({ ...args, overwrite: true })).ok).toBe(true);
    expect(readFileSync(target).equals(readFileSync(join(dirname(dtproj), 'LoadOrders.dtsx')))).toBe(true);
    const bad = await service.exportPackage({ ...args, targetPath: join(dirname(target), 'x.txt') });
    expect(bad.ok || bad.error.code).toBe('INVALID_ARGUMENT');
    const nope = await service.exportPackage({ ...args, packageName: 'Nope.dtsx' });
    expect(nope.ok || nope.error.message).toBe('LoadBalancing does not list a package named "Nope.dtsx"');
    const noFolder = await service.exportPackage({ ...args, targetPath: join(dirname(target), 'no', 'x.dtsx') });
    expect(noFolder.ok || noFolder.error.code).toBe('NOT_FOUND');
  });
});
