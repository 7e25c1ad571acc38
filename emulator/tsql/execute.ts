/**
 * Runs parsed statements: constant SELECTs, variables, SET/USE and transactions here; EXEC through
 * engine.callProcedure; everything else through engine.query. Statement errors become ERROR tokens and the
 * batch goes on (as SQL Server does for severity-16 errors); a cancelled request stops at once.
 */
import type { Outcome, ProcParam, ResultSet, SqlValue } from '../engine/types.js';
import { CurCmd, DoneStatus } from '../tds/tokens/done.js';
import { EMULATOR_ERROR, errorText } from '../tds/response.js';
import type { Condition, ExecArg, Statement } from './ast.js';
import { canonicalDatabase, type ExecutionContext } from './context.js';
import { columnOf, convertTo } from './convert.js';
import { NOT_SUPPORTED, SqlRuntimeError } from './errors.js';
import { evaluate } from './evaluate.js';
import { SqlSyntaxError } from './lexer.js';
import { parseBatch } from './parser.js';
import { runSpExecuteSql, isSpExecuteSql } from './sp-executesql.js';
import { compile, type Step } from './program.js';
import { evaluateCondition, variableParams } from './condition.js';
import { beginTransaction, commitTransaction, rollbackTransaction } from './transactions.js';

/** Thrown when the request was cancelled (attention); the caller discards the reply. */
export class RequestAborted extends Error {
  override readonly name = 'RequestAborted';
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new RequestAborted('request cancelled');
}

/**
 * Compiled batches by text, as SQL Server's plan cache: an app sends the same parameterized text again and
 * again (the deploy's job batch once per job), and parsing it each time was most of what it cost.
 */
const compiled = new Map<string, readonly Step[]>();
const COMPILED_MAX = 256;

function compiledSteps(text: string): readonly Step[] {
  let steps = compiled.get(text);
  if (!steps) {
    steps = compile(parseBatch(text));
    if (compiled.size >= COMPILED_MAX) compiled.delete(compiled.keys().next().value!);
    compiled.set(text, steps);
  }
  return steps;
}

/** Parses and runs T-SQL text. A syntax error fails the whole text before anything runs (as in SQL Server). */
export async function executeText(text: string, ctx: ExecutionContext): Promise<void> {
  let steps: readonly Step[];
  try {
    steps = compiledSteps(text);
  } catch (e) {
    if (e instanceof SqlSyntaxError || e instanceof SqlRuntimeError) {
      // A syntax error may be SQL the emulator does not know: say so. Compile errors (labels) are plain SQL Server's.
      const compileError = e instanceof SqlRuntimeError && [132, 133, 135, 136].includes(e.number);
      const message = compileError || e.message.includes(NOT_SUPPORTED) ? e.message : `${e.message} (${shorten(text)} ${NOT_SUPPORTED})`;
      ctx.out.error(e.number, message, 15);
      ctx.lastError = e.number;
      return;
    }
    throw e;
  }
  await runSteps(steps, ctx);
}

/** True when any statement would reach the engine (used for fault injection's request counting). */
export function reachesEngine(text: string): boolean {
  const reaches = (s: Statement): boolean => {
    switch (s.kind) {
      case 'exec':
      case 'engine':
      case 'select-assign':
      case 'begin-tran':
      case 'commit':
      case 'rollback':
        return true;
      case 'block':
        return s.body.some(reaches);
      case 'if':
        return hasExists(s.cond) || reaches(s.then) || (s.else !== null && reaches(s.else));
      case 'while':
        return hasExists(s.cond) || reaches(s.body);
      default:
        return false;
    }
  };
  try {
    return parseBatch(text).some(reaches);
  } catch {
    return false;
  }
}

function hasExists(c: Condition): boolean {
  if (c.kind === 'exists') return true;
  if (c.kind === 'not') return hasExists(c.cond);
  if (c.kind === 'and' || c.kind === 'or') return hasExists(c.left) || hasExists(c.right);
  return false;
}

