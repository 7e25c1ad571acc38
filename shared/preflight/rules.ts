/**
 * The preflight rules. Each looks at one assignment (package × server) with the facts it needs and returns
 * findings; runPreflight applies them all. Texts say what will happen under SQL Server Agent, in SSMS's and
 * Visual Studio's words (sqlserver.md §1.5, §1.14, §1.15, §7.4, §8).
 */
import { PROTECTION_LEVEL_NAMES } from '../model/solution.js';
import {
  csValue,
  isLocalDrivePath,
  isLocalServerName,
  parseConnectionString,
  usesWindowsAuthentication,
} from './connection-string.js';
import type { ConnectionFact, PackageFacts } from './package-facts.js';
import type {
  Finding,
  Fix,
  PreflightAssignment,
  PreflightInput,
  PreflightProject,
  PreflightReport,
  RuleId,
  ServerFacts,
  Severity,
} from './types.js';
import { productName, targetMajorVersion, targetVersionName } from './versions.js';

export interface RuleContext {
  readonly assignment: PreflightAssignment;
  readonly project: PreflightProject;
  readonly facts: PackageFacts;
  /** Package and project connection managers the package sees. */
  readonly connections: readonly ConnectionFact[];
  readonly server: ServerFacts | null;
  /** "package|server" (lower case) of every assignment. */
  readonly onServer: ReadonlySet<string>;
}

type Rule = (ctx: RuleContext) => Finding[];

function finding(
  ctx: RuleContext,
  rule: RuleId,
  severity: Severity,
  subject: string | null,
  title: string,
  explanation: string,
  fix: Fix | null = null,
): Finding {
  const a = ctx.assignment;
  return {
    key: [rule, a.packageName.toLowerCase(), a.server.toLowerCase(), subject ?? ''].join('|'),
    rule,
    severity,
    packageName: a.packageName,
    server: a.server,
    assignmentId: a.id,
    subject,
    title,
    explanation,
    fix,
  };
}

const proxyFix = (ctx: RuleContext): Fix =>
  ctx.server?.proxies && ctx.server.proxies.some((p) => p.enabled && p.ssis !== false)
    ? { label: 'Choose a proxy (Run as)', action: { kind: 'choose-proxy', assignmentId: ctx.assignment.id } }
    : { label: 'New Proxy...', action: { kind: 'create-proxy', server: ctx.assignment.server } };

const FILE_TYPES = new Set(['FILE', 'FLATFILE', 'MULTIFILE', 'MULTIFLATFILE', 'EXCEL']);

/** The path or server a connection points at at design time, split by what the rules care about. */
function connectionTarget(c: ConnectionFact): { path: string | null; dataSource: string | null } {
  if (c.connectionString === null) return { path: null, dataSource: null };
  if (c.creationName === 'FILE' || c.creationName === 'FLATFILE' || c.creationName.startsWith('MULTI')) {
    return { path: c.connectionString.split('|')[0]!.trim(), dataSource: null };
  }
  const cs = parseConnectionString(c.connectionString);
  const ds = csValue(cs, 'Data Source', 'Server', 'Address', 'Addr', 'Network Address', 'DBQ');
  if (c.creationName === 'EXCEL' || /\.(xlsx?|xlsm|xlsb|accdb|mdb|csv|txt)$/i.test(ds ?? '')) return { path: ds, dataSource: null };
  return { path: null, dataSource: ds };
}

const protectionUserKey: Rule = (ctx) => {
  const level = ctx.facts.protectionLevel;
  if (level !== 1 && level !== 4) return [];
  const name = PROTECTION_LEVEL_NAMES[level]!;
  const allEncrypted = level === 4;
  const severity: Severity = allEncrypted || ctx.facts.hasSensitiveValues ? 'error' : 'warning';
  const what = allEncrypted
    ? 'The whole package is encrypted with the Windows key of the user who saved it, so the account that runs the job (the SQL Server Agent service account or a proxy) cannot even load it.'
    : ctx.facts.hasSensitiveValues
      ? 'Passwords and other sensitive values in the package are encrypted with the Windows key of the user who saved it. The account that runs the job (the SQL Server Agent service account or a proxy) cannot decrypt them, so they arrive blank and the connections fail — the first cause Microsoft lists for "runs in the designer, fails as an Agent job".'
      : 'The package holds no sensitive values yet, but any password saved later is encrypted with your Windows key and will be blank for the account that runs the job.';
  return [
    finding(
      ctx,
      'protection-user-key',
      severity,
      null,
      `Protection level ${name}`,
      `${what} Set the project's ProtectionLevel to DontSaveSensitive and give secrets as parameters (catalog environments) or /SET values, or use EncryptSensitiveWithPassword with the password in the job step (/DECRYPT).`,
    ),
  ];
};

