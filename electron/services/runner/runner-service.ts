/**
 * Package runs for the app (Start Without Debugging, Execute Package, Stop): through a real dtexec when one
 * is installed, streaming its console output, otherwise through the built-in engine, whose progress events
 * drive the Progress view. Packages the engine cannot run are refused before anything starts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { RunEvents, RunNode, RunOutcome, RunStartResult } from '../../../shared/contract/runs.js';
import { DTEXEC_EXIT } from '../../../shared/dtexec/exit-codes.js';
import { fail, ok, type Result } from '../../../shared/result.js';
import { findBlockers } from '../../../shared/runtime/blockers.js';
import { PackageRun, RunCancel } from '../../../shared/runtime/engine.js';
import type { PackageDef } from '../../../shared/runtime/model.js';
import { createEngineHost } from './engine-host.js';
import { loadPackageFile, loadProjectFolder } from './package-files.js';
import { SqlConnections, type ServerResolver } from './sql-connection.js';

export type RunEmit = <E extends keyof RunEvents>(event: E, payload: RunEvents[E]) => void;

export interface RunnerServiceOptions {
  readonly emit: RunEmit;
  readonly env?: NodeJS.ProcessEnv;
  /** Registered servers whose logins runs may use (see registered-servers.ts). */
  readonly resolver?: ServerResolver | null;
  /** The real dtexec to use, or null for the built-in engine (see dtexec-locator.ts). */
  readonly dtexec?: () => string | null;
  /**
   * Builds the project's .ispac: a real dtexec then runs a project-model package as `/Project x.ispac /Package
   * y.dtsx`, so project parameters and connection managers apply (with /FILE they would not).
   */
  readonly buildIspac?: (dtprojPath: string) => Promise<Uint8Array>;
  /**
   * The password the user gave at Unlock Project (memory only): it opens EncryptAllWithPassword projects and
   * the sensitive values of EncryptSensitiveWithPassword ones, as /DECRYPT does for dtexec.
   */
  readonly projectPassword?: (dtprojPath: string) => string | undefined;
  readonly log?: (line: string) => void;
}

const isLockedError = (e: unknown): boolean => /encrypted with a password \(EncryptAllWithPassword\)/.test((e as Error).message);

function lockedProject(projectPath: string): Result<never> {
  const name = basename(projectPath).replace(/\.dtproj$/i, '');
  return fail('LOCKED', `${name} is encrypted with a password (EncryptAllWithPassword); unlock the project in Solution Explorer to run its packages.`, { path: projectPath, needsPassword: true });
}

interface ActiveRun {
  readonly cancel: () => void;
  readonly done: Promise<void>;
}