/** The batch text for an error message: one line, at most 80 characters, secrets masked. */
function shorten(text: string): string {
  const one = maskSecrets(text).replace(/\s+/g, ' ').trim();
  return one.length > 80 ? `'${one.slice(0, 77)}...'` : `'${one}'`;
}

/** Replaces the values of SECRET = '...' and PASSWORD = '...' so no message or log line shows them. */
export function maskSecrets(text: string): string {
  return text.replace(/\b(secret|password)(\s*=\s*)N?'(?:[^']|'')*'?/gi, "$1$2'***'");
}

/** Steps one batch may run: GOTO loops end here instead of holding the connection forever. */
const MAX_STEPS = 100_000;

async function runSteps(steps: readonly Step[], ctx: ExecutionContext): Promise<void> {
  let pc = 0;
  let count = 0;
  while (pc < steps.length) {
    throwIfAborted(ctx.signal);
    if (++count > MAX_STEPS) {
      ctx.out.error(EMULATOR_ERROR, `A batch running more than ${MAX_STEPS} statements (a GOTO loop?) ${NOT_SUPPORTED}.`);
      ctx.lastError = EMULATOR_ERROR;
      ctx.out.done(statementDone(ctx), DoneStatus.MORE);
      return;
    }
    const step = steps[pc]!;
    switch (step.op) {
      case 'jump':
        pc = step.to;
        continue;
      case 'return':
        return;
      case 'if': {
        const ok = await guarded(ctx, async () => {
          const v = await evaluateCondition(step.cond, ctx);
          ctx.lastError = 0;
          return v;
        });
        // An error in the condition skips the whole IF; the batch goes on after it.
        pc = ok.failed ? step.endAt : ok.value === true ? pc + 1 : step.elseAt;
        continue;
      }
      case 'run': {
        const s = step.stmt;
        await guarded(ctx, async () => {
          await runStatement(s, ctx);
          if (s.kind !== 'exec' && s.kind !== 'engine' && s.kind !== 'select-assign') ctx.lastError = 0;
        });
        pc++;
        continue;
      }
    }
  }
}

/** Runs one statement; its error becomes an ERROR token and @@ERROR, and the batch goes on. */
async function guarded<T>(ctx: ExecutionContext, run: () => Promise<T>): Promise<{ failed: false; value: T } | { failed: true }> {
  try {
    return { failed: false, value: await run() };
  } catch (e) {
    if (e instanceof RequestAborted) throw e;
    throwIfAborted(ctx.signal);
    if (e instanceof SqlRuntimeError) {
      ctx.out.error(e.number, e.message, e.severity, e.state);
      ctx.lastError = e.number;
    } else {
      ctx.out.error(EMULATOR_ERROR, `The SQL Server Agent emulator failed: ${errorText(e)}`);
      ctx.lastError = EMULATOR_ERROR;
    }
    ctx.out.done(statementDone(ctx), DoneStatus.MORE);
    return { failed: true };
  }
}

function statementDone(ctx: ExecutionContext): 'done' | 'doneinproc' {
  return ctx.mode === 'batch' ? 'done' : 'doneinproc';
}