const protectionPassword: Rule = (ctx) => {
  const level = ctx.facts.protectionLevel;
  const a = ctx.assignment;
  if (level !== 2 && level !== 3) return [];
  if (a.target.kind === 'catalog' || !a.job.createJob || a.job.decrypt) return [];
  const name = PROTECTION_LEVEL_NAMES[level]!;
  return [
    finding(
      ctx,
      'protection-password-no-decrypt',
      'error',
      null,
      `Protection level ${name} without a password for the job step`,
      level === 3
        ? 'The whole package is encrypted with a password. The job step has no /DECRYPT password, so DTExec cannot load the package and the step fails.'
        : 'Sensitive values are encrypted with a password. The job step has no /DECRYPT password, so they arrive blank and the connections that need them fail.',
    ),
  ];
};

const localFilePath: Rule = (ctx) => {
  const out: Finding[] = [];
  for (const c of ctx.connections) {
    const { path } = connectionTarget(c);
    if (!path || !isLocalDrivePath(path)) continue;
    if (!FILE_TYPES.has(c.creationName) && !c.connectionString?.toLowerCase().includes('data source')) continue;
    const drive = path.slice(0, 2).toUpperCase();
    out.push(
      finding(
        ctx,
        'local-file-path',
        c.expression ? 'info' : 'warning',
        c.name,
        `"${c.name}" points at ${path}`,
        c.expression
          ? `At design time the connection points at a local drive; at run time the expression ${c.expression} sets it. Make sure that value is a path on ${ctx.assignment.server} (or a UNC path) that the job's account can read.`
          : `${drive} is the drive of the machine that runs the package. Under SQL Server Agent that is ${ctx.assignment.server}, where ${path} is a different file or does not exist. Use a UNC path (\\\\server\\share\\...) or set the path through a parameter.`,
      ),
    );
  }
  return out;
};

const localDataSource: Rule = (ctx) => {
  const out: Finding[] = [];
  for (const c of ctx.connections) {
    const { dataSource } = connectionTarget(c);
    if (!dataSource || !isLocalServerName(dataSource)) continue;
    out.push(
      finding(
        ctx,
        'local-data-source',
        c.expression ? 'info' : 'warning',
        c.name,
        `"${c.name}" connects to ${dataSource}`,
        c.expression
          ? `At design time the connection names the local server; at run time the expression ${c.expression} sets it. Check the value it gets on ${ctx.assignment.server}.`
          : `"${dataSource}" means the machine the package runs on. Under SQL Server Agent on ${ctx.assignment.server} it connects to ${ctx.assignment.server} itself, not to the server you used in the designer. Give the real server name, or set it through a parameter.`,
      ),
    );
  }
  return out;
};

const windowsAuthNoProxy: Rule = (ctx) => {
  const a = ctx.assignment;
  if (!a.job.createJob || a.job.proxy) return [];
  const windows = ctx.connections.filter((c) => c.connectionString && usesWindowsAuthentication(parseConnectionString(c.connectionString)));
  if (windows.length === 0) return [];
  const names = windows.map((c) => `"${c.name}"`).join(', ');
  return [
    finding(
      ctx,
      'windows-auth-no-proxy',
      'warning',
      windows.map((c) => c.name).join(', '),
      `Windows authentication with no proxy`,
      `${names} ${windows.length > 1 ? 'use' : 'uses'} Windows authentication. The job step has no proxy, so it runs as the SQL Server Agent service account on ${a.server}, not as you: that account needs access to every database and file the package uses. Pick a proxy whose Windows account has that access.`,
      proxyFix(ctx),
    ),
  ];
};

const JET = /microsoft\.jet\.oledb/i;
const ACE = /microsoft\.ace\.oledb/i;

const provider32: Rule = (ctx) => {
  const a = ctx.assignment;
  if (!a.job.createJob || a.job.use32bit) return [];
  const out: Finding[] = [];
  for (const c of ctx.connections) {
    const provider = c.connectionString ? (csValue(parseConnectionString(c.connectionString), 'Provider') ?? '') : '';
    const jet = JET.test(provider);
    const ace = ACE.test(provider) || (c.creationName === 'EXCEL' && !jet);
    if (!jet && !ace) continue;
    out.push(
      finding(
        ctx,
        'provider-32bit',
        jet ? 'error' : 'warning',
        c.name,
        `"${c.name}" uses ${jet ? 'the Jet provider' : c.creationName === 'EXCEL' ? 'Excel (Access Database Engine)' : 'the ACE provider'} without the 32-bit runtime`,
        jet
          ? 'Microsoft.Jet.OLEDB exists only as a 32-bit provider. The job step runs the 64-bit DTExec, which cannot load it ("The requested OLE DB provider is not registered"). Turn on "Use 32 bit runtime" (/X86) for the job step.'
          : `Excel and Access connections use the Access Database Engine, which servers usually have only in 32 bit. Unless the 64-bit Access Database Engine is installed on ${a.server}, the 64-bit DTExec cannot load it. Turn on "Use 32 bit runtime" (/X86) for the job step.`,
        { label: 'Use 32-bit runtime', action: { kind: 'set-32bit', assignmentId: a.id } },
      ),
    );
  }
  return out;
};

