/**
 * DeployService against three emulated SQL Servers (127.0.0.2-.4) with the real mssql client: what lands on
 * the servers (jobs, steps, proxies, package bytes), idempotence, odd names, failures and Retry, rights.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../emulator/start.js';
import { buildJobStepCommand } from '../../../shared/dtexec/command.js';
import type { DeploySummary } from '../../../shared/model/deploy.js';
import { ispacBytesForProject } from '../build/index.js';
import { DeployService } from './deploy-service.js';
import { sidecarPathFor } from './sidecar.js';
import { putPackage } from '../servers/tests/emulator-setup.js';
import { addPackageCopy, addProxy, closedPort, allJobNames, jobOnServer, msdbFolderId, msdbPackageBytes, SA_PASSWORD, saPool, removeSampleProject, sampleProject, serversFor, value } from './tests/fixtures.js';

/** SSISDB refuses \\ / : * ? " < > | % ; in names (internal.is_valid_name), so the catalog folder has the rest. */
const CATALOG_FOLDER = `Cat [b] 'q' ü ${'c'.repeat(128)}`.slice(0, 128);
const JOB = { createJob: true, name: null, description: null, owner: null, proxy: null, use32bit: false };

let emu: RunningEmulator;
let sa: sql.ConnectionPool[];
let servers: Awaited<ReturnType<typeof serversFor>>;
let deploy: DeployService;
let dtproj: string;
let fileDir: string;
const events: string[] = [];

const ids = async () => Object.fromEntries(value(await servers.servers.list()).servers.map((s) => [s.displayName, s.id]));
const runAll = async (): Promise<DeploySummary> => value(await deploy.runAndWait([dtproj], null, null));

beforeAll(async () => {
  emu = await startEmulator({
    servers: [{ name: 'SRV1', host: '127.0.0.2' }, { name: 'SRV2', host: '127.0.0.3' }, { name: 'SRV3', host: '127.0.0.4' }],
    saPassword: SA_PASSWORD,
    dtexec: '/bin/true',
    allowSqlLoginsForCatalog: true,
    logins: [{ name: 'loader', password: 'Load!er-Pw9', roles: ['db_ssisltduser'] }],
  });
  sa = await Promise.all(emu.servers.map((s) => saPool(s.host, s.port)));
  servers = await serversFor(emu.servers);
  deploy = new DeployService({ servers: servers.servers, buildIspac: (p) => ispacBytesForProject(p), onEvent: (e, p) => events.push(`${e} ${'message' in p ? p.message : ''}`) });
  dtproj = sampleProject();
  fileDir = mkdtempSync(join(tmpdir(), 'deploy-files-'));
  await addProxy(sa[0]!, 'SSIS Proxy');
}, 60_000);

afterAll(async () => {
  await deploy?.close();
  await servers?.close();
  await Promise.all((sa ?? []).map((p) => p.close()));
  await emu?.close();
  if (dtproj) removeSampleProject(dtproj);
  if (fileDir) rmSync(fileDir, { recursive: true, force: true });
});

