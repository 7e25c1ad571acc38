/** Evaluates the expressions the front end supports: literals, variables, @@globals and a few functions. */
import type { SqlValue } from '../engine/types.js';
import type { Expr, TypeSpec } from './ast.js';
import type { ExecutionContext } from './context.js';
import { convertTo, newGuid } from './convert.js';
import { NOT_SUPPORTED, SqlRuntimeError } from './errors.js';
import { T } from './types.js';

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
      const v = arg(0);
      const s = v === null ? null : fn === 'ltrim' ? String(v).trimStart() : fn === 'rtrim' ? String(v).trimEnd() : String(v).trim();
      return { value: s, type: args[0]?.type ?? T.nvarchar(4000) };
    }
    default:
      throw new SqlRuntimeError(195, `'${fn}' ${NOT_SUPPORTED} outside a query.`, 15, 10);
  }
}

