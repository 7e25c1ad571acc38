/**
 * Execute SQL Task over OLE DB, ADO.NET and ODBC connection managers to SQL Server: the statement (direct,
 * from a variable or from a file connection) split at GO lines, parameter mappings (`?` markers by ordinal for
 * OLE DB/ODBC, `@name` for ADO.NET; Input and Output), result sets (single row into variables by column name or
 * ordinal, full result set into an Object variable). Informational messages (PRINT, "Job ... started
 * successfully.") are shown as Information lines.
 */
import { readFile } from 'node:fs/promises';
import sql from 'mssql';
import { attrValue, childElements } from '../../../../shared/xml/query.js';
import type { XmlElement } from '../../../../shared/xml/types.js';
import { TaskError, type TaskContext, type TaskImpl } from '../../../../shared/runtime/task-api.js';
import { valueToString, type RowSet, type TypedValue } from '../../../../shared/runtime/values.js';
import { localPath } from '../local-path.js';
import type { SqlConnections } from '../sql-connection.js';

const FAILURE_REASONS = 'Possible failure reasons: Problems with the query, "ResultSet" property not set correctly, parameters not set correctly, or connection not established correctly.';

interface Binding {
  readonly name: string;
  readonly variable: string;
  readonly direction: string;
}

function bindings(ctx: TaskContext, local: 'ParameterBinding' | 'ResultBinding'): XmlElement[] {
  return ctx.data ? childElements(ctx.data, local) : [];
}

function attr(el: XmlElement, name: string): string {
  return attrValue(el, name) ?? '';
}

/** Replaces `?` parameter markers outside quotes and comments with @P0, @P1, ... */
export function numberMarkers(text: string): { text: string; count: number } {
  let out = '';
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"' || c === '[') {
      const close = c === '[' ? ']' : c;
      let j = i + 1;
      while (j < text.length && !(text[j] === close && text[j + 1] !== close)) j += text[j] === close ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += text.slice(i, stop);
      i = stop - 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop);
      i = stop - 1;
    } else if (c === '?') {
      out += `@P${count++}`;
    } else out += c;
  }
  return { text: out, count };
}

/** Splits a script at lines holding only GO, as the OLE DB connection of the Execute SQL Task does. */
export function splitBatches(text: string): string[] {
  return text.split(/^\s*GO\s*;?\s*$/gim).map((b) => b.trim()).filter(Boolean);
}

function sqlType(v: TypedValue): sql.ISqlType | (() => sql.ISqlType) {
  const x = v.value;
  if (typeof x === 'boolean') return sql.Bit;
  if (x instanceof Date) return sql.DateTime2;
  if (typeof x === 'number') return Number.isInteger(x) ? (Math.abs(x) > 2147483647 || v.type === 'DT_I8' ? sql.BigInt : sql.Int) : sql.Float;
  return sql.NVarChar(sql.MAX);
}

function rawValue(v: TypedValue): unknown {
  const x = v.value;
  if (x !== null && typeof x === 'object' && !(x instanceof Date)) return valueToString(v);
  return x;
}

function cellToValue(v: unknown): TypedValue {
  if (v === null || v === undefined) return { type: 'DT_WSTR', value: null };
  if (typeof v === 'boolean') return { type: 'DT_BOOL', value: v };
  if (typeof v === 'number') return { type: Number.isInteger(v) ? 'DT_I8' : 'DT_R8', value: v };
  if (typeof v === 'bigint') return { type: 'DT_I8', value: Number(v) };
  if (v instanceof Date) return { type: 'DT_DBTIMESTAMP', value: v };
  if (Buffer.isBuffer(v)) return { type: 'DT_WSTR', value: v.toString('hex') };
  return { type: 'DT_WSTR', value: String(v) };
}

async function statement(ctx: TaskContext): Promise<string> {
  const source = ctx.props.get('SqlStatementSource') ?? '';
  switch ((ctx.props.get('SqlStatementSourceType') ?? 'DirectInput').toLowerCase()) {
    case 'variable':
      return valueToString(ctx.read(source));
    case 'fileconnection': {
      const conn = ctx.connection(source);
      if (!conn) throw new TaskError(`The connection "${source}" is not found. This error is thrown by Connections collection when the specific connection element is not found.`, '0xC001000E');
      return readFile(localPath(conn.connectionString), 'utf8');
    }
    default:
      return source;
  }
}

function shortQuery(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 90 ? `${flat.slice(0, 87)}...` : flat;
}