describe('deploy to three servers', () => {
  test('msdb, catalog and file system: the jobs have the SSMS command, the proxy and no schedule; the bytes are the file', async () => {
    const id = await ids();
    value(await deploy.assign(dtproj, id.SRV1!, ['LoadCustomers.dtsx'], { kind: 'msdb', folder: 'ETL\\Child' }, { ...JOB, proxy: 'SSIS Proxy', use32bit: true }, true));
    value(await deploy.assign(dtproj, id.SRV2!, ['LoadOrders.dtsx', 'LoadProducts.dtsx'], { kind: 'catalog', folder: 'ETL', project: 'LoadBalancing' }, JOB, false));
    value(await deploy.assign(dtproj, id.SRV3!, ['LoadProducts.dtsx'], { kind: 'file', path: fileDir, copyTo: null }, { ...JOB, description: 'Loads products' }, false));

    const summary = await runAll();
    expect(summary.outcomes.map((o) => [o.server, o.packageName, o.outcome, o.error?.message ?? null])).toEqual([
      ['SRV1', 'LoadCustomers.dtsx', 'created', null],
      ['SRV2', 'LoadOrders.dtsx', 'created', null],
      ['SRV2', 'LoadProducts.dtsx', 'created', null],
      ['SRV3', 'LoadProducts.dtsx', 'created', null],
    ]);
    expect(summary.counts).toEqual({ created: 4, updated: 0, unchanged: 0, failed: 0, cancelled: 0 });

    const msdbJob = (await jobOnServer(sa[0]!, 'LoadBalancing - LoadCustomers'))!;
    expect(msdbJob.steps).toHaveLength(1);
    expect(msdbJob.steps[0]).toMatchObject({ step_id: 1, step_name: 'LoadCustomers', subsystem: 'SSIS', database_name: 'master', proxy_id: expect.any(Number) });
    expect(msdbJob.steps[0]!.command).toBe('/SQL "\\"\\ETL\\Child\\LoadCustomers\\"" /SERVER "\\"SRV1\\"" /X86 /CHECKPOINTING OFF /REPORTING E');
    expect(msdbJob.schedules).toEqual([]);
    expect(msdbJob.targets).toHaveLength(1);
    expect(await msdbPackageBytes(sa[0]!, 'ETL\\Child', 'LoadCustomers')).toEqual(readFileSync(join(dirname(dtproj), 'LoadCustomers.dtsx')));

    const catalogJob = (await jobOnServer(sa[1]!, 'LoadBalancing - LoadOrders'))!;
    expect(catalogJob.steps[0]!.command).toBe(buildJobStepCommand({ source: { kind: 'catalog', server: 'SRV2', folder: 'ETL', project: 'LoadBalancing', packageName: 'LoadOrders.dtsx' } }));
    expect(catalogJob.steps[0]!.command).toBe('/ISSERVER "\\"\\SSISDB\\ETL\\LoadBalancing\\LoadOrders.dtsx\\"" /SERVER "\\"SRV2\\"" /Par "\\"$ServerOption::LOGGING_LEVEL(Int16)\\"";1 /Par "\\"$ServerOption::SYNCHRONIZED(Boolean)\\"";True /CALLERINFO SQLAGENT /REPORTING E');
    expect(catalogJob.steps[0]!.proxy_id).toBeNull();
    const catalogPackages = (await sa[1]!.request().query('SELECT name FROM SSISDB.catalog.packages')).recordset.map((r: { name: string }) => r.name).sort();
    expect(catalogPackages).toEqual(['LoadCustomers.dtsx', 'LoadOrders.dtsx', 'LoadProducts.dtsx', 'Parent.dtsx']);
    const stream = await sa[1]!.request().input('folder_name', sql.NVarChar(128), 'ETL').input('project_name', sql.NVarChar(128), 'LoadBalancing').execute('SSISDB.catalog.get_project');
    const ispac = unzipSync(new Uint8Array(Object.values(stream.recordset[0] as Record<string, Buffer>)[0]!));
    expect(Buffer.from(ispac['LoadOrders.dtsx']!)).toEqual(readFileSync(join(dirname(dtproj), 'LoadOrders.dtsx')));

    const fileJob = (await jobOnServer(sa[2]!, 'LoadBalancing - LoadProducts'))!;
    expect(fileJob.steps[0]!.command).toBe(`/FILE "\\"${fileDir}/LoadProducts.dtsx\\"" /CHECKPOINTING OFF /REPORTING E`);
    expect(fileJob.job.description).toBe('Loads products');
    expect(readFileSync(join(fileDir, 'LoadProducts.dtsx'))).toEqual(readFileSync(join(dirname(dtproj), 'LoadProducts.dtsx')));

    const view = value(await deploy.listAssignments(dtproj));
    expect(view.assignments.map((a) => a.status)).toEqual(['deployed', 'deployed', 'deployed', 'deployed']);
    expect(events.some((e) => e.startsWith('deploy:progress SRV2: LoadOrders.dtsx: package created'))).toBe(true);
  }, 60_000);

  test('a second deploy changes nothing and says unchanged', async () => {
    const before = await Promise.all(sa.map(async (p) => (await allJobNames(p)).length));
    const versions = (await jobOnServer(sa[0]!, 'LoadBalancing - LoadCustomers'))!.job.version_number;
    const lsn = (await sa[1]!.request().query('SELECT object_version_lsn FROM SSISDB.catalog.projects')).recordset[0];
    const summary = await runAll();
    expect(summary.counts).toEqual({ created: 0, updated: 0, unchanged: 4, failed: 0, cancelled: 0 });
    expect((await jobOnServer(sa[0]!, 'LoadBalancing - LoadCustomers'))!.job.version_number).toBe(versions);
    expect((await sa[1]!.request().query('SELECT object_version_lsn FROM SSISDB.catalog.projects')).recordset[0]).toEqual(lsn);
    expect(await Promise.all(sa.map(async (p) => (await allJobNames(p)).length))).toEqual(before);
  }, 60_000);

  test('a changed package is out of date, then updated; a changed proxy updates only the job', async () => {
    const file = join(dirname(dtproj), 'LoadCustomers.dtsx');
    writeFileSync(file, readFileSync(file, 'utf8').replace('DTS:ObjectName="LoadCustomers"', 'DTS:ObjectName="LoadCustomers" DTS:Description="changed"'));
    const view = value(await deploy.listAssignments(dtproj));
    expect(view.assignments.find((a) => a.server === 'SRV1')!.status).toBe('out-of-date');
    const id = await ids();
    value(await deploy.assign(dtproj, id.SRV1!, ['LoadCustomers.dtsx'], { kind: 'msdb', folder: 'ETL\\Child' }, { ...JOB, use32bit: true }, false));
    const summary = await runAll();
    const o = summary.outcomes.find((x) => x.server === 'SRV1')!;
    expect([o.packageOutcome, o.jobOutcome, o.outcome]).toEqual(['updated', 'updated', 'updated']);
    expect((await jobOnServer(sa[0]!, 'LoadBalancing - LoadCustomers'))!.steps[0]!.proxy_id).toBeNull();
    expect(await msdbPackageBytes(sa[0]!, 'ETL\\Child', 'LoadCustomers')).toEqual(readFileSync(file));
    expect(summary.counts.unchanged).toBe(3);
  }, 60_000);

  test('a package replaced in msdb behind our back is put back; the rest stays unchanged', async () => {
    const folderId = (await msdbFolderId(sa[0]!, 'ETL\\Child'))!;
    await putPackage(sa[0]!, folderId, 'LoadCustomers', Buffer.from('<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts" />'));
    const summary = await runAll();
    expect(summary.outcomes.map((o) => [o.server, o.packageOutcome, o.jobOutcome])).toEqual([
      ['SRV1', 'updated', 'unchanged'],
      ['SRV2', 'unchanged', 'unchanged'],
      ['SRV2', 'unchanged', 'unchanged'],
      ['SRV3', 'unchanged', 'unchanged'],
    ]);
    expect(await msdbPackageBytes(sa[0]!, 'ETL\\Child', 'LoadCustomers')).toEqual(readFileSync(join(dirname(dtproj), 'LoadCustomers.dtsx')));
  }, 60_000);

  test("names with quotes, brackets, %, non-ASCII and 128 characters", async () => {
    const pkg = "Load [EU] 100% Ümlaut's.dtsx";
    await addPackageCopy(dtproj, pkg);
    const id = await ids();
    const longJob = `Job "quoted" [br] 'q' ü ${'x'.repeat(128)}`.slice(0, 128);
    value(await deploy.assign(dtproj, id.SRV1!, [pkg], { kind: 'msdb', folder: `Fold "q" [b] 50% ü\\${'f'.repeat(128)}` }, { ...JOB, name: longJob }, false));
    value(await deploy.assign(dtproj, id.SRV2!, [pkg], { kind: 'catalog', folder: CATALOG_FOLDER, project: 'LoadBalancing' }, JOB, false));
    const summary = await runAll();
    const mine = summary.outcomes.filter((o) => o.packageName === pkg);
    expect(mine.map((o) => [o.server, o.outcome, o.error?.message ?? null])).toEqual([
      ['SRV1', 'created', null],
      ['SRV2', 'created', null],
    ]);
    const job = (await jobOnServer(sa[0]!, longJob))!;
    expect(job.steps[0]!.command).toBe(buildJobStepCommand({ source: { kind: 'msdb', server: 'SRV1', folderPath: `Fold "q" [b] 50% ü\\${'f'.repeat(128)}`, packageName: pkg } }));
    expect(await msdbPackageBytes(sa[0]!, `Fold "q" [b] 50% ü\\${'f'.repeat(128)}`, "Load [EU] 100% Ümlaut's")).toEqual(readFileSync(join(dirname(dtproj), pkg)));
    const catalogJob = (await jobOnServer(sa[1]!, "LoadBalancing - Load [EU] 100pct Ümlaut's"))!;
    expect(catalogJob.steps[0]!.command).toBe(buildJobStepCommand({ source: { kind: 'catalog', server: 'SRV2', folder: CATALOG_FOLDER, project: 'LoadBalancing', packageName: pkg } }));
    expect((await runAll()).counts.unchanged).toBe(summary.outcomes.length);
  }, 60_000);
});

