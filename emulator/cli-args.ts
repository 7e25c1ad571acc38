/**
 * Command-line arguments of `ssisd-emulator` → startEmulator options. Pure apart from reading the
 * --logins file, so every rule here is tested without starting a server.
 */
import { readFileSync } from 'node:fs';
import { DEV_SA_PASSWORD } from './dev-password.js';
import { defaultDtexecCommand } from './default-dtexec.js';
import type { LoginConfig } from './engine/types.js';
import type { EmulatorServerConfig, StartEmulatorOptions } from './start.js';

export const USAGE = `Usage: ssisd-emulator --listen NAME=HOST:PORT [--listen NAME=HOST:PORT ...] [options]

Starts one emulated SQL Server (msdb, SQL Server Agent, SSISDB) per --listen, each with its own state.

  --listen NAME=HOST:PORT         @@SERVERNAME and address, e.g. SRV1=127.0.0.2:1433 (port 0 = any free port)
  --data DIR                      keep state on disk under DIR/<NAME>/ (default: in memory)
  --sa-password PW                password of the sa login (default: $SSISD_EMULATOR_SA_PASSWORD)
  --tls off|on|strict             encryption offered (default on; strict = TDS 8 only)
  --dtexec "<command>"|none       command SSIS job steps run, with the step's command line appended
                                  (default: this repository's \`ssisd exec\`; none = SSIS not installed)
  --agent running|stopped         stopped: sp_start_job fails as when SQL Server Agent is not running
  --logins FILE.json              extra logins: [{"name","password" or "passwordEnv","roles":[...]}]
  --allow-sql-logins-for-catalog  let SQL logins call SSISDB catalog procedures (SQL Server refuses: 27123)
  --latency MS                    delay every request by MS milliseconds
  --drop-after N                  drop the connection instead of answering after N requests
  --verbose                       log connections and requests to stderr
  --help                          this text`;

/** Roles the emulator knows, in SQL Server's spelling. */
export const KNOWN_ROLES = [
  'sysadmin',
  'SQLAgentUserRole',
  'SQLAgentReaderRole',
  'SQLAgentOperatorRole',
  'db_ssisadmin',
  'db_ssisltduser',
  'db_ssisoperator',
  'ssis_admin',
  'ssis_logreader',
] as const;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type ParsedArgs =
  | { readonly kind: 'help' }
  | { readonly kind: 'start'; readonly options: StartEmulatorOptions; readonly warnings: readonly string[]; readonly verbose: boolean };

type Env = Readonly<Record<string, string | undefined>>;

const VALUE_FLAGS = ['--listen', '--data', '--sa-password', '--tls', '--dtexec', '--agent', '--logins', '--latency', '--drop-after'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];
const SWITCHES = ['--allow-sql-logins-for-catalog', '--verbose', '--help', '-h'] as const;

export function parseArgs(
  argv: readonly string[],
  env: Env,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
  defaultDtexec: () => string | null = defaultDtexecCommand,
): ParsedArgs {
  const values = new Map<ValueFlag, string[]>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if ((SWITCHES as readonly string[]).includes(flag)) {
      if (eq > 0) throw new UsageError(`${flag} takes no value`);
      switches.add(flag === '-h' ? '--help' : flag);
      continue;
    }
    if (!(VALUE_FLAGS as readonly string[]).includes(flag)) {
      throw new UsageError(arg.startsWith('-') ? `unknown option ${flag}` : `unexpected argument '${arg}'`);
    }
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new UsageError(`${flag} needs a value`);
      value = next;
      i++;
    }
    const list = values.get(flag as ValueFlag) ?? [];
    list.push(value);
    values.set(flag as ValueFlag, list);
  }
  if (switches.has('--help')) return { kind: 'help' };

  const single = (flag: ValueFlag): string | undefined => {
    const list = values.get(flag);
    if (list && list.length > 1) throw new UsageError(`${flag} is given more than once`);
    return list?.[0];
  };

  const listens = values.get('--listen') ?? [];
  if (listens.length === 0) throw new UsageError('give at least one --listen NAME=HOST:PORT');
  const servers = listens.map(parseListen);
  const names = new Set<string>();
  const addresses = new Set<string>();
  for (const s of servers) {
    if (names.has(s.name.toLowerCase())) throw new UsageError(`server name ${s.name} is used twice`);
    names.add(s.name.toLowerCase());
    const addr = `${s.host}:${s.port}`;
    if (s.port !== 0 && addresses.has(addr)) throw new UsageError(`two servers listen on ${addr}`);
    addresses.add(addr);
  }

  const warnings: string[] = [];
  let saPassword = single('--sa-password') ?? env.SSISD_EMULATOR_SA_PASSWORD;
  if (saPassword === '') throw new UsageError('the sa password is empty');
  if (saPassword === undefined) {
    saPassword = DEV_SA_PASSWORD;
    warnings.push(`warning: no sa password given (--sa-password or SSISD_EMULATOR_SA_PASSWORD); using the development password '${DEV_SA_PASSWORD}'`);
  }

  const tls = oneOf(single('--tls') ?? 'on', '--tls', ['off', 'on', 'strict'] as const);
  const agent = oneOf(single('--agent') ?? 'running', '--agent', ['running', 'stopped'] as const);
  const given = single('--dtexec');
  if (given !== undefined && given.trim() === '') throw new UsageError('--dtexec is empty');
  const dtexec = given === undefined ? (defaultDtexec() ?? undefined) : given.trim().toLowerCase() === 'none' ? null : given;
  const data = single('--data');
  if (data !== undefined && data.trim() === '') throw new UsageError('--data is empty');
  const loginsFile = single('--logins');
  const latency = single('--latency');
  const dropAfter = single('--drop-after');

  const options: StartEmulatorOptions = {
    servers,
    saPassword,
    tls,
    agent,
    ...(data !== undefined ? { dataDir: data } : {}),
    ...(dtexec !== undefined ? { dtexec } : {}),
    ...(loginsFile !== undefined ? { logins: readLogins(loginsFile, env, readFile) } : {}),
    ...(switches.has('--allow-sql-logins-for-catalog') ? { allowSqlLoginsForCatalog: true } : {}),
    ...(latency !== undefined ? { latencyMs: wholeNumber(latency, '--latency', 600_000) } : {}),
    ...(dropAfter !== undefined ? { dropAfter: wholeNumber(dropAfter, '--drop-after', 2 ** 31 - 1) } : {}),
  };
  return { kind: 'start', options, warnings, verbose: switches.has('--verbose') };
}