const childNotOnServer: Rule = (ctx) => {
  const a = ctx.assignment;
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const child of ctx.facts.children) {
    if (child.kind !== 'project' || child.disabled || !child.packageName) continue;
    const lower = child.packageName.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    if (ctx.onServer.has(`${lower}|${a.server.toLowerCase()}`)) continue;
    out.push(
      finding(
        ctx,
        'child-not-on-server',
        'error',
        child.taskPath,
        `Child package ${child.packageName} is not deployed to ${a.server}`,
        `The Execute Package Task "${child.taskPath}" runs ${child.packageName} from the same project. On ${a.server} the parent can only find it if ${child.packageName} is deployed there too; otherwise the task fails with "package not found".`,
        { label: `Assign ${child.packageName} to ${a.server}`, action: { kind: 'assign-child', assignmentId: a.id, childPackage: child.packageName } },
      ),
    );
  }
  return out;
};

const targetVersion: Rule = (ctx) => {
  const major = ctx.server?.info?.majorVersion ?? null;
  const target = targetMajorVersion(ctx.project.targetServerVersion);
  if (major === null || target === null || target <= major) return [];
  return [
    finding(
      ctx,
      'target-version-newer',
      'error',
      null,
      `Built for ${productName(target)}, ${ctx.assignment.server} runs ${productName(major)}`,
      `The project's TargetServerVersion is ${ctx.project.targetServerVersion}, newer than ${ctx.assignment.server} (${ctx.server!.info!.productVersion}). An older DTExec cannot load packages saved for a newer version. Set TargetServerVersion to ${targetVersionName(major) ?? productName(major)} or older in the project properties (Configuration Properties → General).`,
    ),
  ];
};

const noSsisSubsystem: Rule = (ctx) => {
  if (!ctx.assignment.job.createJob || ctx.server?.info?.ssisSubsystem !== false) return [];
  return [
    finding(
      ctx,
      'no-ssis-subsystem',
      'error',
      null,
      `${ctx.assignment.server} has no SSIS subsystem`,
      `SQL Server Agent on ${ctx.assignment.server} lists no "SSIS" subsystem: Integration Services is not installed there, so creating the job step fails with error 14234 and the package cannot run as an Agent job. Install Integration Services on that server or run the package elsewhere.`,
    ),
  ];
};

const noSsisdb: Rule = (ctx) => {
  if (ctx.assignment.target.kind !== 'catalog' || ctx.server?.info?.ssisdb !== false) return [];
  return [
    finding(
      ctx,
      'no-ssisdb',
      'error',
      null,
      `${ctx.assignment.server} has no SSIS catalog (SSISDB)`,
      `The package is assigned to the SSIS catalog, but ${ctx.assignment.server} has no SSISDB database, so the deploy fails (error 27220). Create the catalog (SSMS: Integration Services Catalogs → Create Catalog...) or choose the msdb or file-system target.`,
    ),
  ];
};

const missingRoles: Rule = (ctx) => {
  const roles = ctx.server?.info?.roles;
  if (!roles || roles.sysadmin !== false) return [];
  const a = ctx.assignment;
  const missing: string[] = [];
  if (a.job.createJob) {
    const agent = [roles.sqlAgentUserRole, roles.sqlAgentReaderRole, roles.sqlAgentOperatorRole];
    if (agent.every((r) => r === false)) missing.push('SQLAgentUserRole (or SQLAgentReaderRole / SQLAgentOperatorRole) in msdb, to create and start the job');
  }
  if (a.target.kind === 'msdb') {
    const ssis = [roles.dbSsisAdmin, roles.dbSsisLtdUser];
    if (ssis.every((r) => r === false)) missing.push('db_ssisltduser or db_ssisadmin in msdb, to store the package');
  }
  if (missing.length === 0) return [];
  const login = ctx.server?.info?.login ?? 'this login';
  return [
    finding(
      ctx,
      'missing-roles',
      'error',
      login,
      `${login} lacks the roles needed on ${a.server}`,
      `${login} is not sysadmin on ${a.server} and is missing: ${missing.join('; ')}. Without them the procedures answer with permission errors (229, 14260, 14307). Ask the server's administrator to add ${login} to those roles.`,
    ),
  ];
};

