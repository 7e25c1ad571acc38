/**
 * `ssisd check <solution> [--json] [--servers FILE]`: preflight findings and Compare with Servers for every
 * project of the solution; exit 1 when something would fail (an error finding or a difference on a server).
 * `ssisd wire <solution> [--package P] [--wait-for-children] [--sequence] [--dry-run] [--servers FILE]`:
 * Wire Child Jobs on the parent package.
 * `ssisd proxy add --server S --name P --identity I --secret-env VAR [--login L]... [--credential C]
 * [--description D] [--servers FILE]`: New Proxy; the secret is read from the environment variable.
 */
import type { DriftReport, PreflightResult, WireSummary } from '../../../shared/contract/preflight.js';
import type { Finding } from '../../../shared/preflight/types.js';
import type { ProjectNode } from '../../../shared/model/solution.js';
import { packageFacts } from '../../../shared/preflight/package-facts.js';
import { DeployService } from '../../services/deploy/index.js';
import { readTextFile } from '../../services/files/text-file.js';
import { PreflightService } from '../../services/preflight/index.js';
import { ProxiesService } from '../../services/proxies/index.js';
import { SolutionService } from '../../services/solution/service.js';
import { UsageError, type CliIo } from '../io.js';
import { parseCliArgs } from './cli-args.js';
import { openConnectingSource } from '../server-source.js';

async function loadedProjects(path: string): Promise<ProjectNode[]> {
  const solution = new SolutionService({ watch: false });
  try {
    const opened = await solution.open({ path });
    if (!opened.ok) throw new Error(opened.error.message);
    return opened.value.projects.filter((p) => p.status === 'loaded');
  } finally {
    await solution.close();
  }
}

/** Opens servers, the deploy service (for the assignments) and preflight; closes them after `work`. */
async function withServices<T>(serversFile: string | null, work: (s: { preflight: PreflightService; proxies: ProxiesService; resolve: (s: string) => Promise<string> }) => Promise<T>): Promise<T> {
  // Registered servers get their passwords from `ssisd server add --password-env`'s variables.
  const source = await openConnectingSource(serversFile);
  const deploy = new DeployService({ servers: source.servers, buildIspac: null });
  try {
    return await work({ preflight: new PreflightService({ servers: source.servers, assignments: deploy }), proxies: new ProxiesService(source.servers), resolve: (s) => source.resolve(s) });
  } finally {
    await deploy.close();
    await source.close();
  }
}

const MARK: Readonly<Record<Finding['severity'], string>> = { error: 'error', warning: 'warning', info: 'info' };

function checkText(r: PreflightResult, d: DriftReport): string {
  const lines = [`${r.projectName}: ${r.report.counts.error} error(s), ${r.report.counts.warning} warning(s), ${r.report.counts.info} message(s); ${d.differences} difference(s) on the servers`];
  for (const s of r.servers) if (!s.reachable) lines.push(`  ${s.server}: not checked: ${s.error ?? ''}`);
  for (const f of r.report.findings) {
    lines.push(`  ${MARK[f.severity]}: ${f.packageName} on ${f.server}: ${f.title}`);
    lines.push(`      ${f.explanation}`);
    if (f.fix) lines.push(`      Fix: ${f.fix.label}`);
  }
  for (const row of d.rows) {
    if (row.inSync) continue;
    for (const c of row.cells.filter((x) => x.state !== 'ok')) lines.push(`  ${c.state}: ${row.packageName} on ${row.server}: ${c.check}: ${c.detail}`);
  }
  return `${lines.join('\n')}\n`;
}

const CHECK_USAGE = 'usage: ssisd check <.sln|.slnx|.dtproj> [--json] [--servers FILE]';

export async function check(args: readonly string[], io: CliIo): Promise<number> {
  const f = parseCliArgs(args, { valued: ['--servers'], switches: ['--json'], usage: CHECK_USAGE });
  if (f.positional.length !== 1) throw new UsageError(CHECK_USAGE);
  const projects = await loadedProjects(f.positional[0]!);
  return withServices(f.value('--servers') ?? null, async ({ preflight }) => {
    const out: { project: string; preflight: PreflightResult; drift: DriftReport }[] = [];
    let failing = false;
    for (const p of projects) {
      const r = await preflight.check(p.path);
      if (!r.ok) throw new Error(`${p.name}: ${r.error.message}`);
      const d = await preflight.drift(p.path);
      if (!d.ok) throw new Error(`${p.name}: ${d.error.message}`);
      out.push({ project: p.path, preflight: r.value, drift: d.value });
      if (r.value.report.counts.error > 0 || d.value.differences > 0) failing = true;
      if (!f.has('--json')) io.out(checkText(r.value, d.value));
    }
    if (f.has('--json')) io.out(`${JSON.stringify({ ok: !failing, projects: out }, null, 2)}\n`);
    return failing ? 1 : 0;
  });
}

