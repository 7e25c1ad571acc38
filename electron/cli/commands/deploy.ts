/**
 * `ssisd assign <solution> <package> <server> [--target catalog|msdb|file] [--folder F] [--project P]
 * [--path P] [--copy-to P] [--proxy NAME] [--job NAME] [--description D] [--owner LOGIN] [--x86] [--no-job]`
 * and `ssisd deploy <solution> [--server NAME]... [--json] [--servers FILE] [--password-env VAR]`: the saved
 * assignments of every project in the solution, deployed as Deploy All does (password-protected projects
 * opened with the password in $VAR); exit code 1 if anything failed.
 */
import type { DeployTarget } from '../../../shared/model/deploy.js';
import { defaultUserDataDir } from '../../app/user-data.js';
import { ispacBytesForProject } from '../../services/build/index.js';
import { DeployService } from '../../services/deploy/index.js';
import { SolutionService } from '../../services/solution/service.js';
import { UsageError, type CliIo } from '../io.js';
import { applyPasswordEnv, checkEnvName } from '../password-env.js';
import { openServerSource, type ServerSource } from '../server-source.js';
import { parseCliArgs } from './cli-args.js';
import { deploySummaryTable } from './deploy-summary.js';

const ASSIGN_USAGE =
  'usage: ssisd assign <solution> <package> <server> [--target catalog|msdb|file] [--folder F] [--project P] [--path P] [--copy-to P] [--proxy NAME] [--job NAME] [--description D] [--owner LOGIN] [--x86] [--no-job] [--servers FILE]';
const DEPLOY_USAGE = 'usage: ssisd deploy <solution> [--server NAME]... [--json] [--servers FILE] [--password-env VAR]';

interface ProjectRef {
  readonly name: string;
  readonly path: string;
  readonly deploymentModel: string | null;
  readonly packages: readonly string[];
}

/** The solution's projects; `locked` also lists password-protected ones (deploy opens them with the password). */
async function projectsOf(solutionPath: string, locked = false): Promise<ProjectRef[]> {
  const service = new SolutionService({ watch: false });
  try {
    const opened = await service.open({ path: solutionPath });
    if (!opened.ok) throw new Error(opened.error.message);
    return opened.value.projects
      .filter((p) => p.status === 'loaded' || (locked && p.status === 'locked'))
      .map((p) => ({ name: p.name, path: p.path, deploymentModel: p.deploymentModel, packages: p.packages.map((k) => k.name) }));
  } finally {
    await service.close();
  }
}

async function openSource(file: string | null, env: NodeJS.ProcessEnv, io: CliIo): Promise<ServerSource> {
  const source = await openServerSource(file, env);
  if (file === null) for (const warning of await applyPasswordEnv(source.servers, defaultUserDataDir(env), env)) io.err(`ssisd: warning: ${warning}\n`);
  return source;
}

/** The target asked for; by default the catalog, or msdb for package-model projects and SQL Server logins (27123). */
function targetOf(a: ReturnType<typeof parseCliArgs>, project: ProjectRef, sqlLogin: boolean): DeployTarget | { kind: string; folder?: string; project?: string; path?: string; copyTo?: string | null } {
  const kind = a.value('--target') ?? (project.deploymentModel === 'Package' || sqlLogin ? 'msdb' : 'catalog');
  if (kind === 'catalog') return { kind, folder: a.value('--folder') ?? project.name, project: a.value('--project') ?? project.name };
  if (kind === 'msdb') return { kind, folder: a.value('--folder') ?? '' };
  if (kind === 'file') {
    const path = a.value('--path');
    if (!path) throw new UsageError(`--target file needs --path (the folder as the server sees it)\n${ASSIGN_USAGE}`);
    return { kind, path, copyTo: a.value('--copy-to') ?? null };
  }
  throw new UsageError(`--target must be catalog, msdb or file, got "${kind}"`);
}