describe('dialog, Remove from server, Export', () => {
  test('the dialog proposes the remembered defaults, default job names and the Entry-point warnings', async () => {
    const id = await ids();
    const srv1 = value(await deploy.dialogDefaults(dtproj, id.SRV1!, ['Parent.dtsx', 'LoadCustomers.dtsx']));
    expect(srv1).toEqual({
      server: 'SRV1',
      defaults: { target: { kind: 'msdb', folder: 'ETL\\Child' }, job: { createJob: true, description: null, owner: null, proxy: 'SSIS Proxy', use32bit: true } },
      jobNames: ['LoadBalancing - Parent', 'LoadBalancing - LoadCustomers'],
      entryPointPackages: ['Parent.dtsx'],
      notEntryPointPackages: ['LoadCustomers.dtsx'],
      alreadyAssigned: ['LoadCustomers.dtsx'],
    });
    const srv3 = value(await deploy.dialogDefaults(dtproj, id.SRV3!, ['LoadOrders.dtsx']));
    // SRV3 is registered with a SQL Server login, which SSISDB refuses (27123): msdb is proposed.
    expect(srv3.defaults.target).toEqual({ kind: 'msdb', folder: '' });
  });

  test('a second run of the same assignments while one runs is refused', async () => {
    const first = value(await deploy.run([dtproj], null, null));
    const second = await deploy.run([dtproj], null, ['SRV1']);
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.error.code).toBe('CONFLICT');
    await expect.poll(async () => value(await deploy.get(first.deployId)).running, { timeout: 30_000 }).toBe(false);
  }, 60_000);

  test('file system: the job runs the path as the server sees it; the copy goes where this machine reaches it', async () => {
    const id = await ids();
    const share = mkdtempSync(join(tmpdir(), 'deploy-share-'));
    try {
      value(await deploy.assign(dtproj, id.SRV3!, ['LoadOrders.dtsx'], { kind: 'file', path: 'D:\\SSIS\\Packages', copyTo: share }, { ...JOB, use32bit: true }, false));
      const summary = value(await deploy.runAndWait([dtproj], null, ['SRV3']));
      const o = summary.outcomes.find((x) => x.packageName === 'LoadOrders.dtsx')!;
      expect([o.packageOutcome, o.jobOutcome]).toEqual(['created', 'created']);
      expect(o.command).toBe('/FILE "\\"D:\\SSIS\\Packages\\LoadOrders.dtsx\\"" /X86 /CHECKPOINTING OFF /REPORTING E');
      expect((await jobOnServer(sa[2]!, 'LoadBalancing - LoadOrders'))!.steps[0]!.command).toBe(o.command);
      expect(readFileSync(join(share, 'LoadOrders.dtsx'))).toEqual(readFileSync(join(dirname(dtproj), 'LoadOrders.dtsx')));
    } finally {
      rmSync(share, { recursive: true, force: true });
    }
  }, 60_000);

  test('Export to msdb uploads without a job; again it is unchanged', async () => {
    const id = await ids();
    const before = await allJobNames(sa[2]!);
    const r = value(await deploy.exportToMsdb(dtproj, 'LoadOrders.dtsx', id.SRV3!, 'Exported\\Orders'));
    expect(r).toEqual({ server: 'SRV3', packagePath: '\\Exported\\Orders\\LoadOrders', outcome: 'created' });
    expect(await msdbPackageBytes(sa[2]!, 'Exported\\Orders', 'LoadOrders')).toEqual(readFileSync(join(dirname(dtproj), 'LoadOrders.dtsx')));
    expect(await allJobNames(sa[2]!)).toEqual(before);
    expect(value(await deploy.exportToMsdb(dtproj, 'LoadOrders.dtsx', id.SRV3!, 'Exported\\Orders')).outcome).toBe('unchanged');
  });

  test('Remove from server deletes the job and the package there, then forgets the assignment', async () => {
    const view = value(await deploy.listAssignments(dtproj));
    const a = view.assignments.find((x) => x.server === 'SRV1' && x.packageName === 'LoadCustomers.dtsx')!;
    const r = value(await deploy.unassign(dtproj, [a.id], true, true));
    expect(r.removed).toEqual(["SRV1: job 'LoadBalancing - LoadCustomers' deleted", 'SRV1: LoadCustomers.dtsx: deleted from msdb']);
    expect(await jobOnServer(sa[0]!, 'LoadBalancing - LoadCustomers')).toBeNull();
    expect(await msdbPackageBytes(sa[0]!, 'ETL\\Child', 'LoadCustomers')).toBeNull();
    expect(r.assignments.assignments.some((x) => x.id === a.id)).toBe(false);
    expect(JSON.parse(readFileSync(sidecarPathFor(dtproj), 'utf8')).state[a.id]).toBeUndefined();
  });
});

