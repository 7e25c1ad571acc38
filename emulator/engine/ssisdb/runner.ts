/**
 * Runs catalog executions. SSISDB would hand the package to ISServerExec; the emulator hands the stored
 * project to the configured dtexec as `/Project <file.ispac> /Package <name> /Par ...` and records the
 * outcome in catalog.operations (7 succeeded, 4 failed, 3 canceled) and its messages.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineContext } from '../context.js';
import { stepLogin } from '../agent/step-login.js';
import type { Execution } from '../state/model.js';
import { addMessage } from './deploy.js';

interface Running {
  child: ChildProcess | null;
  stoppedBy: string | null;
  done: Promise<void>;
}

export class CatalogRunner {
  private ctx!: EngineContext;
  private readonly running = new Map<number, Running>();

  attach(ctx: EngineContext): void {
    this.ctx = ctx;
  }

  isRunning(id: number): boolean {
    return this.running.has(id);
  }

  /** Starts the execution (status already set to running by the caller); returns when it has ended. */
  start(execution: Execution, blob: string): Promise<void> {
    const run: Running = { child: null, stoppedBy: null, done: Promise.resolve() };
    this.running.set(execution.execution_id, run);
    run.done = new Promise<void>((r) => setImmediate(r))
      .then(() => this.execute(execution, blob, run))
      .catch((e) => this.ctx.log(`catalog: execution ${execution.execution_id} crashed: ${(e as Error).stack ?? e}`))
      .finally(() => this.running.delete(execution.execution_id));
    return run.done;
  }

  stop(id: number, by: string): boolean {
    const run = this.running.get(id);
    if (!run) return false;
    run.stoppedBy = by;
    if (run.child?.pid !== undefined) {
      try {
        process.kill(-run.child.pid, 'SIGKILL');
      } catch {
        run.child.kill('SIGKILL');
      }
    }
    return true;
  }

  async close(): Promise<void> {
    for (const id of [...this.running.keys()]) this.stop(id, 'sa');
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  private async finish(id: number, status: number, messages: { type: number; text: string; pkg: string | null }[], stoppedBy: string | null): Promise<void> {
    const store = this.ctx.store;
    const owner = `catalog-${id}`;
    await store.lock.acquire(owner);
    try {
      const s = store.state;
      const op = s.catalog.operations.find((o) => o.operation_id === id);
      if (op) {
        op.status = status;
        op.end_time = this.ctx.now().toISOString();
        op.stopped_by_name = stoppedBy;
      }
      for (const m of messages) addMessage(s, id, this.ctx.now(), m.type, m.pkg ? 30 : 20, m.text, m.pkg);
      store.persist();
    } finally {
      store.lock.release(owner);
    }
  }

  private async execute(e: Execution, blob: string, run: Running): Promise<void> {
    const dtexec = this.ctx.options.dtexec;
    if (dtexec == null) {
      await this.finish(e.execution_id, 4, [{ type: 120, text: 'The package could not be executed: no dtexec command is configured for this SQL Server Agent emulator instance (start it with --dtexec).', pkg: e.package_name }], null);
      return;
    }
    const dir = join(this.ctx.options.dataDir ?? tmpdir(), 'executions', String(e.execution_id));
    mkdirSync(dir, { recursive: true });
    const ispac = join(dir, `${e.project_name.replace(/[^\w.-]/g, '_')}.ispac`);
    writeFileSync(ispac, this.ctx.store.blobs.get(blob));
    const args = ['/Project', ispac, '/Package', e.package_name];
    for (const p of e.parameters) {
      if (p.value === null) continue;
      const prefix = p.object_type === 20 ? '$Project::' : p.object_type === 30 ? '$Package::' : '$ServerOption::';
      args.push('/Par', `${prefix}${p.parameter_name}(${p.data_type});${typeof p.value === 'boolean' ? (p.value ? 'True' : 'False') : String(p.value)}`);
    }
    // ISServerExec runs the package as the caller: a login with the caller's rights for the run's lifetime.
    const caller = this.ctx.store.state.catalog.operations.find((o) => o.operation_id === e.execution_id)?.caller_name ?? 'sa';
    const login = stepLogin(this.ctx, caller, this.ctx.logins.get(caller.toLowerCase())?.roles ?? new Set());
    const address = this.ctx.address();
    const env = {
      SSISD_EMULATOR_SERVER: this.ctx.serverName, SSISD_EMULATOR_EXECUTION_ID: String(e.execution_id), ...(address ? { SSISD_EMULATOR_ADDRESS: address } : {}),
      ...login.env,
    };
    let output = '';
    const code = await new Promise<number | null>((resolve) => {
      // Arguments travel as "$@" so that no value is ever parsed by the shell.
      const child = spawn('/bin/sh', ['-c', `${dtexec} "$@"`, 'dtexec', ...args], { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
      run.child = child;
      const add = (b: Buffer) => {
        if (output.length < 256 * 1024) output += b.toString('utf8');
      };
      child.stdout?.on('data', add);
      child.stderr?.on('data', add);
      child.on('error', (err) => {
        output += err.message;
        resolve(null);
      });
      child.on('close', (c) => resolve(c));
    });
    login.release();
    rmSync(dir, { recursive: true, force: true });
    const lines = output.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).slice(0, 500);
    const failed = code !== 0;
    const status = run.stoppedBy !== null ? 3 : failed ? 4 : 7;
    const msgs = lines.map((text) => ({ type: failed && /error/i.test(text) ? 120 : 70, text, pkg: e.package_name }));
    if (status === 4 && !msgs.some((m) => m.type === 120)) msgs.push({ type: 120, text: `dtexec exited with code ${code ?? 'unknown'}.`, pkg: e.package_name });
    await this.finish(e.execution_id, status, msgs, run.stoppedBy);
  }
}