export function executeSqlTask(connections: SqlConnections): TaskImpl {
  return async (ctx) => {
    const connId = ctx.props.get('Connection') ?? '';
    const conn = ctx.connection(connId);
    if (!conn) throw new TaskError(`The connection "${connId}" is not found. This error is thrown by Connections collection when the specific connection element is not found.`, '0xC001000E');
    const kind = conn.def.creationName.toUpperCase();
    if (!kind.startsWith('OLEDB') && !kind.startsWith('ADO.NET') && !kind.startsWith('ODBC')) {
      throw new TaskError(`The connection manager "${conn.def.name}" is of type "${conn.def.creationName}"; the built-in engine runs the Execute SQL Task over OLE DB, ADO.NET and ODBC connections to SQL Server.`, '0xC0014009');
    }
    const text = await statement(ctx);
    const resultType = ctx.props.get('ResultType') ?? 'ResultSetType_None';
    const params: Binding[] = bindings(ctx, 'ParameterBinding').map((b) => ({ name: attr(b, 'ParameterName'), variable: attr(b, 'DtsVariableName'), direction: attr(b, 'ParameterDirection') || 'Input' }));
    const results = bindings(ctx, 'ResultBinding').map((b) => ({ name: attr(b, 'ResultName'), variable: attr(b, 'DtsVariableName') }));
    const fail = (message: string): never => {
      throw new TaskError(`Executing the query "${shortQuery(text)}" failed with the following error: "${message}". ${FAILURE_REASONS}`, '0xC002F210');
    };
    let pool: sql.ConnectionPool;
    try {
      pool = await connections.pool(conn.connectionString);
    } catch (e) {
      throw new TaskError(`Failed to acquire connection "${conn.def.name}". Connection may not be configured correctly or you may not have the right permissions on this connection. ${(e as Error).message}`, '0xC00291EC');
    }
    const positional = !kind.startsWith('ADO.NET');
    let last: sql.IResult<Record<string, unknown>> | null = null;
    for (const batch of splitBatches(text)) {
      const request = pool.request();
      request.on('info', (m: { message: string }) => ctx.info(m.message));
      const off = ctx.signal.onCancel(() => request.cancel());
      const numbered = positional ? numberMarkers(batch) : { text: batch, count: 0 };
      const body = connections.statementPrefix(conn.connectionString) + numbered.text;
      const count = numbered.count;
      const outputs: { param: string; variable: string }[] = [];
      for (const p of params) {
        const param = positional ? `P${Number(p.name) - (kind.startsWith('ODBC') ? 1 : 0)}` : p.name.replace(/^@/, '');
        if (positional && !(Number(param.slice(1)) < count)) continue;
        const value = ctx.read(p.variable);
        // ReturnValue is an output too: `EXEC ? = dbo.proc ?` becomes `EXEC @P0 = dbo.proc @P1`.
        if (p.direction.toLowerCase() === 'input') request.input(param, sqlType(value), rawValue(value));
        else {
          request.output(param, sqlType(value), rawValue(value));
          outputs.push({ param, variable: p.variable });
        }
      }
      try {
        // Without parameters the statement goes as a SQL batch, as OLE DB sends it; with them, through sp_executesql.
        const bound = params.length > 0 && (!positional || count > 0);
        last = (await (bound ? request.query(body) : request.batch(body))) as sql.IResult<Record<string, unknown>>;
      } catch (e) {
        if (ctx.signal.cancelled) throw new TaskError('The query was canceled.', '0xC002F210');
        fail((e as Error).message);
      } finally {
        off();
      }
      for (const o of outputs) ctx.write(o.variable, cellToValue(last!.output[o.param]));
    }
    if (resultType === 'ResultSetType_SingleRow') {
      const rs = last?.recordsets && (last.recordsets as unknown as sql.IRecordSet<Record<string, unknown>>[])[0];
      const row = rs?.[0];
      if (!rs || !row) fail('Single Row result set is specified, but no rows were returned.');
      const columns = Object.keys(rs!.columns);
      for (const r of results) {
        const column = /^\d+$/.test(r.name) ? columns[Number(r.name)] : columns.find((c) => c.toLowerCase() === r.name.toLowerCase());
        if (column === undefined) fail(`The result binding name "${r.name}" is not a column of the result set.`);
        ctx.write(r.variable, cellToValue(row![column!]));
      }
    } else if (resultType === 'ResultSetType_Rowset') {
      const rs = last?.recordsets && (last.recordsets as unknown as sql.IRecordSet<Record<string, unknown>>[])[0];
      const columns = rs ? Object.keys(rs.columns) : [];
      const rowset: RowSet = { kind: 'rowset', columns, rows: (rs ?? []).map((row) => columns.map((c) => row[c])) };
      for (const r of results) ctx.write(r.variable, { type: 'DT_OBJECT', value: rowset });
    } else if (resultType !== 'ResultSetType_None') {
      fail(`The result set type "${resultType}" is not supported by the built-in engine.`);
    }
  };
}