export async function assign(args: readonly string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const a = parseCliArgs(args, {
    valued: ['--target', '--folder', '--project', '--path', '--copy-to', '--proxy', '--job', '--description', '--owner', '--servers'],
    switches: ['--x86', '--no-job'],
    usage: ASSIGN_USAGE,
  });
  if (a.positional.length !== 3) throw new UsageError(ASSIGN_USAGE);
  const [solution, packageName, server] = a.positional as [string, string, string];
  const lower = packageName.toLowerCase();
  const candidates = (await projectsOf(solution)).filter((p) => p.packages.some((k) => k.toLowerCase() === lower));
  if (candidates.length === 0) throw new Error(`no project in ${solution} lists a package named "${packageName}"`);
  if (candidates.length > 1) throw new Error(`"${packageName}" is in several projects (${candidates.map((c) => c.name).join(', ')}); give the .dtproj instead`);
  const project = candidates[0]!;
  const source = await openSource(a.value('--servers') ?? null, env, io);
  const deploy = new DeployService({ servers: source.servers, buildIspac: null });
  try {
    const list = await source.servers.list();
    const known = list.ok ? list.value.servers.find((s) => s.displayName.toLowerCase() === server.toLowerCase()) : undefined;
    if (!known) io.err(`ssisd: warning: no registered server is named "${server}"; add it (ssisd server add) or give --servers FILE before deploying\n`);
    const r = await deploy.assignToServer(
      project.path,
      known?.displayName ?? server,
      [packageName],
      targetOf(a, project, known?.authentication === 'sql'),
      { createJob: !a.has('--no-job'), name: a.value('--job') ?? null, description: a.value('--description') ?? null, owner: a.value('--owner') ?? null, proxy: a.value('--proxy') ?? null, use32bit: a.has('--x86') },
      false,
    );
    if (!r.ok) {
      io.err(`ssisd: ${r.error.message}\n`);
      return 1;
    }
    const made = r.value.assignments.find((x) => x.packageName.toLowerCase() === lower && x.server.toLowerCase() === server.toLowerCase())!;
    const where = made.target.kind === 'catalog' ? `SSISDB\\${made.target.folder}\\${made.target.project}` : made.target.kind === 'msdb' ? `MSDB\\${made.target.folder}` : made.target.path;
    io.out(`${project.name}: ${made.packageName} → ${made.server} (${made.target.kind}: ${where})${made.job.createJob ? `, job '${made.job.name}'${made.job.proxy ? ` as ${made.job.proxy}` : ''}` : ', no job'}\n`);
    return 0;
  } finally {
    await deploy.close();
    await source.close();
  }
}

export async function deployCommand(args: readonly string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const a = parseCliArgs(args, { valued: ['--server', '--servers', '--password-env'], switches: ['--json'], usage: DEPLOY_USAGE });
  if (a.positional.length !== 1) throw new UsageError(DEPLOY_USAGE);
  const passwordEnv = a.value('--password-env');
  const projectPassword = passwordEnv === undefined ? undefined : env[checkEnvName(passwordEnv)];
  if (passwordEnv !== undefined && projectPassword === undefined) throw new UsageError(`the environment variable ${passwordEnv} (the project password) is not set`);
  const projects = await projectsOf(a.positional[0]!, true);
  const json = a.has('--json');
  const source = await openSource(a.value('--servers') ?? null, env, io);
  const deploy = new DeployService({
    servers: source.servers,
    buildIspac: (p, password) => ispacBytesForProject(p, { password, forCatalog: true }),
    onEvent: (event, payload) => {
      if (!json && event === 'deploy:progress' && 'message' in payload) io.out(`${payload.message}\n`);
    },
  });
  // Ctrl+C cancels: work in flight on each server finishes or rolls back, nothing is left half made.
  const onInterrupt = () => {
    io.err('ssisd: cancelling the deploy...\n');
    void deploy.close();
  };
  process.once('SIGINT', onInterrupt);
  try {
    const servers = a.values('--server');
    const passwords = projectPassword === undefined ? [] : projects.map((p) => ({ projectPath: p.path, password: projectPassword }));
    const r = await deploy.runAndWait(projects.map((p) => p.path), null, servers.length ? servers : null, passwords);
    if (!r.ok) {
      io.err(`ssisd: ${r.error.message}\n`);
      return 1;
    }
    const s = r.value;
    if (json) io.out(`${JSON.stringify(s, null, 2)}\n`);
    else {
      io.out(`\n${deploySummaryTable(s)}\n`);
      io.out(`Deploy finished in ${(s.elapsedMs / 1000).toFixed(1)} s: ${s.counts.created} created, ${s.counts.updated} updated, ${s.counts.unchanged} unchanged, ${s.counts.failed} failed${s.counts.cancelled ? `, ${s.counts.cancelled} cancelled` : ''}\n`);
    }
    return s.counts.failed + s.counts.cancelled > 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', onInterrupt);
    await deploy.close();
    await source.close();
  }
}
