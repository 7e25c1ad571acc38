/**
 * The SELECT shapes query() answers against the views of query/views.ts:
 *   SELECT [TOP (n)] * | col [AS a], ... | COUNT(*) | MAX(col) | MIN(col) | <number>
 *   FROM [db.][schema.]view [[AS] alias] [WITH (NOLOCK)]
 *   [WHERE col <op> value [AND ...]]   -- op: = <> != < > <= >= LIKE, IS [NOT] NULL, IN (v, ...)
 *   [ORDER BY col [ASC|DESC], ...]
 * value: @parameter | 'literal' | N'literal' | number | NULL. Anything else is a clear syntax error.
 */
import { guidFromBytes } from '../core/guid.js';
import { SqlError } from '../core/sql-error.js';
import type { ColumnDef, ProcParam, ResultSet, Session, SqlValue } from '../types.js';
import type { EngineContext } from '../context.js';
import { NOT_SUPPORTED, syntaxError, type Cursor } from './tokens.js';
import { findView, type View } from './views.js';

type Value = { kind: 'param'; name: string } | { kind: 'lit'; value: SqlValue };
type Pred =
  | { kind: 'cmp'; col: string; op: string; value: Value }
  | { kind: 'null'; col: string; not: boolean }
  | { kind: 'in'; col: string; values: Value[] };
type Item = { kind: 'star' } | { kind: 'col'; col: string; alias: string | null } | { kind: 'agg'; fn: 'count' | 'max' | 'min'; col: string | null; alias: string | null } | { kind: 'num'; value: number; alias: string | null };

export interface SelectStmt {
  top: number | null;
  items: Item[];
  table: string[];
  where: Pred[];
  order: { col: string; desc: boolean }[];
}

function colName(c: Cursor): string {
  const parts = c.multipart();
  return parts[parts.length - 1]!.toLowerCase();
}

function value(c: Cursor): Value {
  const t = c.peek();
  if (!t) c.fail();
  if (t.kind === 'var') {
    c.i++;
    return { kind: 'param', name: t.value };
  }
  if (t.kind === 'string') {
    c.i++;
    return { kind: 'lit', value: t.value };
  }
  if (t.kind === 'number') {
    c.i++;
    return { kind: 'lit', value: t.value };
  }
  if (t.kind === 'punct' && t.value === '-' && c.peek(1)?.kind === 'number') {
    c.i += 2;
    return { kind: 'lit', value: -(c.toks[c.i - 1] as { value: number }).value };
  }
  if (c.isWord('null')) {
    c.i++;
    return { kind: 'lit', value: null };
  }
  c.fail();
}

function alias(c: Cursor): string | null {
  if (c.isWord('as')) {
    c.i++;
    const t = c.peek();
    if (t?.kind === 'string') {
      c.i++;
      return t.value;
    }
    return c.ident();
  }
  const t = c.peek();
  if (t?.kind === 'word' && (t.quoted || !['from', 'where', 'order'].includes(t.value.toLowerCase()))) {
    c.i++;
    return t.value;
  }
  return null;
}

