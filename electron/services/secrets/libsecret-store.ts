/**
 * Secrets in the desktop keyring through libsecret's `secret-tool` (Linux CLI and servers without Electron).
 * The secret goes through stdin only, never on a command line, where other users could read it.
 */
import { execFile, spawn } from 'node:child_process';
import { AppFailure } from '../../../shared/result.js';
import { checkKey, type SecretStore } from './secret-store.js';

const SERVICE = 'ssis-designer';

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export class LibsecretSecretStore implements SecretStore {
  readonly kind = 'libsecret' as const;
  readonly persistent = true;

  constructor(private readonly command = 'secret-tool') {}

  /**
   * True when `secret-tool` exists and reaches a keyring: a lookup of a key that is never stored answers
   * exit 1 with nothing on stderr; no D-Bus session or no keyring daemon shows up as text on stderr.
   */
  static async available(command = 'secret-tool'): Promise<boolean> {
    return new Promise((resolve) => {
      execFile(command, ['lookup', 'service', SERVICE, 'key', 'availability-probe'], { timeout: 5000 }, (error, _stdout, stderr) => {
        if (error && typeof (error as NodeJS.ErrnoException).code === 'string') return resolve(false); // ENOENT, EACCES
        if (error && error.killed) return resolve(false); // hung on D-Bus
        resolve(String(stderr).trim() === '');
      });
    });
  }

  async get(key: string): Promise<string | null> {
    checkKey(key);
    const r = await this.run(['lookup', 'service', SERVICE, 'key', key]);
    // lookup exits 1 with no output when nothing is stored.
    if (r.code !== 0) {
      if (r.stderr.trim() === '') return null;
      throw this.failure('read', r);
    }
    return r.stdout;
  }

  async set(key: string, value: string): Promise<void> {
    checkKey(key);
    const r = await this.run(['store', `--label=SSIS Designer ${key}`, 'service', SERVICE, 'key', key], value);
    if (r.code !== 0) throw this.failure('save', r);
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    const r = await this.run(['clear', 'service', SERVICE, 'key', key]);
    if (r.code !== 0 && r.stderr.trim() !== '') throw this.failure('delete', r);
  }

  private failure(verb: string, r: RunResult): AppFailure {
    // stderr of secret-tool never contains the secret (it is only ever on stdin).
    return new AppFailure('IO_ERROR', `Cannot ${verb} the password in the keyring (secret-tool exit ${r.code}): ${r.stderr.trim().slice(0, 300)}`);
  }

  private run(args: string[], input?: string): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new AppFailure('UNSUPPORTED', `The keyring tool ${this.command} cannot be started: ${e.message}`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      // A command that exits without reading stdin (lookup, clear) must not crash us with EPIPE.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input ?? '');
    });
  }
}