describe('failures', () => {
  test('a login without Agent rights gets SQL Server\'s error; the package is uploaded and no job is half made', async () => {
    const loader = await serversFor([{ ...emu.servers[0]!, name: 'SRV1 as loader' }], { user: 'loader', password: 'Load!er-Pw9' });
    const d = new DeployService({ servers: loader.servers, buildIspac: null });
    try {
      const id = value(await loader.servers.list()).servers[0]!.id;
      value(await d.assign(dtproj, id, ['LoadOrders.dtsx'], { kind: 'msdb', folder: 'Loader' }, { ...JOB, name: 'Loader job' }, false));
      const summary = value(await d.runAndWait([dtproj], null, ['SRV1 as loader']));
      const o = summary.outcomes[0]!;
      expect(o.packageOutcome).toBe('created');
      expect(o.outcome).toBe('failed');
      expect(o.error).toMatchObject({ step: 'job', sqlErrorNumber: 229 });
      expect(o.error!.message).toBe("The EXECUTE permission was denied on the object 'sp_help_job', database 'msdb', schema 'dbo'. (SQL Server error 229) (msdb.dbo.sp_help_job)");
      expect(await jobOnServer(sa[0]!, 'Loader job')).toBeNull();
      const view = value(await d.listAssignments(dtproj));
      expect(view.assignments.find((a) => a.server === 'SRV1 as loader')!.status).toBe('failed');
    } finally {
      await d.close();
      await loader.close();
    }
  }, 60_000);

  test('a step SQL Server refuses rolls the whole job back: sp_add_job ran in the same batch, yet no job is left', async () => {
    // A proxy that exists but is not granted to the SSIS subsystem: sp_add_job succeeds, sp_add_jobstep refuses.
    await sa[0]!.request().query("CREATE CREDENTIAL [Ungranted credential] WITH IDENTITY = 'CORP\\svc_other', SECRET = 'x'");
    await sa[0]!.request().input('proxy_name', sql.NVarChar(128), 'Ungranted').input('credential_name', sql.NVarChar(128), 'Ungranted credential').execute('msdb.dbo.sp_add_proxy');
    const project = sampleProject();
    const d = new DeployService({ servers: servers.servers, buildIspac: null });
    try {
      const id = value(await servers.servers.list()).servers.find((s) => s.displayName === 'SRV1')!.id;
      value(await d.assign(project, id, ['LoadOrders.dtsx'], { kind: 'msdb', folder: 'Ungranted' }, { ...JOB, name: 'Ungranted job', proxy: 'Ungranted' }, false));
      const o = value(await d.runAndWait([project], null, ['SRV1'])).outcomes[0]!;
      expect(o.outcome).toBe('failed');
      expect(o.error).toMatchObject({ step: 'job', sqlErrorNumber: 14516, procedure: 'msdb.dbo.sp_verify_proxy_permissions' });
      expect(o.error!.message).toMatch(/Proxy \(\d+\) is not allowed for subsystem "SSIS"/);
      expect(await jobOnServer(sa[0]!, 'Ungranted job')).toBeNull();
    } finally {
      await d.close();
      removeSampleProject(project);
    }
  }, 60_000);

  test('Remove from a server that is down: the error says why and the assignment is kept', async () => {
    const project = sampleProject();
    const gone = await serversFor([{ name: 'GONE', host: '127.0.0.4', port: await closedPort('127.0.0.4') }]);
    const d = new DeployService({ servers: gone.servers, buildIspac: null });
    try {
      const id = value(await gone.servers.list()).servers[0]!.id;
      const assigned = value(await d.assign(project, id, ['LoadOrders.dtsx'], { kind: 'msdb', folder: '' }, JOB, false));
      const r = await d.unassign(project, [assigned.assignments[0]!.id], true, true);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: 'CONNECTION_ERROR', message: expect.stringContaining('127.0.0.4') });
      expect(value(await d.listAssignments(project)).assignments).toHaveLength(1);
    } finally {
      await d.close();
      await gone.close();
      removeSampleProject(project);
    }
  }, 30_000);

  test('a malformed sidecar is reported and left as it is', async () => {
    const dir = dirname(sampleProject());
    const project = join(dir, 'LoadBalancing.dtproj');
    try {
      writeFileSync(sidecarPathFor(project), '{"version":1,"assignments":[{"id":1}]}');
      const r = await deploy.listAssignments(project);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: 'PARSE_ERROR', message: expect.stringContaining('LoadBalancing.dtproj.deploy.json') });
      const id = await ids();
      expect((await deploy.assign(project, id.SRV1!, ['LoadOrders.dtsx'], { kind: 'msdb', folder: '' }, JOB, false)).ok).toBe(false);
      expect(readFileSync(sidecarPathFor(project), 'utf8')).toBe('{"version":1,"assignments":[{"id":1}]}');
    } finally {
      removeSampleProject(project);
    }
  });

  test('two writers (the app and the CLI) assigning at the same time lose nothing', async () => {
    const project = sampleProject();
    const other = new DeployService({ servers: servers.servers, buildIspac: null });
    try {
      const id = await ids();
      const packages = ['Parent.dtsx', 'LoadCustomers.dtsx', 'LoadOrders.dtsx', 'LoadProducts.dtsx'];
      const results = await Promise.all(
        packages.flatMap((p) => [
          deploy.assign(project, id.SRV1!, [p], { kind: 'msdb', folder: '' }, JOB, false),
          other.assign(project, id.SRV2!, [p], { kind: 'msdb', folder: '' }, JOB, false),
        ]),
      );
      expect(results.filter((r) => !r.ok)).toEqual([]);
      const saved = JSON.parse(readFileSync(sidecarPathFor(project), 'utf8'));
      expect(saved.assignments).toHaveLength(8);
      expect(existsSync(`${sidecarPathFor(project)}.lock`)).toBe(false);
    } finally {
      await other.close();
      removeSampleProject(project);
    }
  });

  test('the sidecar holds no secret and the .dtproj is not touched', async () => {
    const text = readFileSync(sidecarPathFor(dtproj), 'utf8');
    expect(text).not.toContain(SA_PASSWORD);
    expect(text).not.toMatch(/password/i);
    expect(readFileSync(dtproj, 'utf8')).not.toContain('deploy');
  });
});