export class RunnerService {
  private readonly runs = new Map<string, ActiveRun>();
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly o: RunnerServiceOptions) {
    this.env = o.env ?? process.env;
  }

  async start(projectPath: string, packageName: string): Promise<Result<RunStartResult>> {
    let project;
    let pkg: PackageDef;
    let packagePath: string | null;
    const password = this.o.projectPassword?.(projectPath) ?? null;
    try {
      project = await loadProjectFolder(projectPath, password);
      packagePath = await project.packagePath(packageName);
    } catch (e) {
      if (password === null && isLockedError(e)) return lockedProject(projectPath);
      return fail('NOT_FOUND', `The project "${projectPath}" could not be read: ${(e as Error).message}`, { projectPath });
    }
    if (!packagePath) return fail('NOT_FOUND', `The package "${packageName}" was not found next to the project "${basename(projectPath)}".`, { projectPath, packageName });
    try {
      pkg = await loadPackageFile(packagePath, password);
    } catch (e) {
      if (password === null && isLockedError(e)) return lockedProject(projectPath);
      return fail('PARSE_ERROR', (e as Error).message, { path: packagePath });
    }
    const runId = randomUUID();
    const dtexec = this.o.dtexec?.() ?? null;
    if (dtexec) {
      const asProject = project.deploymentModel === 'Project' && this.o.buildIspac ? { dtprojPath: projectPath, packageName: basename(packagePath), build: this.o.buildIspac } : null;
      this.track(runId, (cancel) => this.runDtexec(runId, dtexec, packagePath, pkg, cancel, asProject));
      return ok({ runId, engine: 'dtexec' });
    }
    const connections = new SqlConnections(this.env, this.o.resolver ?? null);
    const host = createEngineHost(connections, password);
    const blocked = await findBlockers(pkg, new Set(host.tasks.keys()), project);
    if (blocked.length) return ok({ runId, engine: 'builtin', blocked });
    this.track(runId, async (cancel) => {
      const signal = new RunCancel();
      const batch = new OutputBatch((lines) => this.o.emit('run:output', { runId, lines }));
      cancel.push(() => signal.cancel());
      const engine = new PackageRun({
        pkg, displayPath: packagePath, project, host, signal,
        listener: {
          output: (line) => batch.add(line),
          node: (node) => {
            batch.flush();
            this.o.emit('run:progress', { runId, node });
          },
        },
      });
      try {
        const outcome = await engine.run();
        batch.flush();
        this.finish(runId, pkg, outcome);
      } finally {
        await connections.close();
      }
    });
    return ok({ runId, engine: 'builtin' });
  }

  async stop(runId: string): Promise<Result<{ stopping: boolean }>> {
    const run = this.runs.get(runId);
    if (!run) return ok({ stopping: false });
    run.cancel();
    return ok({ stopping: true });
  }

  /** Cancels every run and waits for them to end (app shutdown). */
  async close(): Promise<void> {
    for (const run of this.runs.values()) run.cancel();
    await Promise.allSettled([...this.runs.values()].map((r) => r.done));
  }

  /** Starts the work after the start reply has gone out, so no event precedes it. */
  private track(runId: string, work: (cancel: (() => void)[]) => Promise<void>): void {
    const cancels: (() => void)[] = [];
    const done = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => work(cancels))
      .catch((e) => {
        this.o.log?.(`runner: run ${runId} crashed: ${(e as Error).stack ?? e}`);
        this.runs.delete(runId);
        this.o.emit('run:output', { runId, lines: [`Error: ${(e as Error).message}`] });
        this.o.emit('run:finished', { runId, outcome: 'failure', exitCode: DTEXEC_EXIT.failure });
      })
      .finally(() => this.runs.delete(runId));
    this.runs.set(runId, { cancel: () => cancels.forEach((c) => c()), done });
  }

  private finish(runId: string, pkg: PackageDef, outcome: RunOutcome): void {
    const exitCode = outcome === 'success' ? DTEXEC_EXIT.success : outcome === 'cancelled' ? DTEXEC_EXIT.cancelled : DTEXEC_EXIT.failure;
    // Ended before anyone hears of it, so a Stop that follows run:finished answers stopping: false.
    this.runs.delete(runId);
    // Visual Studio's last Output line for a run.
    this.o.emit('run:output', { runId, lines: [`The program '[${process.pid}] ${pkg.name}: DTS' has exited with code ${exitCode} (0x${exitCode.toString(16)}).`] });
    this.o.emit('run:finished', { runId, outcome, exitCode });
  }

  private async runDtexec(runId: string, dtexec: string, packagePath: string, pkg: PackageDef, cancel: (() => void)[], asProject: { dtprojPath: string; packageName: string; build: (p: string) => Promise<Uint8Array> } | null): Promise<void> {
    const now = () => new Date().toISOString();
    const node: RunNode = { id: 'Package', parentId: null, path: '\\Package', name: pkg.root.name, kind: 'package', taskType: '', state: 'running', start: now(), end: null, messages: [] };
    this.o.emit('run:progress', { runId, node });
    let args = ['/FILE', packagePath];
    let temp: string | null = null;
    if (asProject) {
      try {
        temp = await mkdtemp(join(tmpdir(), 'ssisd-run-'));
        const ispac = join(temp, `${basename(asProject.dtprojPath).replace(/\.dtproj$/i, '')}.ispac`);
        await writeFile(ispac, await asProject.build(asProject.dtprojPath));
        args = ['/Project', ispac, '/Package', asProject.packageName];
      } catch (e) {
        if (temp) await rm(temp, { recursive: true, force: true });
        this.o.emit('run:output', { runId, lines: [`Error: The project could not be built for dtexec: ${(e as Error).message}`] });
        this.o.emit('run:progress', { runId, node: { ...node, state: 'failure', end: now() } });
        this.finish(runId, pkg, 'failure');
        return;
      }
    }
    try {
      await this.spawnDtexec(runId, dtexec, [...args, '/REPORTING', 'EWIP'], node, pkg, cancel);
    } finally {
      if (temp) await rm(temp, { recursive: true, force: true });
    }
  }

  private spawnDtexec(runId: string, dtexec: string, args: string[], node: RunNode, pkg: PackageDef, cancel: (() => void)[]): Promise<void> {
    const now = () => new Date().toISOString();
    return new Promise((resolve) => {
      let child: ChildProcess;
      let cancelled = false;
      try {
        child = spawn(dtexec, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
      } catch (e) {
        this.o.emit('run:output', { runId, lines: [`Error: dtexec could not be started: ${(e as Error).message}`] });
        this.finish(runId, pkg, 'failure');
        resolve();
        return;
      }
      cancel.push(() => {
        cancelled = true;
        child.kill();
      });
      let pending = '';
      const onData = (b: Buffer) => {
        pending += b.toString('utf8');
        const lines = pending.split(/\r?\n/);
        pending = lines.pop() ?? '';
        if (lines.length) this.o.emit('run:output', { runId, lines });
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.on('error', (e) => this.o.emit('run:output', { runId, lines: [`Error: dtexec could not be started: ${e.message}`] }));
      child.on('close', (code) => {
        if (pending) this.o.emit('run:output', { runId, lines: [pending] });
        const outcome: RunOutcome = cancelled || code === DTEXEC_EXIT.cancelled ? 'cancelled' : code === 0 ? 'success' : 'failure';
        this.o.emit('run:progress', { runId, node: { ...node, state: outcome === 'success' ? 'success' : outcome === 'cancelled' ? 'cancelled' : 'failure', end: now() } });
        this.finish(runId, pkg, outcome);
        resolve();
      });
    });
  }
}

/** Collects Output lines and sends them once per turn of the event loop: a busy run sends few, large events. */
class OutputBatch {
  private lines: string[] = [];
  private scheduled = false;

  constructor(private readonly send: (lines: string[]) => void) {}

  add(line: string): void {
    this.lines.push(line);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    if (!this.lines.length) return;
    const lines = this.lines;
    this.lines = [];
    this.send(lines);
  }
}