export function parseSelect(c: Cursor): SelectStmt {
  c.word('select');
  let top: number | null = null;
  if (c.isWord('top')) {
    c.i++;
    const paren = c.isPunct('(');
    if (paren) c.i++;
    const t = c.peek();
    if (t?.kind !== 'number') c.fail();
    top = t.value;
    c.i++;
    if (paren) c.punct(')');
  }
  const items: Item[] = [];
  for (;;) {
    if (c.isPunct('*')) {
      c.i++;
      items.push({ kind: 'star' });
    } else if (c.isWord('count', 'max', 'min') && c.peek(1)?.kind === 'punct' && c.peek(1)!.value === '(') {
      const fn = (c.peek() as { value: string }).value.toLowerCase() as 'count' | 'max' | 'min';
      c.i += 2;
      let col: string | null = null;
      if (c.isPunct('*')) {
        if (fn !== 'count') c.fail();
        c.i++;
      } else col = colName(c);
      c.punct(')');
      items.push({ kind: 'agg', fn, col, alias: alias(c) });
    } else if (c.peek()?.kind === 'number') {
      const v = (c.peek() as { value: number }).value;
      c.i++;
      items.push({ kind: 'num', value: v, alias: alias(c) });
    } else {
      items.push({ kind: 'col', col: colName(c), alias: alias(c) });
    }
    if (!c.isPunct(',')) break;
    c.i++;
  }
  c.word('from');
  const table = c.multipart();
  if (c.isWord('as')) c.i++;
  const t = c.peek();
  if (t?.kind === 'word' && (t.quoted || !['where', 'order', 'with'].includes(t.value.toLowerCase()))) c.i++;
  if (c.isWord('with')) {
    c.i++;
    c.punct('(');
    c.word('nolock', 'readuncommitted', 'readcommitted');
    c.punct(')');
  }
  const where: Pred[] = [];
  if (c.isWord('where')) {
    c.i++;
    for (;;) {
      const paren = c.isPunct('(');
      if (paren) c.i++;
      const col = colName(c);
      if (c.isWord('is')) {
        c.i++;
        const not = c.isWord('not');
        if (not) c.i++;
        c.word('null');
        where.push({ kind: 'null', col, not });
      } else if (c.isWord('in')) {
        c.i++;
        c.punct('(');
        const values = [value(c)];
        while (c.isPunct(',')) {
          c.i++;
          values.push(value(c));
        }
        c.punct(')');
        where.push({ kind: 'in', col, values });
      } else if (c.isWord('like')) {
        c.i++;
        where.push({ kind: 'cmp', col, op: 'like', value: value(c) });
      } else {
        const op = c.peek();
        if (op?.kind !== 'punct' || !['=', '<>', '!=', '<', '>', '<=', '>='].includes(op.value)) c.fail();
        c.i++;
        where.push({ kind: 'cmp', col, op: op.value, value: value(c) });
      }
      if (paren) c.punct(')');
      if (!c.isWord('and')) break;
      c.i++;
    }
  }
  const order: { col: string; desc: boolean }[] = [];
  if (c.isWord('order')) {
    c.i++;
    c.word('by');
    for (;;) {
      const col = colName(c);
      let desc = false;
      if (c.isWord('asc', 'desc')) {
        desc = (c.peek() as { value: string }).value.toLowerCase() === 'desc';
        c.i++;
      }
      order.push({ col, desc });
      if (!c.isPunct(',')) break;
      c.i++;
    }
  }
  return { top, items, table, where, order };
}