const ownerNeedsProxy: Rule = (ctx) => {
  const a = ctx.assignment;
  const roles = ctx.server?.info?.roles;
  if (!a.job.createJob || a.job.proxy || a.job.owner !== null || roles?.sysadmin !== false) return [];
  const login = ctx.server?.info?.login ?? 'this login';
  return [
    finding(
      ctx,
      'owner-needs-proxy',
      'error',
      login,
      `The job's owner is not sysadmin and the step has no proxy`,
      `The job will be owned by ${login}, which is not sysadmin on ${a.server}. SQL Server Agent refuses to run SSIS steps of such owners without a proxy: the step fails with "Non-SysAdmins have been denied permission to run SSIS job steps without a proxy account." Pick a proxy granted to SSIS and to ${login}.`,
      proxyFix(ctx),
    ),
  ];
};

const proxyNotUsable: Rule = (ctx) => {
  const a = ctx.assignment;
  const proxies = ctx.server?.proxies;
  if (!a.job.createJob || !a.job.proxy || !proxies) return [];
  const p = proxies.find((x) => x.name.toLowerCase() === a.job.proxy!.toLowerCase());
  const why = !p
    ? `there is no proxy named "${a.job.proxy}" that this login may use for SSIS (creating the step fails with 14262 or 14516)`
    : !p.enabled
      ? `proxy "${p.name}" is disabled (the step fails with 14537)`
      : p.ssis === false
        ? `proxy "${p.name}" is not granted to the SSIS subsystem (14516 when the step is created)`
        : null;
  if (!why) return [];
  return [
    finding(ctx, 'proxy-not-usable', 'error', a.job.proxy, `Proxy "${a.job.proxy}" cannot run SSIS steps on ${a.server}`, `On ${a.server} ${why}.`, {
      label: 'New Proxy...',
      action: { kind: 'create-proxy', server: a.server },
    }),
  ];
};

const serverNotChecked: Rule = (ctx) => {
  if (ctx.server?.info) return [];
  const why = ctx.server?.error ?? `${ctx.assignment.server} is not a registered server`;
  return [
    finding(
      ctx,
      'server-not-checked',
      'warning',
      null,
      `${ctx.assignment.server} could not be checked`,
      `The server checks (version, SSIS subsystem, SSISDB, roles, proxies) were skipped: ${why}`,
    ),
  ];
};

/** Package rules first, then server rules; the order findings are listed in. */
export const RULES: readonly Rule[] = [
  protectionUserKey,
  protectionPassword,
  localFilePath,
  localDataSource,
  windowsAuthNoProxy,
  provider32,
  childNotOnServer,
  targetVersion,
  noSsisSubsystem,
  noSsisdb,
  missingRoles,
  ownerNeedsProxy,
  proxyNotUsable,
  serverNotChecked,
];

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** All findings for every assignment of the project, most severe first (stable within a severity). */
export function runPreflight(input: PreflightInput): PreflightReport {
  const findings: Finding[] = [];
  const reported = new Set<string>();
  const packages = new Map(input.project.packages.map((p) => [p.name.toLowerCase(), p]));
  const servers = new Map(input.servers.map((s) => [s.name.toLowerCase(), s]));
  const onServer = new Set(input.assignments.map((a) => `${a.packageName.toLowerCase()}|${a.server.toLowerCase()}`));
  for (const assignment of input.assignments) {
    const pkg = packages.get(assignment.packageName.toLowerCase());
    const server = servers.get(assignment.server.toLowerCase()) ?? null;
    if (!pkg?.facts) {
      const k = `package-unreadable|${assignment.packageName.toLowerCase()}`;
      if (!reported.has(k)) {
        reported.add(k);
        findings.push({
          key: k,
          rule: 'package-unreadable',
          severity: 'error',
          packageName: assignment.packageName,
          server: assignment.server,
          assignmentId: assignment.id,
          subject: null,
          title: `${assignment.packageName} could not be checked`,
          explanation: pkg?.error ?? `The project does not list a package named ${assignment.packageName}.`,
          fix: null,
        });
      }
      continue;
    }
    const ctx: RuleContext = {
      assignment,
      project: input.project,
      facts: pkg.facts,
      connections: [...pkg.facts.connections, ...input.project.connections],
      server,
      onServer,
    };
    for (const rule of RULES) findings.push(...rule(ctx));
  }
  const sorted = findings.map((f, i) => ({ f, i })).sort((x, y) => SEVERITY_ORDER[x.f.severity] - SEVERITY_ORDER[y.f.severity] || x.i - y.i).map((x) => x.f);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of sorted) counts[f.severity]++;
  return { findings: sorted, counts };
}