async function runStatement(s: Statement, ctx: ExecutionContext): Promise<void> {
  switch (s.kind) {
    case 'set-option':
      // Session options (ANSI settings, NOCOUNT, TEXTSIZE, isolation level ...) don't change anything the
      // emulator does; accept them like SQL Server, silently.
      return;
    case 'set-var': {
      const v = ctx.vars.get(s.name);
      if (!v) throw new SqlRuntimeError(137, `Must declare the scalar variable "@${s.name}".`, 15, 2);
      v.value = convertTo(evaluate(s.expr, ctx).value, v.type);
      return;
    }
    case 'declare':
      for (const d of s.vars) {
        if (ctx.vars.has(d.name)) throw new SqlRuntimeError(134, `The variable name '@${d.name}' has already been declared. Variable names must be unique within a query batch or stored procedure.`, 15);
        const init = d.init ? convertTo(evaluate(d.init, ctx).value, d.type) : null;
        ctx.vars.set(d.name, { type: d.type, value: init, output: true });
      }
      return;
    case 'use': {
      const db = canonicalDatabase(s.database);
      if (!db) throw new SqlRuntimeError(911, `Database '${s.database}' does not exist. Make sure that the name is entered correctly.`, 16);
      const prev = ctx.session.database;
      ctx.session.database = db;
      ctx.out.databaseChange(db, prev);
      ctx.out.info(5701, `Changed database context to '${db}'.`);
      return;
    }
    case 'select':
      return select(s.items, ctx);
    case 'print': {
      const v = evaluate(s.expr, ctx).value;
      ctx.out.message({ number: 0, severity: 0, state: 1, message: v === null ? '' : String(v) });
      return;
    }
    case 'raiserror': {
      const message = raiserrorText(String(evaluate(s.message, ctx).value ?? ''), s.args.map((a) => evaluate(a, ctx).value));
      const severity = Number(evaluate(s.severity, ctx).value ?? 16);
      const state = Number(evaluate(s.state, ctx).value ?? 1);
      if (severity > 10) {
        // Raised errors don't stop the batch; report and record @@ERROR.
        ctx.out.error(50000, message, severity, state);
        ctx.lastError = 50000;
        ctx.out.done(statementDone(ctx), DoneStatus.MORE);
      } else ctx.out.message({ number: 50000, severity, state, message });
      return;
    }
    case 'begin-tran':
      return beginTransaction(ctx);
    case 'commit':
      return commitTransaction(ctx);
    case 'rollback':
      return rollbackTransaction(ctx);
    case 'exec':
      return exec(s.returnVar, s.proc, s.args, ctx);
    case 'engine':
      return engineQuery(s.text, ctx);
    case 'select-assign':
      return selectAssign(s.vars, s.text, ctx);
    case 'waitfor-delay':
      return waitforDelay(evaluate(s.delay, ctx).value, ctx);
    case 'while':
    case 'break':
    case 'continue':
      // Compiled into jumps (program.ts); never run as statements.
      return;
  }
}

/** RAISERROR's printf-style substitution: %d %i %u %s %x %X %o with flags/width/precision, h/l/I64 size prefixes, %%. */
function raiserrorText(template: string, args: readonly SqlValue[]): string {
  let i = 0;
  return template.replace(/%([-+ 0#]*)(\d*)(?:\.(\d+))?(?:I64|h|l)?([diuxXos])|%%/g, (whole, flags: string, width: string, precision: string, type: string) => {
    if (whole === '%%') return '%';
    const v = args[i++];
    let out: string;
    if (v === undefined) out = '(null)';
    else if (v === null) out = type === 's' ? '(null)' : '';
    else if (type === 's') out = String(v);
    else {
      const n = Math.trunc(Number(v));
      out = type === 'x' ? n.toString(16) : type === 'X' ? n.toString(16).toUpperCase() : type === 'o' ? n.toString(8) : String(n);
    }
    if (type === 's' && precision) out = out.slice(0, Number(precision));
    const w = Number(width || 0);
    if (out.length < w) out = flags.includes('-') ? out.padEnd(w) : out.padStart(w, flags.includes('0') && type !== 's' ? '0' : ' ');
    return out;
  });
}

/** WAITFOR DELAY 'hh:mm[:ss[.mmm]]' (or a datetime's time of day), cut short by a cancel (attention). */
async function waitforDelay(value: SqlValue, ctx: ExecutionContext): Promise<void> {
  let ms: number;
  if (value instanceof Date) ms = value.getTime() - Date.UTC(value.getUTCFullYear(), value.getUTCMonth(), value.getUTCDate());
  else {
    const text = String(value ?? '').trim();
    const m = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,3}))?)?$/.exec(text);
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) {
      throw new SqlRuntimeError(148, `Incorrect time syntax in time string '${text}' used with WAITFOR.`, 15);
    }
    ms = ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? 0)) * 1000 + Number((m[4] ?? '0').padEnd(3, '0'));
  }
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', done);
      resolve();
    }
    ctx.signal.addEventListener('abort', done, { once: true });
  });
  throwIfAborted(ctx.signal);
}

