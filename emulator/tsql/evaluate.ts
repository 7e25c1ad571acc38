/** Evaluates the expressions the front end supports: literals, variables, @@globals and a few functions. */
import type { SqlValue } from '../engine/types.js';
import type { Expr, TypeSpec } from './ast.js';
import type { ExecutionContext } from './context.js';
import { convertTo, newGuid } from './convert.js';
import { NOT_SUPPORTED, SqlRuntimeError } from './errors.js';
import { T } from './types.js';
import { compare } from './condition.js';

export interface Evaluated {
  readonly value: SqlValue;
  readonly type: TypeSpec;
}

const text = (value: string | null, length = 128): Evaluated => ({ value, type: T.nvarchar(length) });

export function evaluate(e: Expr, ctx: ExecutionContext): Evaluated {
  switch (e.kind) {
    case 'literal':
      return { value: e.value, type: e.type };
    case 'var': {
      const v = ctx.vars.get(e.name);
      if (!v) throw new SqlRuntimeError(137, `Must declare the scalar variable "@${e.name}".`, 15, 2);
      return { value: v.value, type: v.type };
    }
    case 'sysvar':
      return sysvar(e.name, ctx);
    case 'cast': {
      const inner = evaluate(e.expr, ctx);
      return { value: convertTo(inner.value, e.type), type: e.type };
    }
    case 'unary': {
      const inner = evaluate(e.expr, ctx);
      if (e.op === '+' || inner.value === null) return inner;
      if (typeof inner.value === 'bigint') return { value: -inner.value, type: inner.type };
      const n = convertTo(inner.value, T.float);
      return { value: -(n as number), type: inner.type.type === 'nvarchar' || inner.type.type === 'varchar' ? T.float : inner.type };
    }
    case 'binary': {
      const l = evaluate(e.left, ctx);
      const r = evaluate(e.right, ctx);
      if (l.value === null || r.value === null) return { value: null, type: l.type };
      const isText = (x: Evaluated) => x.type.type === 'nvarchar' || x.type.type === 'varchar';
      if (e.op === '+' && isText(l) && isText(r)) {
        const s = String(l.value) + String(r.value);
        return { value: s, type: T.nvarchar(Math.max(1, s.length)) };
      }
      const a = Number(convertTo(l.value, T.float));
      const b = Number(convertTo(r.value, T.float));
      const ints = l.type.type === 'int' && r.type.type === 'int';
      if (e.op === '/' && b === 0) throw new SqlRuntimeError(8134, 'Divide by zero error encountered.');
      const v = e.op === '+' ? a + b : e.op === '-' ? a - b : e.op === '*' ? a * b : ints ? Math.trunc(a / b) : a / b;
      return { value: v, type: ints ? T.int : T.float };
    }
    case 'call':
      return call(e.fn, e.args.map((a) => evaluate(a, ctx)), ctx);
  }
}

function sysvar(name: string, ctx: ExecutionContext): Evaluated {
  switch (name) {
    case 'servername':
      return text(ctx.engine.serverName);
    case 'version':
      return text(ctx.engine.version.versionString, 300);
    case 'spid':
      return { value: ctx.session.id, type: { type: 'smallint', name: 'smallint' } };
    case 'trancount':
      return { value: ctx.connection.tranCount, type: T.int };
    case 'error':
      return { value: ctx.lastError, type: T.int };
    case 'rowcount':
      return { value: ctx.rowCount, type: T.int };
    case 'language':
      return text('us_english');
    case 'servicename': {
      const inst = ctx.engine.serverName.split('\\')[1];
      return text(inst ?? 'MSSQLSERVER');
    }
    case 'max_precision':
      return { value: 38, type: { type: 'tinyint', name: 'tinyint' } };
    case 'textsize':
      return { value: 2147483647, type: T.int };
    default:
      throw new SqlRuntimeError(137, `Must declare the scalar variable "@@${name}".`, 15, 2);
  }
}

function productVersion(ctx: ExecutionContext): string {
  const p = ctx.engine.version.product;
  return /^\d+\.\d+/.test(p) ? p : `${ctx.engine.version.major}.0.1000.6`;
}