const WIRE_USAGE = 'usage: ssisd wire <.sln|.slnx|.dtproj> [--package PARENT.dtsx] [--wait-for-children] [--sequence] [--dry-run] [--servers FILE]';

/** The parent: --package, else the project's StartUp object, else the one package that runs children. */
async function parentOf(p: ProjectNode, given: string | null): Promise<string | null> {
  if (given) return p.packages.some((k) => k.name.toLowerCase() === given.toLowerCase()) ? given : null;
  if (p.startupObject) return p.startupObject;
  const parents: string[] = [];
  for (const k of p.packages) {
    try {
      if (packageFacts((await readTextFile(k.path)).text).children.some((c) => c.kind === 'project' && !c.disabled)) parents.push(k.name);
    } catch {
      // unreadable packages are reported by `ssisd check`
    }
  }
  if (parents.length > 1) throw new UsageError(`${p.name} has several parent packages (${parents.join(', ')}); give --package`);
  return parents[0] ?? null;
}

function wireText(project: string, parent: string, w: WireSummary): string {
  const how = `${w.mode === 'wait' ? 'start and wait' : 'start only'}, ${w.order === 'sequence' ? 'in sequence' : 'in parallel'}`;
  const lines = [`${project}: ${parent}: ${w.written ? 'written' : w.changed ? 'would change (dry run)' : 'already wired'} (${how})`];
  for (const t of w.tasks) lines.push(`  ${t.outcome}: ${t.name} (${t.packageName} on ${t.server}, job '${t.jobName}')`);
  for (const r of w.removed) lines.push(`  removed: ${r}`);
  return `${lines.join('\n')}\n`;
}

export async function wire(args: readonly string[], io: CliIo): Promise<number> {
  const f = parseCliArgs(args, { valued: ['--servers', '--package'], switches: ['--wait-for-children', '--sequence', '--dry-run'], usage: WIRE_USAGE });
  if (f.positional.length !== 1) throw new UsageError(WIRE_USAGE);
  const projects = await loadedProjects(f.positional[0]!);
  const given = f.value('--package') ?? null;
  return withServices(f.value('--servers') ?? null, async ({ preflight }) => {
    let wired = 0;
    for (const p of projects) {
      const parent = await parentOf(p, given);
      if (!parent) continue;
      const r = await preflight.wire({
        projectPath: p.path,
        packageName: parent,
        mode: f.has('--wait-for-children') ? 'wait' : 'start',
        order: f.has('--sequence') ? 'sequence' : 'parallel',
        dryRun: f.has('--dry-run'),
      });
      if (!r.ok) throw new Error(`${p.name}: ${r.error.message}`);
      io.out(wireText(p.name, parent, r.value));
      wired++;
    }
    if (wired === 0) throw new UsageError(given ? `no project lists a package named "${given}"` : 'no parent package found (a package with Execute Package Tasks, or the StartUp object); give --package');
    return 0;
  });
}

const PROXY_USAGE = 'usage: ssisd proxy add --server S --name P --identity DOMAIN\\user --secret-env VAR [--login L]... [--credential C] [--description D] [--servers FILE]';

export async function proxyAdd(args: readonly string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const f = parseCliArgs(args, { valued: ['--server', '--name', '--identity', '--secret-env', '--login', '--credential', '--description', '--servers'], switches: [], usage: PROXY_USAGE });
  for (const required of ['--server', '--name', '--identity', '--secret-env']) if (!f.value(required)) throw new UsageError(`${required} is required\n${PROXY_USAGE}`);
  if (f.positional.length > 0) throw new UsageError(PROXY_USAGE);
  const secretEnv = f.value('--secret-env')!;
  const secret = env[secretEnv];
  if (!secret) throw new UsageError(`the environment variable ${secretEnv} (the proxy account's password) is not set`);
  return withServices(f.value('--servers') ?? null, async ({ proxies, resolve }) => {
    const serverId = await resolve(f.value('--server')!);
    const logins = [...f.values('--login')];
    const r = await proxies.create(serverId, {
      name: f.value('--name')!,
      credentialName: f.value('--credential') ?? null,
      identity: f.value('--identity')!,
      secret,
      description: f.value('--description') ?? null,
      logins,
    });
    if (!r.ok) {
      io.err(`ssisd: ${r.error.message}\n`);
      return 1;
    }
    io.out(`${r.value.server}: proxy "${r.value.name}" (id ${r.value.proxyId}) created, granted to SSIS${logins.length ? ` and to ${logins.join(', ')}` : ''}\n`);
    for (const m of r.value.messages) io.out(`  ${m}\n`);
    return 0;
  });
}
