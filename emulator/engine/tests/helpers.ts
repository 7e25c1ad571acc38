/** Test helpers: an engine per test, sessions per login, and calls with named parameters. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../index.js';
import type { EngineInstance, EngineOptions, Outcome, ProcParam, Session, SqlValue } from '../types.js';

export const LOGINS = [
  { name: 'alice', password: 'Alice!1', roles: ['SQLAgentUserRole'] },
  { name: 'bob', password: 'Bob!1', roles: ['SQLAgentUserRole'] },
  { name: 'oper', password: 'Oper!1', roles: ['SQLAgentOperatorRole'] },
  { name: 'reader', password: 'Reader!1', roles: ['SQLAgentReaderRole'] },
  { name: 'nobody', password: 'Nobody!1', roles: [] },
  { name: 'ssisuser', password: 'Ssis!1', roles: ['db_ssisltduser'] },
  { name: 'ssisadmin', password: 'Ssis!2', roles: ['db_ssisadmin', 'ssis_admin'] },
];

let nextSession = 1;

export function session(engine: EngineInstance, login = 'sa', database = 'msdb'): Session {
  const pw = login === 'sa' ? 'Sa!Pass1' : LOGINS.find((l) => l.name === login)!.password;
  const auth = engine.authenticate(login, pw);
  if (!auth) throw new Error(`login ${login} failed`);
  return { id: nextSession++, serverName: engine.serverName, login: auth.login, roles: auth.roles, isSqlLogin: true, appName: 'vitest', database, transaction: null };
}

export async function engineFor(opts: Partial<EngineOptions> = {}): Promise<EngineInstance> {
  return createEngine({ serverName: 'SRV1', saPassword: 'Sa!Pass1', logins: LOGINS, agent: 'running', dtexec: null, ...opts });
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'engine-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function named(args: Record<string, SqlValue>, outputs: readonly string[] = []): ProcParam[] {
  const list: ProcParam[] = Object.entries(args).map(([name, value]) => ({ name, value, output: outputs.includes(name) }));
  for (const o of outputs) if (!(o in args)) list.push({ name: o, value: null, output: true });
  return list;
}

const signal = new AbortController().signal;

export function call(engine: EngineInstance, s: Session, proc: string, args: Record<string, SqlValue> = {}, outputs: readonly string[] = []): Promise<Outcome> {
  return engine.callProcedure(s, proc, named(args, outputs), signal);
}

export function query(engine: EngineInstance, s: Session, text: string, params: Record<string, SqlValue> = {}): Promise<Outcome> {
  return engine.query(s, text, named(params), signal);
}

export function errorOf(o: Outcome): { number: number; message: string } | undefined {
  return o.messages.find((m) => m.severity > 10);
}

export function rowsAsObjects(o: Outcome, index = 0): Record<string, SqlValue>[] {
  const rs = o.resultSets[index];
  if (!rs) throw new Error(`no result set ${index}`);
  return rs.rows.map((r) => Object.fromEntries(rs.columns.map((c, i) => [c.name, r[i] ?? null])));
}

/** Creates a local job with one step and a job server, as the SSMS sequence does. */
export async function makeJob(engine: EngineInstance, s: Session, name: string, step: Record<string, SqlValue> = {}): Promise<string> {
  const add = await call(engine, s, 'msdb.dbo.sp_add_job', { job_name: name }, ['job_id']);
  if (add.returnStatus !== 0) throw new Error(JSON.stringify(add.messages));
  const jobId = add.outputs.job_id as string;
  const st = await call(engine, s, 'msdb.dbo.sp_add_jobstep', { job_id: jobId, step_name: 'Step 1', subsystem: 'CmdExec', command: 'true', ...step });
  if (st.returnStatus !== 0) throw new Error(JSON.stringify(st.messages));
  const srv = await call(engine, s, 'msdb.dbo.sp_add_jobserver', { job_id: jobId, server_name: '(local)' });
  if (srv.returnStatus !== 0) throw new Error(JSON.stringify(srv.messages));
  return jobId;
}

export async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}