function serverProperty(prop: string, ctx: ExecutionContext): Evaluated {
  const server = ctx.engine.serverName;
  switch (prop.toLowerCase()) {
    case 'servername':
      return text(server);
    case 'machinename':
    case 'computernamephysicalnetbios':
      return text(server.split('\\')[0] ?? server);
    case 'instancename':
      return text(server.split('\\')[1] ?? null);
    case 'productversion':
      return text(productVersion(ctx));
    case 'productmajorversion':
      return text(String(ctx.engine.version.major));
    case 'productlevel':
      return text('RTM');
    case 'edition':
      return text('Developer Edition (64-bit)');
    case 'editionid':
      return { value: -2117995310, type: T.int };
    case 'engineedition':
      return { value: 3, type: T.int };
    case 'collation':
      return text('SQL_Latin1_General_CP1_CI_AS');
    case 'isintegratedsecurityonly':
    case 'isclustered':
    case 'ishadrenabled':
    case 'isfulltextinstalled':
    case 'issingleuser':
      return { value: 0, type: T.int };
    case 'processid':
      return { value: process.pid, type: T.int };
    default:
      // SQL Server returns NULL for a property it does not know.
      return text(null);
  }
}

function call(fn: string, args: Evaluated[], ctx: ExecutionContext): Evaluated {
  const arg = (i: number) => args[i]?.value ?? null;
  switch (fn) {
    case 'serverproperty':
      return serverProperty(String(arg(0) ?? ''), ctx);
    case 'db_name':
      return text(ctx.session.database);
    case 'suser_sname':
    case 'suser_name':
    case 'system_user':
    case 'session_user':
    case 'original_login':
      return text(ctx.session.login);
    case 'user_name':
    case 'current_user':
    case 'user':
      return text(ctx.session.roles.has('sysadmin') ? 'dbo' : ctx.session.login);
    case 'is_srvrolemember':
      return { value: ctx.session.roles.has(String(arg(0) ?? '')) ? 1 : 0, type: T.int };
    case 'is_member':
      return { value: [...ctx.session.roles].some((r) => r.toLowerCase() === String(arg(0) ?? '').toLowerCase()) ? 1 : 0, type: T.int };
    case 'getdate':
    case 'getutcdate':
    case 'sysdatetime':
    case 'sysutcdatetime':
    case 'current_timestamp':
      return { value: new Date(), type: T.datetime };
    case 'newid':
      return { value: newGuid(), type: T.guid };
    case 'isnull':
    case 'coalesce': {
      const hit = args.find((a) => a.value !== null);
      return hit ?? args[0] ?? text(null);
    }
    case 'len': {
      const v = arg(0);
      return { value: v === null ? null : String(v).replace(/ +$/, '').length, type: T.int };
    }
    case 'upper':
    case 'lower': {
      const v = arg(0);
      return { value: v === null ? null : fn === 'upper' ? String(v).toUpperCase() : String(v).toLowerCase(), type: args[0]?.type ?? T.nvarchar(4000) };
    }
    case 'ltrim':
    case 'rtrim':
    case 'trim': {
      // SQL Server trims spaces only (not tabs or line breaks).
      const v = arg(0);
      const s = v === null ? null : fn === 'ltrim' ? String(v).replace(/^ +/, '') : fn === 'rtrim' ? String(v).replace(/ +$/, '') : String(v).replace(/^ +| +$/g, '');
      return { value: s, type: args[0]?.type ?? T.nvarchar(4000) };
    }
    default:
      return stringFunction(fn, args);
  }
}

const TEXT_MAX = T.nvarchar(-1);
const str = (v: SqlValue): string => (typeof v === 'string' ? v : String(convertTo(v, TEXT_MAX)));