function norm(v: SqlValue, guidColumn: boolean): SqlValue {
  if (guidColumn && Buffer.isBuffer(v) && v.length === 16) return guidFromBytes(v);
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

function compare(a: SqlValue, b: SqlValue): number | null {
  if (a === null || b === null) return null;
  if (a instanceof Date || b instanceof Date) {
    const x = a instanceof Date ? a.getTime() : new Date(String(a)).getTime();
    const y = b instanceof Date ? b.getTime() : new Date(String(b)).getTime();
    return x - y;
  }
  if (typeof a === 'number' || typeof b === 'number') {
    const x = Number(a);
    const y = Number(b);
    if (Number.isNaN(x) || Number.isNaN(y)) throw new SqlError(245, `Conversion failed when converting the nvarchar value '${typeof a === 'number' ? b : a}' to data type int.`);
    return x - y;
  }
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return Buffer.compare(a, b);
  const x = String(a).toLowerCase().trimEnd();
  const y = String(b).toLowerCase().trimEnd();
  return x < y ? -1 : x > y ? 1 : 0;
}

function like(v: SqlValue, pattern: SqlValue): boolean {
  if (v === null || pattern === null) return false;
  const re = String(pattern).replace(/[.*+?^${}()|\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${re}$`, 'is').test(String(v));
}

export function resolveView(table: string[], session: Session, text: string): View {
  const parts = [...table];
  while (parts.length < 3) parts.unshift('');
  if (parts.length > 3) {
    throw new SqlError(208, `Invalid object name '${table.join('.')}'. (Linked servers ${NOT_SUPPORTED}.)`, 16, 1);
  }
  const [db, schema, name] = parts as [string, string, string];
  const database = db || session.database;
  const view = findView(database, schema || (/^(credentials|dm_server_services)$/i.test(name) ? 'sys' : 'dbo'), name);
  if (!view) throw new SqlError(208, `Invalid object name '${table.filter(Boolean).join('.')}'. (Only the msdb tables, SSISDB catalog views, sys.credentials and sys.dm_server_services listed in emulator/README.md can be read; the query '${text.slice(0, 60)}' ${NOT_SUPPORTED}.)`, 16, 1);
  return view;
}

export function runSelect(stmt: SelectStmt, ctx: EngineContext, session: Session, params: readonly ProcParam[], text: string): ResultSet {
  const view = resolveView(stmt.table, session, text);
  if (view.allowed && !view.allowed(session)) {
    if (view.denied) throw view.denied();
    throw new SqlError(229, `The SELECT permission was denied on the object '${view.name}', database '${view.database === '*' ? 'master' : view.database}', schema '${view.schema}'.`, 14, 5);
  }
  const index = (col: string): number => {
    const i = view.columns.findIndex((c) => c.name.toLowerCase() === col);
    if (i < 0) throw new SqlError(207, `Invalid column name '${col}'.`, 16, 1);
    return i;
  };
  const paramValue = (v: Value): SqlValue => {
    if (v.kind === 'lit') return v.value;
    const p = params.find((x) => x.name?.toLowerCase() === v.name);
    if (!p) throw new SqlError(137, `Must declare the scalar variable "@${v.name}".`, 15, 2);
    return p.value;
  };
  const preds = stmt.where.map((p) => ({ p, i: index(p.col) }));
  let rows = view.rows(ctx, session).filter((row) =>
    preds.every(({ p, i }) => {
      const guidCol = view.columns[i]!.type === 'uniqueidentifier';
      const cell = norm(row[i] ?? null, guidCol);
      if (p.kind === 'null') return p.not ? cell !== null : cell === null;
      if (p.kind === 'in') return p.values.some((v) => compare(cell, norm(paramValue(v), guidCol)) === 0);
      const val = norm(paramValue(p.value), guidCol);
      if (p.op === 'like') return like(cell, val);
      const r = compare(cell, val);
      if (r === null) return false;
      switch (p.op) {
        case '=': return r === 0;
        case '<>': case '!=': return r !== 0;
        case '<': return r < 0;
        case '>': return r > 0;
        case '<=': return r <= 0;
        default: return r >= 0;
      }
    }),
  );
  // Output columns.
  const out: { def: ColumnDef; get: (row: SqlValue[]) => SqlValue }[] = [];
  const aggregates = stmt.items.some((it) => it.kind === 'agg');
  for (const it of stmt.items) {
    if (it.kind === 'star') view.columns.forEach((c, i) => out.push({ def: c, get: (r) => r[i] ?? null }));
    else if (it.kind === 'col') {
      const i = index(it.col);
      out.push({ def: { ...view.columns[i]!, name: it.alias ?? view.columns[i]!.name }, get: (r) => r[i] ?? null });
    } else if (it.kind === 'num') out.push({ def: { name: it.alias ?? '', type: 'int' }, get: () => it.value });
  }
  if (aggregates) {
    if (stmt.items.some((it) => it.kind === 'star' || it.kind === 'col')) {
      throw new SqlError(8120, 'Column is invalid in the select list because it is not contained in either an aggregate function or the GROUP BY clause.', 16, 1);
    }
    const row: SqlValue[] = [];
    const cols: ColumnDef[] = [];
    for (const it of stmt.items) {
      if (it.kind === 'num') {
        cols.push({ name: it.alias ?? '', type: 'int' });
        row.push(it.value);
      } else if (it.kind === 'agg') {
        if (it.fn === 'count') {
          cols.push({ name: it.alias ?? '', type: 'int' });
          row.push(rows.length);
        } else {
          const i = index(it.col!);
          const vals = rows.map((r) => r[i] ?? null).filter((v) => v !== null);
          const pick = vals.reduce<SqlValue>((acc, v) => (acc === null ? v : (compare(v, acc) ?? 0) * (it.fn === 'max' ? 1 : -1) > 0 ? v : acc), null);
          cols.push({ ...view.columns[i]!, name: it.alias ?? '', nullable: true });
          row.push(pick);
        }
      }
    }
    return { columns: cols, rows: [row] };
  }
  if (stmt.order.length > 0) {
    const keys = stmt.order.map((o) => {
      const byAlias = out.findIndex((c) => c.def.name.toLowerCase() === o.col);
      return { get: byAlias >= 0 ? out[byAlias]!.get : ((i) => (r: SqlValue[]) => r[i] ?? null)(index(o.col)), desc: o.desc };
    });
    rows = [...rows].sort((a, b) => {
      for (const k of keys) {
        const x = k.get(a);
        const y = k.get(b);
        const r = x === null && y === null ? 0 : x === null ? -1 : y === null ? 1 : (compare(x, y) ?? 0);
        if (r !== 0) return k.desc ? -r : r;
      }
      return 0;
    });
  }
  if (stmt.top !== null) rows = rows.slice(0, stmt.top);
  return { columns: out.map((o) => o.def), rows: rows.map((r) => out.map((o) => o.get(r))) };
}

export { syntaxError };
