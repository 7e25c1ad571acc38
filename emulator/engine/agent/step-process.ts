/**
 * Runs one CmdExec or SSIS step as a child process through /bin/sh -c. A CmdExec step's command is the shell
 * text; an SSIS step passes the configured dtexec command as the text and the step's arguments (already split
 * with the Windows rules DTExec.exe sees) as "$@", so the shell never parses them.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ProcessResult {
  readonly exitCode: number | null;
  readonly output: string;
  readonly error: string | null;
  readonly killed: boolean;
}

const MAX_OUTPUT = 64 * 1024;

export class StepProcess {
  private child: ChildProcess | null = null;
  private killed = false;

  run(commandLine: string, env: Record<string, string>, cwd: string, args: readonly string[] = []): Promise<ProcessResult> {
    return new Promise((resolve) => {
      let output = '';
      const append = (b: Buffer) => {
        if (output.length < MAX_OUTPUT) output += b.toString('utf8');
      };
      let child: ChildProcess;
      try {
        child = spawn('/bin/sh', ['-c', commandLine, 'sh', ...args], { cwd, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (e) {
        resolve({ exitCode: null, output: '', error: (e as Error).message, killed: false });
        return;
      }
      this.child = child;
      child.stdout?.on('data', append);
      child.stderr?.on('data', append);
      child.on('error', (e) => resolve({ exitCode: null, output, error: e.message, killed: this.killed }));
      child.on('close', (code) => {
        this.child = null;
        resolve({ exitCode: code, output: output.slice(0, MAX_OUTPUT), error: null, killed: this.killed });
      });
    });
  }

  /** Kills the whole process group (the shell and what it started), as the Agent kills CmdExec steps. */
  kill(): void {
    this.killed = true;
    const c = this.child;
    if (!c || c.pid === undefined) return;
    try {
      process.kill(-c.pid, 'SIGKILL');
    } catch {
      c.kill('SIGKILL');
    }
  }
}