/** The string functions scripts use to build dynamic SQL (QUOTENAME, REPLACE, CONCAT ...). */
function stringFunction(fn: string, args: Evaluated[]): Evaluated {
  const arg = (i: number) => args[i]?.value ?? null;
  const need = (min: number, max = min) => {
    if (args.length < min || args.length > max) {
      throw new SqlRuntimeError(174, `The ${fn} function requires ${min === max ? min : `${min} to ${max}`} argument(s).`, 15);
    }
  };
  switch (fn) {
    case 'quotename':
      need(1, 2);
      return { value: quoteName(arg(0), args.length > 1 ? arg(1) : '['), type: T.nvarchar(258) };
    case 'replace': {
      need(3);
      const [s, find, by] = [arg(0), arg(1), arg(2)];
      if (s === null || find === null || by === null) return text(null);
      return { value: replaceAll(str(s), str(find), str(by)), type: T.nvarchar(-1) };
    }
    case 'concat': {
      if (args.length < 2) throw new SqlRuntimeError(189, 'The concat function requires 2 to 254 arguments.', 15);
      // CONCAT treats NULL as an empty string, unlike +.
      return { value: args.map((a) => (a.value === null ? '' : str(a.value))).join(''), type: T.nvarchar(-1) };
    }
    case 'left':
    case 'right': {
      need(2);
      const s = arg(0);
      const n = arg(1);
      if (s === null || n === null) return text(null);
      const k = Number(convertTo(n, T.int));
      if (k < 0) throw new SqlRuntimeError(536, `Invalid length parameter passed to the ${fn} function.`);
      const v = str(s);
      return { value: fn === 'left' ? v.slice(0, k) : k === 0 ? '' : v.slice(-k), type: args[0]!.type };
    }
    case 'substring': {
      need(3);
      const [s, from, len] = [arg(0), arg(1), arg(2)];
      if (s === null || from === null || len === null) return text(null);
      const start = Number(convertTo(from, T.int));
      const n = Number(convertTo(len, T.int));
      if (n < 0) throw new SqlRuntimeError(537, 'Invalid length parameter passed to the LEFT or SUBSTRING function.');
      // Positions are 1-based; a start before 1 still counts toward the length.
      const first = Math.max(start, 1);
      const last = start + n;
      return { value: last <= first ? '' : str(s).slice(first - 1, last - 1), type: args[0]!.type };
    }
    case 'charindex': {
      need(2, 3);
      const [find, s, from] = [arg(0), arg(1), args.length > 2 ? arg(2) : 1];
      if (find === null || s === null || from === null) return { value: null, type: T.int };
      const at = str(s).toLowerCase().indexOf(str(find).toLowerCase(), Math.max(Number(convertTo(from, T.int)), 1) - 1);
      return { value: at + 1, type: T.int };
    }
    case 'datalength': {
      need(1);
      const v = arg(0);
      if (v === null) return { value: null, type: T.int };
      if (Buffer.isBuffer(v)) return { value: v.length, type: T.int };
      const n = str(v).length;
      return { value: args[0]!.type.type === 'varchar' ? n : n * 2, type: T.int };
    }
    case 'nullif': {
      need(2);
      const [a, b] = [args[0]!, args[1]!];
      return compare('=', a, b) === true ? { value: null, type: a.type } : a;
    }
    default:
      throw new SqlRuntimeError(195, `'${fn}' ${NOT_SUPPORTED} outside a query.`, 15, 10);
  }
}

/** QUOTENAME's delimiters: the opening character → the closing one (the one doubled inside). */
const QUOTE_PAIRS: Readonly<Record<string, string>> = {
  '[': ']', ']': ']', "'": "'", '"': '"', '(': ')', ')': ')', '<': '>', '>': '>', '{': '}', '}': '}', '`': '`',
};
const QUOTE_OPEN: Readonly<Record<string, string>> = { ']': '[', ')': '(', '>': '<', '}': '{' };

/**
 * QUOTENAME(s [, q]) as SQL Server: NULL for NULL input, input over 128 characters, or an unsupported
 * delimiter; otherwise s wrapped in the delimiter pair with every closing delimiter doubled.
 */
export function quoteName(value: SqlValue, quote: SqlValue): string | null {
  if (value === null || quote === null) return null;
  const s = str(value);
  const q = str(quote).charAt(0);
  const close = QUOTE_PAIRS[q];
  if (s.length > 128 || !close) return null;
  const open = QUOTE_OPEN[q] ?? q;
  return `${open}${s.split(close).join(close + close)}${close}`;
}

/** REPLACE under a case-insensitive collation: matches ignore case; an empty pattern changes nothing. */
function replaceAll(s: string, find: string, by: string): string {
  if (find === '') return s;
  const hay = s.toLowerCase();
  const needle = find.toLowerCase();
  // Lower-casing can change lengths for a few characters; fall back to an exact match then.
  if (hay.length !== s.length || needle.length !== find.length) return s.split(find).join(by);
  let out = '';
  let from = 0;
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, from)) {
    out += s.slice(from, at) + by;
    from = at + find.length;
  }
  return out + s.slice(from);
}