/**
 * SELECT @a = col, ... FROM <view> ...: the engine runs the query; the last row's values go into the
 * variables (no row leaves them unchanged), @@ROWCOUNT is the number of rows, and no result set is sent.
 */
async function selectAssign(vars: readonly string[], text: string, ctx: ExecutionContext): Promise<void> {
  for (const name of vars) if (!ctx.vars.has(name)) throw new SqlRuntimeError(137, `Must declare the scalar variable "@${name}".`, 15, 2);
  const outcome = await callEngine(ctx, () => ctx.engine.query(ctx.session, text, variableParams(ctx), ctx.signal));
  if (!outcome) {
    ctx.out.done(statementDone(ctx), DoneStatus.MORE);
    return;
  }
  ctx.out.messages(outcome.messages);
  const err = [...outcome.messages].reverse().find((m) => m.severity > 10);
  ctx.lastError = err ? err.number : 0;
  if (err) {
    ctx.out.done(statementDone(ctx), DoneStatus.MORE);
    return;
  }
  const rows = outcome.resultSets[0]?.rows ?? [];
  const last = rows.at(-1);
  if (last) vars.forEach((name, i) => {
    const v = ctx.vars.get(name)!;
    v.value = convertTo(last[i] ?? null, v.type);
  });
  ctx.rowCount = rows.length;
  ctx.out.done(statementDone(ctx), DoneStatus.MORE | DoneStatus.COUNT, CurCmd.SELECT, rows.length);
}

function select(items: Extract<Statement, { kind: 'select' }>['items'], ctx: ExecutionContext): void {
  const assigns = items.filter((i) => i.assignTo !== null);
  if (assigns.length > 0 && assigns.length !== items.length) {
    throw new SqlRuntimeError(141, 'A SELECT statement that assigns a value to a variable must not be combined with data-retrieval operations.', 15);
  }
  if (assigns.length > 0) {
    for (const it of items) {
      const v = ctx.vars.get(it.assignTo!);
      if (!v) throw new SqlRuntimeError(137, `Must declare the scalar variable "@${it.assignTo}".`, 15, 2);
      v.value = convertTo(evaluate(it.expr, ctx).value, v.type);
    }
    ctx.rowCount = 1;
    return;
  }
  const values = items.map((it) => evaluate(it.expr, ctx));
  const rs: ResultSet = {
    columns: items.map((it, i) => columnOf(it.alias, values[i]!.type)),
    rows: [values.map((v) => v.value)],
  };
  ctx.out.resultSet(rs, statementDone(ctx));
  ctx.rowCount = 1;
}

/** Calls the engine; a rejection (an engine bug) becomes error 50000 instead of killing the request. */
async function callEngine(ctx: ExecutionContext, run: () => Promise<Outcome>): Promise<Outcome | null> {
  try {
    const outcome = await run();
    throwIfAborted(ctx.signal);
    return outcome;
  } catch (e) {
    throwIfAborted(ctx.signal);
    ctx.out.error(EMULATOR_ERROR, `The SQL Server Agent emulator failed: ${errorText(e)}`);
    ctx.lastError = EMULATOR_ERROR;
    return null;
  }
}

function writeOutcomeBody(outcome: Outcome, ctx: ExecutionContext): void {
  for (const rs of outcome.resultSets) ctx.out.resultSet(rs, 'doneinproc');
  ctx.out.messages(outcome.messages);
  const err = [...outcome.messages].reverse().find((m) => m.severity > 10);
  ctx.lastError = err ? err.number : 0;
  ctx.rowCount = outcome.rowCount ?? outcome.resultSets.at(-1)?.rows.length ?? 0;
}

