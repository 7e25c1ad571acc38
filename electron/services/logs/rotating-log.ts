/**
 * The app's log: <userData>/logs/ssisd.log, one timestamped line per entry, secrets scrubbed (redact.ts).
 * When the file passes maxBytes it becomes ssisd.1.log (the older ones shift to .2, .3, ...) and the oldest
 * beyond `keep` is deleted. Writes are synchronous so the last lines before a crash are on disk; a log that
 * cannot be written never stops the app.
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { redact } from './redact.js';

export type LogLevel = 'info' | 'warn' | 'error';

export interface RotatingLogOptions {
  /** The folder of the log files (created when missing). */
  readonly dir: string;
  readonly baseName?: string;
  readonly maxBytes?: number;
  /** Rotated files kept besides the current one. */
  readonly keep?: number;
  /** Also copy each line (already scrubbed) here, e.g. to stderr. */
  readonly echo?: (line: string) => void;
  readonly now?: () => Date;
}

/** Longest line kept; a runaway message (a whole file in an error) is cut. */
const MAX_LINE = 16_384;

export class RotatingLog {
  readonly dir: string;
  readonly file: string;
  private readonly baseName: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly secrets = new Set<string>();
  private size: number;
  private broken = false;

  constructor(private readonly opts: RotatingLogOptions) {
    this.dir = opts.dir;
    this.baseName = opts.baseName ?? 'ssisd';
    this.file = join(this.dir, `${this.baseName}.log`);
    this.maxBytes = opts.maxBytes ?? 1024 * 1024;
    this.keep = opts.keep ?? 3;
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      this.size = statSync(this.file).size;
    } catch {
      this.size = 0;
    }
  }

  /** A value that must never appear in the log (the host token, a password held for the session). */
  addSecret(value: string): void {
    if (value) this.secrets.add(value);
  }

  info(message: string): void {
    this.write('info', message);
  }

  warn(message: string): void {
    this.write('warn', message);
  }

  error(message: string): void {
    this.write('error', message);
  }

  /** The scrubbed form of a message, as it would be written. */
  scrub(message: string): string {
    return redact(message, this.secrets);
  }

  write(level: LogLevel, message: string): void {
    const clean = this.scrub(message.length > MAX_LINE ? `${message.slice(0, MAX_LINE)}… (cut)` : message);
    this.opts.echo?.(clean);
    if (this.broken) return;
    const stamp = (this.opts.now?.() ?? new Date()).toISOString();
    const line = `${stamp} ${level.toUpperCase().padEnd(5)} ${clean.replace(/\r?\n/g, '\n    ')}\n`;
    try {
      const bytes = Buffer.byteLength(line);
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
      appendFileSync(this.file, line, { mode: 0o600 });
      this.size += bytes;
    } catch {
      // A full disk or a read-only folder: keep running without the file.
      this.broken = true;
    }
  }

  private rotate(): void {
    const name = (i: number) => join(this.dir, `${this.baseName}.${i}.log`);
    rmSync(name(this.keep), { force: true });
    for (let i = this.keep - 1; i >= 1; i--) {
      try {
        renameSync(name(i), name(i + 1));
      } catch {
        // That generation does not exist yet.
      }
    }
    renameSync(this.file, name(1));
    this.size = 0;
  }
}
