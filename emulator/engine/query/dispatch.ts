/**
 * query(): the statements the T-SQL front end hands over. Accepted: the SELECTs of query/select.ts,
 * CREATE/ALTER/DROP CREDENTIAL, EXEC[UTE] proc [@p = value, ...] (values: literals or parameters), and
 * IF [NOT] EXISTS (<select>) <one of those>, separated by ';' or not.
 * Anything else answers a clear "not supported by the SQL Server Agent emulator" error.
 */
import { SqlError } from '../core/sql-error.js';
import type { Reply } from '../core/procedure.js';
import type { EngineContext } from '../context.js';
import type { ProcParam, Session } from '../types.js';
import { runCredentialStatement } from './credentials.js';
import { parseSelect, runSelect } from './select.js';
import { Cursor, NOT_SUPPORTED, tokenize } from './tokens.js';

export interface QueryInput {
  readonly session: Session;
  readonly ctx: EngineContext;
  readonly text: string;
  readonly params: readonly ProcParam[];
  readonly reply: Reply;
  readonly signal: AbortSignal;
  /** Runs a procedure inside this statement (already under the lock); result sets and messages go to `reply`. */
  readonly exec: (name: string, params: ProcParam[]) => Promise<void>;
}

function unsupported(text: string): SqlError {
  // String literals are left out of the echo: they may hold passwords or secrets.
  const one = text.replace(/N?'(?:[^']|'')*'?/g, "'…'").replace(/\s+/g, ' ').trim();
  return new SqlError(50000, `The statement '${one.length > 80 ? `${one.slice(0, 77)}...` : one}' ${NOT_SUPPORTED}. See emulator/README.md for the statements it answers.`, 16, 1);
}

/** Runs the text; returns true when it changed state. */
export async function runQuery(q: QueryInput): Promise<boolean> {
  const c = new Cursor(q.text, tokenize(q.text));
  let writes = false;
  while (!c.atEnd()) {
    if (c.isPunct(';')) {
      c.i++;
      continue;
    }
    writes = (await statement(c, q, true, true)) || writes;
  }
  return writes;
}

/** Runs one statement, or with `run` false only parses past it (the branch an IF does not take). */
async function statement(c: Cursor, q: QueryInput, top: boolean, run: boolean): Promise<boolean> {
  if (c.isWord('select')) {
    const stmt = parseSelect(c);
    if (!run) return false;
    const rs = runSelect(stmt, q.ctx, q.session, q.params, q.text);
    if (top) {
      q.reply.resultSet(rs);
      q.reply.rowCount = rs.rows.length;
    }
    return false;
  }
  if (c.isWord('create', 'alter', 'drop') && c.peek(1)?.kind === 'word' && (c.peek(1) as { value: string }).value.toLowerCase() === 'credential') {
    runCredentialStatement(c, q.ctx, q.session, run);
    return run;
  }
  if (c.isWord('exec', 'execute')) {
    c.i++;
    await runExec(c, q, run);
    return run;
  }
  if (c.isWord('if')) {
    c.i++;
    const not = c.isWord('not');
    if (not) c.i++;
    c.word('exists');
    c.punct('(');
    const rs = runSelect(parseSelect(c), q.ctx, q.session, q.params, q.text);
    c.punct(')');
    const cond = not ? rs.rows.length === 0 : rs.rows.length > 0;
    if (c.isWord('begin')) throw unsupported(q.text.slice(c.peek()!.pos));
    return statement(c, q, top, run && cond);
  }
  throw unsupported(q.text.slice(c.peek()?.pos ?? 0));
}

/** EXEC name [@p =] value [OUTPUT], ... with literal or parameter values (SSMS's IF NOT EXISTS ... EXEC form). */
async function runExec(c: Cursor, q: QueryInput, run: boolean): Promise<void> {
  let returnVar: string | null = null;
  const first = c.peek();
  if (first?.kind === 'var' && c.peek(1)?.kind === 'punct' && c.peek(1)!.value === '=') {
    returnVar = first.value;
    c.i += 2;
  }
  const start = c.peek();
  if (!start || start.kind !== 'word') c.fail();
  const parts = c.multipart();
  const procName = parts.map((p) => (p === '' ? '' : `[${p.replace(/]/g, ']]')}]`)).join('.');
  const params: ProcParam[] = [];
  const atEnd = () => c.atEnd() || c.isPunct(';') || c.isWord('select', 'exec', 'execute', 'if', 'create', 'alter', 'drop');
  while (!atEnd()) {
    let name: string | null = null;
    const t = c.peek()!;
    if (t.kind === 'var' && c.peek(1)?.kind === 'punct' && c.peek(1)!.value === '=') {
      name = t.value;
      c.i += 2;
    }
    const v = c.peek();
    let value: ProcParam['value'];
    if (v?.kind === 'string' || v?.kind === 'number') {
      value = v.value;
      c.i++;
    } else if (v?.kind === 'var') {
      const p = q.params.find((x) => x.name?.toLowerCase() === v.value);
      if (!p) throw new SqlError(137, `Must declare the scalar variable "@${v.value}".`, 15, 2);
      value = p.value;
      c.i++;
    } else if (c.isWord('null')) {
      value = null;
      c.i++;
    } else c.fail();
    if (c.isWord('output', 'out')) throw unsupported(`OUTPUT arguments in ${q.text}`);
    params.push({ name, value, output: false });
    if (!c.isPunct(',')) break;
    c.i++;
  }
  if (!run) return;
  await q.exec(procName, params);
  // EXEC @rc = proc: the front end copies outputs back into its variables by name.
  if (returnVar !== null) q.reply.output(returnVar, q.reply.returnStatus);
}
