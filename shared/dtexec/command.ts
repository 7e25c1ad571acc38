/**
 * dtexec command lines as SQL Server Agent job steps carry them (reference/sqlserver.md §4): building the
 * string SSMS would generate, and reading one back into options the way dtexec does.
 */
import { lookupOption } from './options.js';
import { quoteWindowsArg, splitWindowsArgs } from './windows-args.js';

export type PackageSource =
  /** SSIS catalog: `\SSISDB\<Folder>\<Project>\<Package>.dtsx` on `server`. */
  | { readonly kind: 'catalog'; readonly server: string; readonly folder: string; readonly project: string; readonly packageName: string }
  /** msdb package store: `\<Folder>\...\<Package>` (no .dtsx) on `server`. */
  | { readonly kind: 'msdb'; readonly server: string; readonly folderPath: string; readonly packageName: string }
  /** A .dtsx path on the machine that runs the Agent. */
  | { readonly kind: 'file'; readonly path: string };

export interface ParameterValue {
  /** `$Project::Name`, `$Package::Name` or a bare package parameter name. */
  readonly name: string;
  /** CLR TypeCode for non-string values (Int32, Boolean, ...). */
  readonly typeCode?: string;
  readonly value: string;
}

export interface JobStepCommandOptions {
  readonly source: PackageSource;
  readonly x86?: boolean;
  readonly envReference?: number;
  readonly parameters?: readonly ParameterValue[];
  /** Catalog only; SSMS writes 1 (Basic). */
  readonly loggingLevel?: number;
  /** Catalog only; SSMS writes True so the step ends when the package ends. */
  readonly synchronized?: boolean;
  readonly sets?: readonly { readonly path: string; readonly value: string }[];
  readonly connections?: readonly { readonly name: string; readonly connectionString: string }[];
  readonly configFile?: string;
}

/** A free-text value as modern SSMS writes it: `"\"value\""` (dtexec receives it still in quotes). */
export function quoteValue(value: string): string {
  if (/[\r\n\0]/.test(value)) throw new Error('A job step value cannot contain line breaks or NUL characters.');
  return quoteWindowsArg(`"${value.replace(/"/g, '""')}"`);
}

/** `name;value` options: each half quoted on its own, the `;` outside the quotes. */
function pair(name: string, value: string, bareValue = false): string {
  return `${quoteValue(name)};${bareValue ? value : quoteValue(value)}`;
}

function sourcePath(source: PackageSource): string {
  switch (source.kind) {
    case 'catalog':
      return `\\SSISDB\\${source.folder}\\${source.project}\\${source.packageName.replace(/\.dtsx$/i, '')}.dtsx`;
    case 'msdb': {
      const folder = source.folderPath.replace(/^\\+|\\+$/g, '');
      return `\\${folder ? `${folder}\\` : ''}${source.packageName.replace(/\.dtsx$/i, '')}`;
    }
    case 'file':
      return source.path;
  }
}

