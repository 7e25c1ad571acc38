/**
 * Evaluates IF conditions with SQL's three-valued logic (null = unknown). EXISTS (SELECT ...) runs the
 * SELECT through engine.query with the batch's variables as parameters and is true when it returns a row.
 */
import type { ProcParam, SqlValue } from '../engine/types.js';
import type { CompareOp, Condition } from './ast.js';
import type { ExecutionContext } from './context.js';
import { convertTo } from './convert.js';
import { SqlRuntimeError } from './errors.js';
import { evaluate, type Evaluated } from './evaluate.js';
import { T } from './types.js';

/** The batch's variables as engine parameters (the engine binds @name references to them). */
export function variableParams(ctx: ExecutionContext): ProcParam[] {
  return [...ctx.vars].filter(([, v]) => !v.table).map(([name, v]) => ({ name, value: v.value, output: v.output, type: v.type.type }));
}

export async function evaluateCondition(c: Condition, ctx: ExecutionContext): Promise<boolean | null> {
  switch (c.kind) {
    case 'exists':
      return exists(c.select, ctx);
    case 'not': {
      const v = await evaluateCondition(c.cond, ctx);
      return v === null ? null : !v;
    }
    case 'and': {
      const l = await evaluateCondition(c.left, ctx);
      if (l === false) return false;
      const r = await evaluateCondition(c.right, ctx);
      if (r === false) return false;
      return l === null || r === null ? null : true;
    }
    case 'or': {
      const l = await evaluateCondition(c.left, ctx);
      if (l === true) return true;
      const r = await evaluateCondition(c.right, ctx);
      if (r === true) return true;
      return l === null || r === null ? null : false;
    }
    case 'is-null': {
      const isNull = evaluate(c.expr, ctx).value === null;
      return c.negated ? !isNull : isNull;
    }
    case 'compare':
      return compare(c.op, evaluate(c.left, ctx), evaluate(c.right, ctx));
    case 'in': {
      const left = evaluate(c.expr, ctx);
      let unknown = false;
      for (const e of c.list) {
        const r = compare('=', left, evaluate(e, ctx));
        if (r === true) return !c.negated;
        if (r === null) unknown = true;
      }
      return unknown ? null : c.negated;
    }
  }
}

async function exists(select: string, ctx: ExecutionContext): Promise<boolean> {
  const outcome = await ctx.engine.query(ctx.session, select, variableParams(ctx), ctx.signal);
  const err = outcome.messages.find((m) => m.severity > 10);
  if (err) throw new SqlRuntimeError(err.number, err.message, err.severity, err.state);
  ctx.out.messages(outcome.messages);
  return outcome.resultSets.some((rs) => rs.rows.length > 0);
}

const isText = (e: Evaluated): boolean => e.type.type === 'nvarchar' || e.type.type === 'varchar';

/** Compares like SQL Server with a case-insensitive collation: NULL → unknown, trailing spaces ignored. */
export function compare(op: CompareOp, l: Evaluated, r: Evaluated): boolean | null {
  if (l.value === null || r.value === null) return null;
  const d = order(l, r);
  switch (op) {
    case '=':
      return d === 0;
    case '<>':
      return d !== 0;
    case '<':
      return d < 0;
    case '>':
      return d > 0;
    case '<=':
      return d <= 0;
    case '>=':
      return d >= 0;
  }
}

function order(l: Evaluated, r: Evaluated): number {
  const a = l.value as Exclude<SqlValue, null>;
  const b = r.value as Exclude<SqlValue, null>;
  if (isText(l) && isText(r)) {
    const x = String(a).replace(/ +$/, '');
    const y = String(b).replace(/ +$/, '');
    return x.localeCompare(y, 'en', { sensitivity: 'accent' });
  }
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return Buffer.compare(a, b);
  if (a instanceof Date || b instanceof Date) {
    const x = convertTo(a, T.datetime) as Date;
    const y = convertTo(b, T.datetime) as Date;
    return Math.sign(x.getTime() - y.getTime());
  }
  if (l.type.type === 'uniqueidentifier' || r.type.type === 'uniqueidentifier') {
    const x = String(convertTo(a, T.guid)).toLowerCase();
    const y = String(convertTo(b, T.guid)).toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const x = Number(convertTo(a, T.float));
  const y = Number(convertTo(b, T.float));
  return x < y ? -1 : x > y ? 1 : 0;
}