/** NAME=HOST:PORT; HOST may be an IPv6 address in brackets ([::1]:1433). */
export function parseListen(spec: string): Required<EmulatorServerConfig> {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new UsageError(`--listen ${spec}: expected NAME=HOST:PORT, e.g. SRV1=127.0.0.2:1433`);
  const name = spec.slice(0, eq).trim();
  const address = spec.slice(eq + 1).trim();
  if (name.length > 128) throw new UsageError(`--listen ${spec}: the server name is longer than 128 characters`);
  if (/[\s'"[\]]/.test(name)) throw new UsageError(`--listen ${spec}: the server name may not contain spaces, quotes or brackets`);
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(address);
  if (!m) throw new UsageError(`--listen ${spec}: expected NAME=HOST:PORT, e.g. SRV1=127.0.0.2:1433`);
  const port = Number(m[3]);
  if (port > 65535) throw new UsageError(`--listen ${spec}: port ${port} is not a TCP port (0-65535)`);
  return { name, host: m[1] ?? m[2]!, port };
}

function oneOf<T extends string>(value: string, flag: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be ${allowed.join(', ').replace(/, ([^,]*)$/, ' or $1')}, not '${value}'`);
}

function wholeNumber(value: string, flag: string, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) > max) throw new UsageError(`${flag} must be a whole number from 0 to ${max}, not '${value}'`);
  return Number(value);
}

/**
 * The --logins file: a JSON array (or {"logins": [...]}) of {name, password | passwordEnv, roles}.
 * passwordEnv names an environment variable, so the file itself need not hold secrets.
 */
export function readLogins(path: string, env: Env, readFile: (path: string) => string): LoginConfig[] {
  let text: string;
  try {
    text = readFile(path);
  } catch (e) {
    throw new UsageError(`--logins ${path}: cannot read the file (${(e as { code?: string }).code ?? String(e)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--logins ${path}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const list = Array.isArray(json) ? json : (json as { logins?: unknown } | null)?.logins;
  if (!Array.isArray(list)) throw new UsageError(`--logins ${path}: expected a JSON array of logins or {"logins": [...]}`);
  const names = new Set<string>(['sa']);
  return list.map((entry: unknown, i) => {
    const at = `--logins ${path}: login #${i + 1}`;
    if (typeof entry !== 'object' || entry === null) throw new UsageError(`${at} is not an object`);
    const e = entry as Record<string, unknown>;
    if (typeof e.name !== 'string' || e.name.trim() === '' || e.name.length > 128) throw new UsageError(`${at}: "name" must be a non-empty string of at most 128 characters`);
    if (names.has(e.name.toLowerCase())) throw new UsageError(`${at}: the login ${e.name} is declared twice (sa always exists)`);
    names.add(e.name.toLowerCase());
    let password: string;
    if (typeof e.password === 'string' && e.passwordEnv === undefined) password = e.password;
    else if (typeof e.passwordEnv === 'string' && e.password === undefined) {
      const fromEnv = env[e.passwordEnv];
      if (fromEnv === undefined) throw new UsageError(`${at} (${e.name}): the environment variable ${e.passwordEnv} is not set`);
      password = fromEnv;
    } else throw new UsageError(`${at} (${e.name}): give exactly one of "password" or "passwordEnv"`);
    if (password === '' || password.length > 128) throw new UsageError(`${at} (${e.name}): the password must have 1 to 128 characters`);
    if (!Array.isArray(e.roles) || !e.roles.every((r) => typeof r === 'string')) throw new UsageError(`${at} (${e.name}): "roles" must be an array of role names`);
    const roles = (e.roles as string[]).map((r) => {
      const known = KNOWN_ROLES.find((k) => k.toLowerCase() === r.toLowerCase());
      if (!known) throw new UsageError(`${at} (${e.name}): unknown role '${r}' (known: ${KNOWN_ROLES.join(', ')})`);
      return known;
    });
    return { name: e.name, password, roles };
  });
}