/** The @command of an SSIS job step, in the order SSMS emits the options. */
export function buildJobStepCommand(opts: JobStepCommandOptions): string {
  const { source } = opts;
  const parts: string[] = [];
  if (source.kind === 'catalog') {
    parts.push(`/ISSERVER ${quoteValue(sourcePath(source))}`, `/SERVER ${quoteValue(source.server)}`);
    if (opts.x86) parts.push('/X86');
    if (opts.envReference !== undefined) {
      if (!Number.isSafeInteger(opts.envReference) || opts.envReference < 1) throw new Error('The environment reference must be a positive whole number.');
      parts.push(`/ENVREFERENCE ${opts.envReference}`);
    }
    for (const p of opts.parameters ?? []) {
      const name = p.typeCode ? `${p.name}(${p.typeCode})` : p.name;
      const bare = /^[A-Za-z0-9.+-]+$/.test(p.value) && p.typeCode !== undefined && p.typeCode !== 'String';
      parts.push(`/Par ${pair(name, p.value, bare)}`);
    }
    parts.push(`/Par ${pair('$ServerOption::LOGGING_LEVEL(Int16)', String(opts.loggingLevel ?? 1), true)}`);
    parts.push(`/Par ${pair('$ServerOption::SYNCHRONIZED(Boolean)', opts.synchronized === false ? 'False' : 'True', true)}`);
    for (const s of opts.sets ?? []) parts.push(`/SET ${pair(s.path, s.value)}`);
    parts.push('/CALLERINFO SQLAGENT', '/REPORTING E');
    return parts.join(' ');
  }
  if (source.kind === 'msdb') parts.push(`/SQL ${quoteValue(sourcePath(source))}`, `/SERVER ${quoteValue(source.server)}`);
  else parts.push(`/FILE ${quoteValue(source.path)}`);
  if (opts.configFile) parts.push(`/CONFIGFILE ${quoteValue(opts.configFile)}`);
  for (const c of opts.connections ?? []) parts.push(`/CONNECTION ${pair(c.name, c.connectionString)}`);
  if (opts.x86) parts.push('/X86');
  parts.push('/CHECKPOINTING OFF');
  for (const s of opts.sets ?? []) parts.push(`/SET ${pair(s.path, s.value)}`);
  parts.push('/REPORTING E');
  return parts.join(' ');
}

export interface ParsedOption {
  /** Canonical option name, e.g. `ISServer`. */
  readonly name: string;
  /** The value as dtexec sees it after removing its own quotes; null for options without one. */
  readonly value: string | null;
}

export type ParseResult =
  | { readonly ok: true; readonly options: readonly ParsedOption[] }
  | { readonly ok: false; readonly message: string };

/** Removes dtexec-level quotes: `"a""b"` → `a"b`; unquoted text stays as it is. */
export function unquoteDtexec(text: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      if (quoted && text[i + 1] === '"') {
        out += '"';
        i++;
      } else quoted = !quoted;
    } else out += ch;
  }
  return out;
}

/** Splits `name;value` at the first `;` outside dtexec-level quotes, then unquotes both halves. */
export function splitNameValue(text: string): { name: string; value: string } | null {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === ';' && !quoted) return { name: unquoteDtexec(text.slice(0, i)), value: unquoteDtexec(text.slice(i + 1)) };
  }
  return null;
}

const SOURCES = ['SQL', 'File', 'Dts', 'ISServer'];

/** Reads a dtexec command line (without the executable) the way dtexec does; errors mean exit code 6. */
export function parseDtexecCommand(line: string): ParseResult {
  const args = splitWindowsArgs(line);
  const options: ParsedOption[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (!/^[/-]/.test(word)) return { ok: false, message: `Argument "${word}" for option "${options.at(-1)?.name ?? ''}" is not valid.` };
    const spec = lookupOption(word.slice(1));
    if (!spec) return { ok: false, message: `Option "${word}" is not valid.` };
    const next = args[i + 1];
    // A required value is taken even when it starts with '/', so Linux paths work unquoted.
    const nextIsValue = next !== undefined && (spec.value === 'required' || !/^[/-]/.test(next));
    if (spec.value === 'required' && !nextIsValue) return { ok: false, message: `The ${spec.name} option requires a value.` };
    if (spec.value !== 'none' && nextIsValue) {
      options.push({ name: spec.name, value: next });
      i++;
    } else options.push({ name: spec.name, value: null });
  }
  const sources = new Set(options.filter((o) => SOURCES.includes(o.name)).map((o) => o.name));
  if (sources.size > 1) return { ok: false, message: `The ${[...sources].join(', ')} options cannot be used together.` };
  if (options.some((o) => o.name === 'Parameter') && !options.some((o) => o.name === 'ISServer' || o.name === 'Project'))
    return { ok: false, message: 'The Parameter option can only be used with the ISServer or Project option.' };
  return { ok: true, options };
}

/** The last value given for an option (dtexec: the last occurrence wins), unquoted. */
export function optionValue(options: readonly ParsedOption[], name: string): string | null {
  for (let i = options.length - 1; i >= 0; i--) {
    const o = options[i]!;
    if (o.name === name) return o.value === null ? null : unquoteDtexec(o.value);
  }
  return null;
}