/** Looks up an OUTPUT value: by parameter name, or for positional arguments by their index ("0", "1" ...). */
export function outputValue(outputs: Readonly<Record<string, SqlValue>>, name: string | null, index: number): { found: boolean; value: SqlValue } {
  if (name !== null && Object.hasOwn(outputs, name)) return { found: true, value: outputs[name]! };
  const key = String(index);
  if (name === null && Object.hasOwn(outputs, key)) return { found: true, value: outputs[key]! };
  return { found: false, value: null };
}

async function exec(returnVar: string | null, proc: string, args: readonly ExecArg[], ctx: ExecutionContext): Promise<void> {
  if (returnVar !== null && !ctx.vars.has(returnVar)) throw new SqlRuntimeError(137, `Must declare the scalar variable "@${returnVar}".`, 15, 2);
  const params: ProcParam[] = [];
  const bindings: { index: number; name: string | null; varName: string }[] = [];
  args.forEach((a) => {
    if (a.expr === null) {
      if (a.name === null) throw new SqlRuntimeError(EMULATOR_ERROR, `DEFAULT for a positional argument ${NOT_SUPPORTED}; name the parameter instead.`);
      return; // a named DEFAULT: leave the parameter out so the procedure uses its default
    }
    if (a.output && a.expr.kind !== 'var') {
      throw new SqlRuntimeError(179, 'Cannot use the OUTPUT option when passing a constant to a stored procedure.');
    }
    const table = a.expr.kind === 'var' ? ctx.vars.get(a.expr.name)?.table : undefined;
    if (table) {
      params.push({ name: a.name, value: null, output: false, table });
      return;
    }
    const { value, type } = evaluate(a.expr, ctx);
    params.push({ name: a.name, value, output: a.output, type: type.type });
    if (a.output && a.expr.kind === 'var') bindings.push({ index: params.length - 1, name: a.name, varName: a.expr.name });
  });

  let outcome: Outcome | null;
  if (isSpExecuteSql(proc)) {
    outcome = await runSpExecuteSql(params, { ...ctx, mode: 'rpc', vars: new Map() });
  } else {
    outcome = await callEngine(ctx, () => ctx.engine.callProcedure(ctx.session, proc, params, ctx.signal));
  }
  let status = 1;
  if (outcome) {
    writeOutcomeBody(outcome, ctx);
    status = outcome.returnStatus;
    for (const b of bindings) {
      const hit = outputValue(outcome.outputs, b.name, b.index);
      const v = ctx.vars.get(b.varName);
      if (hit.found && v) v.value = convertTo(hit.value, v.type);
    }
  }
  if (returnVar !== null) ctx.vars.get(returnVar)!.value = status;
  if (ctx.mode === 'batch') {
    ctx.out.returnStatus(status);
    ctx.out.done('doneproc', DoneStatus.MORE, CurCmd.EXECUTE);
  } else {
    ctx.out.done('doneinproc', DoneStatus.MORE, CurCmd.EXECUTE);
  }
}

async function engineQuery(text: string, ctx: ExecutionContext): Promise<void> {
  const params: ProcParam[] = variableParams(ctx);
  const outcome = await callEngine(ctx, () => ctx.engine.query(ctx.session, text, params, ctx.signal));
  if (!outcome) {
    ctx.out.done(statementDone(ctx), DoneStatus.MORE);
    return;
  }
  for (const rs of outcome.resultSets) ctx.out.resultSet(rs, statementDone(ctx));
  ctx.out.messages(outcome.messages);
  const err = [...outcome.messages].reverse().find((m) => m.severity > 10);
  ctx.lastError = err ? err.number : 0;
  ctx.rowCount = outcome.rowCount ?? outcome.resultSets.at(-1)?.rows.length ?? 0;
  for (const [name, value] of Object.entries(outcome.outputs)) {
    const v = ctx.vars.get(name.toLowerCase().replace(/^@/, ''));
    if (v) v.value = convertTo(value, v.type);
  }
  if (outcome.resultSets.length === 0 || err) {
    const counted = outcome.rowCount !== undefined;
    ctx.out.done(statementDone(ctx), DoneStatus.MORE | (counted ? DoneStatus.COUNT : 0), CurCmd.SELECT, outcome.rowCount ?? 0);
  }
}
