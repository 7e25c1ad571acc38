/**
 * The service tests' scenarios against a real SQL Server named by SSISD_TEST_SQLSERVER (format in
 * real-server-target.ts): Test Connection, a deploy of the sample's child package to msdb (and to SSISDB when it
 * can) with its unscheduled Agent job, an idempotent second deploy, the job's status and history, proxies.
 * Everything is made under a per-run name `ssisd-test-<random>` and removed in afterAll; what cannot be removed
 * fails the run with its name. Without the variable the suite is reported as skipped.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildJobStepCommand } from '../../../shared/dtexec/command.js';
import type { JobSettingsArgs } from '../../../shared/contract/deploy.js';
import type { ServerInfo } from '../../../shared/model/server.js';
import { ispacBytesForProject } from '../build/index.js';
import { DeployService } from '../deploy/deploy-service.js';
import { allJobNames, jobOnServer, msdbFolderId, msdbPackageBytes, removeSampleProject, sampleProject, value } from '../deploy/tests/fixtures.js';
import { JobsService } from '../jobs/jobs-service.js';
import { ProxiesService } from '../proxies/proxies-service.js';
import { MemorySecretStore } from '../secrets/memory-store.js';
import { ServersService } from '../servers/servers-service.js';
import { parseRealServerTarget, REAL_SERVER_VARIABLE, type RealServerTarget } from './real-server-target.js';

const FORMAT = 'host[\\instance][,port];user=U;passwordEnv=VAR[;auth=sql|windows][;encrypt=mandatory|optional|strict][;trustServerCertificate=true][;certificateFile=PEM][;catalog=auto|on|off]';
const SLOW = 120_000;

const raw = process.env[REAL_SERVER_VARIABLE];
if (!raw) {
  describe.skip(`set ${REAL_SERVER_VARIABLE}=${FORMAT} to run against a real SQL Server`, () => {
    test('ServersService, DeployService, JobsService and ProxiesService against that server', () => undefined);
  });
} else {
  realServerSuite(parseRealServerTarget(raw, process.env));
}

function realServerSuite(target: RealServerTarget): void {
  const prefix = `ssisd-test-${randomBytes(4).toString('hex')}`;
  const msdbFolder = `${prefix}\\Child`;
  const msdbJob = `${prefix} LoadCustomers`;
  const catalogJob = `${prefix} LoadOrders`;
  const job = (name: string): JobSettingsArgs => ({ createJob: true, name, description: `Made by the SSIS Designer real-server tests (${prefix}); removed at their end.`, owner: null, proxy: null, use32bit: false });

  let dir: string;
  let servers: ServersService;
  let deploy: DeployService;
  let jobs: JobsService;
  let proxies: ProxiesService;
  let serverId: string;
  let pool: sql.ConnectionPool;
  let info: ServerInfo;
  let dtproj: string;
  let catalogTried = false;

  /** Why SSISDB is left out, or null when the catalog case runs. */
  const catalogSkipReason = (): string | null => {
    if (target.catalog === 'off') return `catalog=off in ${REAL_SERVER_VARIABLE}`;
    if (info.ssisdb !== true) return 'the server has no SSISDB catalog (or this login cannot see it)';
    if (target.catalog === 'auto' && target.draft.authentication !== 'windows') {
      return 'SSISDB refuses SQL logins (error 27123): use auth=windows, or catalog=on for a server that accepts SQL logins';
    }
    return null;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ssisd-realserver-'));
    servers = new ServersService({ userDataDir: dir, secrets: new MemorySecretStore(), timeouts: { connectMs: 15_000 } });
    const certificatePem = target.certificateFile ? await readFile(target.certificateFile, 'utf8') : null;
    serverId = value(await servers.add({ ...target.draft, displayName: prefix, certificatePem }, target.password)).id;
    info = value(await servers.test(serverId));
    pool = (await servers.poolFor(serverId)).pool;
    deploy = new DeployService({ servers, buildIspac: (p) => ispacBytesForProject(p) });
    jobs = new JobsService(servers);
    proxies = new ProxiesService(servers);
    dtproj = sampleProject();
  }, SLOW);

  afterAll(async () => {
    const left: string[] = [];
    const attempt = async (what: string, work: () => Promise<unknown>) => {
      try {
        await work();
      } catch (e) {
        left.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
    if (deploy && dtproj) {
      // "Remove from server" with both boxes ticked: the jobs and the msdb package, through the service.
      await attempt('remove the assignments', async () => {
        const ids = value(await deploy.listAssignments(dtproj)).assignments.map((a) => a.id);
        if (ids.length > 0) value(await deploy.unassign(dtproj, ids, true, true));
      });
    }
    if (pool) {
      for (const name of (await allJobNames(pool).catch(() => [])).filter((n) => n.startsWith(prefix))) {
        await attempt(`job '${name}'`, () => pool.request().input('job_name', sql.NVarChar(128), name).execute('msdb.dbo.sp_delete_job'));
      }
      for (const folder of [msdbFolder, prefix]) {
        await attempt(`msdb folder '${folder}'`, async () => {
          const id = await msdbFolderId(pool, folder);
          if (id) await pool.request().input('folderid', sql.UniqueIdentifier, id).execute('msdb.dbo.sp_ssis_deletefolder');
        });
      }
      if (catalogTried) {
        await attempt(`SSISDB folder '${prefix}'`, async () => {
          const browsed = value(await servers.browse(serverId, 'catalog'));
          const folder = browsed.node === 'catalog' ? browsed.catalog.folders.find((f) => f.name === prefix) : undefined;
          for (const p of folder?.projects ?? []) {
            await pool.request().input('folder_name', sql.NVarChar(128), prefix).input('project_name', sql.NVarChar(128), p.name).execute('SSISDB.catalog.delete_project');
          }
          if (folder) await pool.request().input('folder_name', sql.NVarChar(128), prefix).execute('SSISDB.catalog.delete_folder');
        });
      }
    }
    await deploy?.close();
    await servers?.close();
    if (dtproj) removeSampleProject(dtproj);
    if (dir) await rm(dir, { recursive: true, force: true });
    if (left.length > 0) throw new Error(`Could not remove everything the test made on ${target.draft.host}:\n${left.join('\n')}`);
  }, SLOW);

  describe(`real SQL Server ${target.draft.host}${target.draft.port ? `,${target.draft.port}` : ''} (${prefix})`, () => {
    test('Test Connection: version, @@SERVERNAME, login, Agent state, SSISDB and roles as the server reports them', () => {
      expect(info.productVersion).toMatch(/^\d+\.\d+\./);
      expect(info.majorVersion).toBeGreaterThanOrEqual(11);
      expect(info.edition).not.toBe('');
      expect(info.serverName).not.toBe('');
      expect(info.login.toLowerCase()).toBe(target.draft.userName.toLowerCase());
      expect(typeof info.ssisdb).toBe('boolean');
      expect(typeof info.roles.sysadmin).toBe('boolean');
      // VIEW SERVER STATE (which sysadmin has) lets the service read the Agent's state; otherwise it says why not.
      if (info.roles.sysadmin) expect(['running', 'stopped']).toContain(info.agent);
      else if (info.agent === 'unknown') expect(info.agentDetail).not.toBeNull();
      const canDeploy = info.roles.sysadmin === true || (info.roles.sqlAgentUserRole === true && (info.roles.dbSsisAdmin === true || info.roles.dbSsisLtdUser === true));
      expect(canDeploy, 'the login needs sysadmin, or SQLAgentUserRole and db_ssisltduser (or db_ssisadmin) in msdb').toBe(true);
      expect(info.ssisSubsystem, 'SQL Server Agent must list the SSIS subsystem (Integration Services installed)').toBe(true);
    });

    test('deploy the child package to msdb: the bytes are the file; the job has one SSIS step with the SSMS command and no schedule', async () => {
      value(await deploy.assign(dtproj, serverId, ['LoadCustomers.dtsx'], { kind: 'msdb', folder: msdbFolder }, job(msdbJob), false));
      const summary = value(await deploy.runAndWait([dtproj], null, null));
      expect(summary.outcomes.map((o) => [o.packageName, o.outcome, o.error?.message ?? null])).toEqual([['LoadCustomers.dtsx', 'created', null]]);

      expect(await msdbPackageBytes(pool, msdbFolder, 'LoadCustomers')).toEqual(readFileSync(join(dirname(dtproj), 'LoadCustomers.dtsx')));
      const onServer = (await jobOnServer(pool, msdbJob))!;
      expect(onServer.steps).toHaveLength(1);
      expect(onServer.steps[0]).toMatchObject({ step_id: 1, step_name: 'LoadCustomers', subsystem: 'SSIS', database_name: 'master' });
      const command = buildJobStepCommand({ source: { kind: 'msdb', server: info.serverName, folderPath: msdbFolder, packageName: 'LoadCustomers' } });
      expect(onServer.steps[0]!.command).toBe(command);
      expect(command).toMatch(new RegExp(`^/SQL "\\\\"\\\\${prefix}\\\\Child\\\\LoadCustomers\\\\"" /SERVER .+ /CHECKPOINTING OFF /REPORTING E$`));
      expect(onServer.schedules).toEqual([]);
      expect(onServer.targets).toHaveLength(1);
      expect(value(await deploy.listAssignments(dtproj)).assignments.map((a) => a.status)).toEqual(['deployed']);
    }, SLOW);

    test('deploy to the SSISDB catalog: folder and project made, the job runs the package with /ISSERVER', async (ctx) => {
      const reason = catalogSkipReason();
      if (reason) ctx.skip(reason);
      catalogTried = true;
      const assigned = value(await deploy.assign(dtproj, serverId, ['LoadOrders.dtsx'], { kind: 'catalog', folder: prefix, project: 'LoadBalancing' }, job(catalogJob), false));
      const id = assigned.assignments.find((a) => a.packageName === 'LoadOrders.dtsx')!.id;
      const summary = value(await deploy.runAndWait([dtproj], [id], null));
      expect(summary.outcomes.map((o) => [o.packageName, o.outcome, o.error?.message ?? null])).toEqual([['LoadOrders.dtsx', 'created', null]]);

      const browsed = value(await servers.browse(serverId, 'catalog'));
      const folder = browsed.node === 'catalog' ? browsed.catalog.folders.find((f) => f.name === prefix) : undefined;
      expect(folder?.projects.map((p) => p.name)).toEqual(['LoadBalancing']);
      expect(folder!.projects[0]!.packages.map((p) => p.name)).toContain('LoadOrders.dtsx');
      const onServer = (await jobOnServer(pool, catalogJob))!;
      expect(onServer.steps[0]!.command).toBe(buildJobStepCommand({ source: { kind: 'catalog', server: info.serverName, folder: prefix, project: 'LoadBalancing', packageName: 'LoadOrders.dtsx' } }));
      expect(onServer.schedules).toEqual([]);
    }, SLOW);

    test('a second deploy changes nothing and says unchanged', async () => {
      const before = await allJobNames(pool);
      const version = (await jobOnServer(pool, msdbJob))!.job.version_number;
      const summary = value(await deploy.runAndWait([dtproj], null, null));
      const n = summary.outcomes.length;
      expect(summary.counts).toEqual({ created: 0, updated: 0, unchanged: n, failed: 0, cancelled: 0 });
      expect((await jobOnServer(pool, msdbJob))!.job.version_number).toBe(version);
      expect(await allJobNames(pool)).toEqual(before);
    }, SLOW);

    test('the deployed job as the Servers pane and the Job Activity Monitor read it: idle, never run, no history', async () => {
      const listed = value(await servers.browse(serverId, 'jobs'));
      expect(listed.node === 'jobs' ? listed.jobs.find((j) => j.name === msdbJob) : null).toMatchObject({ enabled: true, hasSteps: true, hasTarget: true, lastOutcome: null });
      const status = value(await jobs.status({ serverId, jobName: msdbJob }));
      expect(status).toMatchObject({ jobName: msdbJob, state: 'idle', lastOutcome: null, lastRunAt: null });
      expect(status.steps.map((s) => [s.id, s.name, s.subsystem])).toEqual([[1, 'LoadCustomers', 'SSIS']]);
      expect(value(await jobs.history({ serverId, jobName: msdbJob })).runs).toEqual([]);
      const missing = await jobs.history({ serverId, jobName: `${prefix} no such job` });
      expect(missing.ok ? null : missing.error.details?.sqlErrorNumber).toBe(14262);
    }, SLOW);

    test('Disable, Enable and Delete as the Servers pane does them', async () => {
      const enabledOf = async (name: string) => {
        const listed = value(await servers.browse(serverId, 'jobs'));
        return listed.node === 'jobs' ? listed.jobs.find((j) => j.name === name)?.enabled : undefined;
      };
      expect(value(await jobs.setEnabled({ serverId, jobName: msdbJob }, false)).message).toBe(`Job '${msdbJob}' disabled.`);
      expect(await enabledOf(msdbJob)).toBe(false);
      value(await jobs.setEnabled({ serverId, jobName: msdbJob }, true));
      expect(await enabledOf(msdbJob)).toBe(true);
      const doomed = `${prefix} delete me`;
      await pool.request().input('job_name', sql.NVarChar(128), doomed).execute('msdb.dbo.sp_add_job');
      expect(value(await jobs.delete({ serverId, jobName: doomed })).message).toBe(`Job '${doomed}' and its history deleted.`);
      expect(await allJobNames(pool)).not.toContain(doomed);
    }, SLOW);

    test('the msdb tree shows the deployed folder and package', async () => {
      const browsed = value(await servers.browse(serverId, 'msdb'));
      const root = browsed.node === 'msdb' ? browsed.root : null;
      const child = root?.folders.find((f) => f.name === prefix)?.folders.find((f) => f.name === 'Child');
      expect(child).toMatchObject({ path: `\\${msdbFolder}` });
      expect(child!.packages.map((p) => p.name)).toEqual(['LoadCustomers']);
      // Export Package... gives back the bytes that were deployed.
      const exported = value(await servers.readStoredPackage(serverId, { folderId: child!.packages[0]!.folderId, name: 'LoadCustomers' }));
      expect(Buffer.from(exported)).toEqual(await readFile(join(dirname(dtproj), 'LoadCustomers.dtsx')));
    }, SLOW);

    test('proxies: the Servers pane list and the SSIS "Run as" list agree', async () => {
      const browsed = value(await servers.browse(serverId, 'proxies'));
      const all = browsed.node === 'proxies' ? browsed.proxies : [];
      const runAs = value(await proxies.listForSsis(serverId));
      expect(runAs.login.toLowerCase()).toBe(info.login.toLowerCase());
      for (const p of runAs.proxies) expect(all.map((x) => x.name)).toContain(p.name);
      if (info.roles.sysadmin) {
        // A sysadmin may use every proxy granted to SSIS; the Run as list holds no other.
        const granted = all.filter((p) => p.subsystems?.includes('SSIS'));
        for (const p of runAs.proxies) expect(granted.map((x) => x.name)).toContain(p.name);
        for (const p of granted.filter((x) => x.enabled)) expect(runAs.proxies.map((x) => x.name)).toContain(p.name);
      }
    }, SLOW);
  });
}
