/**
 * `ssisd exec`: dtexec's command line over the built-in engine. It takes dtexec's options (parsed by
 * shared/dtexec exactly as dtexec reads a job step), loads the package from a file, msdb, the SSIS catalog or
 * an .ispac, refuses packages the engine cannot run, runs it, prints what dtexec prints and returns dtexec's
 * exit codes: 0 success, 1 failure, 3 cancelled, 4 not found, 5 not loaded, 6 command line errors.
 */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseDtexecCommand, splitNameValue, unquoteDtexec, type ParsedOption } from '../../../shared/dtexec/command.js';
import { DTEXEC_EXIT } from '../../../shared/dtexec/exit-codes.js';
import { quoteWindowsArg } from '../../../shared/dtexec/windows-args.js';
import { findBlockers } from '../../../shared/runtime/blockers.js';
import { PackageRun, RunCancel } from '../../../shared/runtime/engine.js';
import type { PackageDef, ProjectDef } from '../../../shared/runtime/model.js';
import type { TypedValue } from '../../../shared/runtime/values.js';
import { createEngineHost } from './engine-host.js';
import { localPath } from './local-path.js';
import { loadPackageFile, loadProjectFolder, projectFromIspac } from './package-files.js';
import { loadFromCatalog, loadFromMsdb, PackageNotFoundError } from './package-sources.js';
import { SQL_PASSWORD_ENV, SQL_USER_ENV, SqlConnections, type ServerResolver } from './sql-connection.js';

export interface DtexecIo {
  out(text: string): void;
  err(text: string): void;
}

export interface DtexecRunOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly io: DtexecIo;
  /** Cancels the run (Ctrl+C, SIGTERM, the Agent's Stop Job). */
  readonly cancel?: RunCancel;
  readonly resolver?: ServerResolver | null;
  readonly now?: () => Date;
}

/** Options the built-in engine accepts but does not act on, and why (X86 and CallerInfo need no word: dtexec ignores them at a prompt too). */
const IGNORED: Readonly<Record<string, string>> = {
  ConfigFile: 'the built-in engine does not apply package configurations.',
  EnvReference: 'the built-in engine does not apply SSIS catalog environments; give the values with /Par.',
  Logger: 'the built-in engine does not write to log providers; its console output is the log.',
  ConsoleLog: 'the built-in engine writes its console output in one form.',
  Dump: 'the built-in engine does not write debug dump files.',
  DumpOnError: 'the built-in engine does not write debug dump files.',
  Restart: 'the built-in engine does not restart from checkpoints.',
  CheckFile: 'the built-in engine does not restart from checkpoints.',
  WarnAsError: 'the built-in engine does not turn warnings into errors.',
  VerifyBuild: 'the built-in engine does not verify package versions.',
  VerifyPackageID: 'the built-in engine does not verify package versions.',
  VerifyVersionID: 'the built-in engine does not verify package versions.',
  VerifySigned: 'the built-in engine does not verify package signatures.',
  VLog: 'the built-in engine does not write a verbose log file.',
};

const all = (options: readonly ParsedOption[], name: string) => options.filter((o) => o.name === name && o.value !== null).map((o) => o.value!);

function last(options: readonly ParsedOption[], name: string): string | null {
  for (let i = options.length - 1; i >= 0; i--) if (options[i]!.name === name) return options[i]!.value === null ? '' : unquoteDtexec(options[i]!.value!);
  return null;
}

/** `/REPORTING` letters: which console lines to show (default errors, warnings and progress). */
function reportingFilter(level: string | null): (line: string) => boolean {
  const letters = (level ?? 'EWP').toUpperCase().split(';')[0]!;
  if (letters.includes('N')) return () => false;
  const v = letters.includes('V');
  return (line) => {
    if (v) return true;
    if (line.startsWith('Error:') || line.startsWith('Task failed:')) return letters.includes('E');
    if (line.startsWith('Warning:')) return letters.includes('W');
    if (line.startsWith('Information:')) return letters.includes('I');
    return letters.includes('P');
  };
}

