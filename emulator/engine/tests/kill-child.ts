/** Child process for the kill -9 test: commits some changes, leaves one transaction open, then waits to be killed. */
import { createEngine } from '../index.js';
import type { Session } from '../types.js';

const dir = process.argv[2]!;
const signal = new AbortController().signal;
const engine = await createEngine({ serverName: 'SRV1', saPassword: 'Sa!Pass1', dataDir: dir, agent: 'running', dtexec: null });
const s = (id: number): Session => ({ id, serverName: 'SRV1', login: 'sa', roles: new Set(['sysadmin']), isSqlLogin: true, appName: 'child', database: 'msdb', transaction: null });
const a = s(1);
a.transaction = await engine.begin(a);
const job = await engine.callProcedure(a, 'msdb.dbo.sp_add_job', [{ name: 'job_name', value: 'Committed', output: false }, { name: 'job_id', value: null, output: true }], signal);
await engine.callProcedure(a, 'msdb.dbo.sp_add_jobstep', [{ name: 'job_id', value: job.outputs.job_id!, output: false }, { name: 'step_name', value: 'S1', output: false }, { name: 'subsystem', value: 'CmdExec', output: false }, { name: 'command', value: 'true', output: false }], signal);
await engine.commit(a);
a.transaction = null;
await engine.callProcedure(a, 'msdb.dbo.sp_add_category', [{ name: 'name', value: 'Autocommitted', output: false }], signal);
const b = s(2);
b.transaction = await engine.begin(b);
await engine.callProcedure(b, 'msdb.dbo.sp_add_job', [{ name: 'job_name', value: 'Uncommitted', output: false }], signal);
process.stdout.write('READY\n');
setInterval(() => {}, 1000);