function clock(d: Date): string {
  const h = d.getHours() % 12 || 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${h}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${d.getHours() < 12 ? 'AM' : 'PM'}`;
}

/** `/Par "$Project::Name(Int32)";5` → `$Project::Name` and its value text; $ServerOption:: entries are catalog options. */
function parameters(options: readonly ParsedOption[]): Map<string, TypedValue> {
  const out = new Map<string, TypedValue>();
  for (const raw of all(options, 'Parameter')) {
    const pair = splitNameValue(raw);
    if (!pair) throw new SyntaxError(`The /Parameter value "${unquoteDtexec(raw)}" is not of the form name;value.`);
    if (/^\$ServerOption::/i.test(pair.name)) continue;
    const name = pair.name.replace(/\([^)]*\)$/, '').trim();
    out.set(name, { type: 'DT_WSTR', value: pair.value });
  }
  return out;
}

function pairs(options: readonly ParsedOption[], name: string, label: string): { name: string; value: string }[] {
  return all(options, name).map((raw) => {
    const pair = splitNameValue(raw);
    if (!pair) throw new SyntaxError(`The /${label} value "${unquoteDtexec(raw)}" is not of the form name;value.`);
    return pair;
  });
}

interface Loaded {
  readonly pkg: PackageDef;
  readonly project: ProjectDef | null;
}

/** A .dtsx next to a .dtproj runs in its project (project parameters and connection managers apply). */
async function projectBeside(path: string, password: string | null): Promise<ProjectDef | null> {
  const dir = dirname(path);
  let dtproj: string | undefined;
  try {
    dtproj = readdirSync(dir).find((f) => f.toLowerCase().endsWith('.dtproj'));
  } catch {
    return null;
  }
  return dtproj ? loadProjectFolder(join(dir, dtproj), password).catch(() => null) : null;
}

async function load(options: readonly ParsedOption[], connections: SqlConnections, password: string | null): Promise<Loaded> {
  const server = last(options, 'Server') ?? 'localhost';
  const login = { server, user: last(options, 'User'), password: last(options, 'Password') };
  const file = last(options, 'File');
  if (file !== null) {
    const path = localPath(file);
    const pkg = await loadPackageFile(path, password);
    return { pkg, project: await projectBeside(path, password) };
  }
  const sqlPath = last(options, 'SQL');
  if (sqlPath !== null) return { pkg: await loadFromMsdb(connections, login, sqlPath, password), project: null };
  const dts = last(options, 'Dts');
  if (dts !== null) {
    const m = /^\\?MSDB(\\.*)$/i.exec(dts);
    if (!m) throw new PackageNotFoundError(`The package path "${dts}" is not in the MSDB folder of the SSIS Package Store; ssisd exec loads /DTS packages from \\MSDB only.`);
    return { pkg: await loadFromMsdb(connections, login, m[1]!, password), project: null };
  }
  const isServer = last(options, 'ISServer');
  if (isServer !== null) return loadFromCatalog(connections, login, isServer, password);
  const ispac = last(options, 'Project');
  if (ispac !== null) {
    const packageName = last(options, 'Package');
    if (!packageName) throw new SyntaxError('The /Project option needs /Package to name the package to run.');
    let bytes: Uint8Array;
    try {
      bytes = await readFile(localPath(ispac));
    } catch {
      throw new PackageNotFoundError(`The project file "${ispac}" could not be found.`);
    }
    const project = projectFromIspac(bytes, ispac, password);
    const pkg = await project.loadPackage(packageName);
    if (!pkg) throw new PackageNotFoundError(`The package "${packageName}" is not in the project "${ispac}".`);
    return { pkg, project };
  }
  throw new SyntaxError('No package was specified: give /FILE, /SQL, /DTS, /ISSERVER or /PROJECT.');
}

/** Turns OS-split arguments back into the one command line dtexec parses (so both read them the same way). */
export function commandLineOf(argv: readonly string[]): string {
  return argv.map((a) => quoteWindowsArg(a)).join(' ');
}

export async function runDtexec(argv: readonly string[], o: DtexecRunOptions): Promise<number> {
  const now = o.now ?? (() => new Date());
  const started = now();
  const say = (line: string) => o.io.out(`${line}\n`);
  say('Microsoft (R) SQL Server Execute Package Utility (ssisd exec, SSIS Designer built-in engine)');
  say('Copyright (C) the SSIS Designer authors. Runs control flow; see `ssisd exec /?`.');
  say('');
  const parsed = parseDtexecCommand(commandLineOf(argv));
  if (!parsed.ok) {
    say(`Option error: ${parsed.message}`);
    return DTEXEC_EXIT.syntaxError;
  }
  const options = parsed.options;
  if (options.some((o2) => o2.name === '?' || o2.name === 'Help')) {
    say('Usage: ssisd exec /FILE <path.dtsx> | /SQL <\\folder\\package> /SERVER <server> [/USER u /PASSWORD p] | /DTS \\MSDB\\<path> /SERVER <server>');
    say('       | /ISSERVER \\SSISDB\\<folder>\\<project>\\<package>.dtsx /SERVER <server> | /PROJECT <file.ispac> /PACKAGE <name.dtsx>');
    say('       [/SET <path>;<value>] [/Par <name>;<value>] [/CONNECTION <name>;<connection string>] [/DECRYPT <password>]');
    say('       [/REPORTING N|E|W|I|P|V] [/X86] [/CALLERINFO <name>] [/VALIDATE]');
    say(`Windows authentication in connection strings uses the SQL login in ${SQL_USER_ENV} / ${SQL_PASSWORD_ENV}.`);
    return DTEXEC_EXIT.success;
  }
  const show = reportingFilter(last(options, 'Reporting'));
  const password = last(options, 'Decrypt') || o.env['SSIS_PACKAGE_DECRYPT'] || null;
  const connections = new SqlConnections(o.env, o.resolver ?? null);
  try {
    let run: { params: Map<string, TypedValue>; sets: { path: string; value: string }[]; conns: Map<string, string> };
    try {
      run = {
        params: parameters(options),
        sets: pairs(options, 'Set', 'SET').map((p) => ({ path: p.name.replace(/^\$Sensitive::/i, ''), value: p.value })),
        conns: new Map(pairs(options, 'Connection', 'CONNECTION').map((p) => [p.name, p.value] as const)),
      };
    } catch (e) {
      say(`Option error: ${(e as Error).message}`);
      return DTEXEC_EXIT.syntaxError;
    }
    if ((last(options, 'CheckPointing') ?? 'off').toLowerCase() === 'on') say('Warning: /CHECKPOINTING ON is ignored: the built-in engine does not write checkpoint files.');
    for (const name of new Set(options.map((x) => x.name))) {
      const why = IGNORED[name];
      if (why) say(`Warning: /${name.toUpperCase()} is ignored: ${why}`);
    }
    let loaded: Loaded;
    try {
      loaded = await load(options, connections, password);
    } catch (e) {
      const err = e as Error;
      if (err instanceof SyntaxError) {
        say(`Option error: ${err.message}`);
        return DTEXEC_EXIT.syntaxError;
      }
      say(`Error: ${err.message}`);
      return err instanceof PackageNotFoundError || /could not be found|does not exist/.test(err.message) ? DTEXEC_EXIT.notFound : DTEXEC_EXIT.notLoaded;
    }
    const host = createEngineHost(connections, password);
    const blockers = await findBlockers(loaded.pkg, new Set(host.tasks.keys()), loaded.project);
    if (blockers.length) {
      say(`Error: The package "${loaded.pkg.name}" cannot be run by the built-in engine:`);
      for (const b of blockers) say(`  ${b.path}: ${b.message}`);
      return DTEXEC_EXIT.notLoaded;
    }
    if (options.some((x) => x.name === 'Validate')) {
      say(`Validation of "${loaded.pkg.name}" succeeded: every executable can be run by the built-in engine.`);
      return DTEXEC_EXIT.success;
    }
    say(`Started:  ${clock(started)}`);
    const cancel = o.cancel ?? new RunCancel();
    const engine = new PackageRun({
      pkg: loaded.pkg, displayPath: loaded.pkg.source, project: loaded.project, host,
      parameters: run.params, sets: run.sets, connections: run.conns, signal: cancel,
      listener: { output: (line) => show(line) && say(line), node: () => undefined },
    });
    const outcome = await engine.run();
    const code = outcome === 'success' ? DTEXEC_EXIT.success : outcome === 'cancelled' ? DTEXEC_EXIT.cancelled : DTEXEC_EXIT.failure;
    say(`DTExec: The package execution returned ${outcome === 'success' ? 'DTSER_SUCCESS (0)' : outcome === 'cancelled' ? 'DTSER_CANCELED (3)' : 'DTSER_FAILURE (1)'}.`);
    const ended = now();
    say(`Started:  ${clock(started)}`);
    say(`Finished: ${clock(ended)}`);
    say(`Elapsed:  ${((ended.getTime() - started.getTime()) / 1000).toFixed(3)} seconds`);
    return code;
  } finally {
    await connections.close();
  }
}
