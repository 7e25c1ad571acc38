/**
 * `ssisd-emulator`: starts the emulated SQL Servers named by --listen and runs until SIGINT/SIGTERM.
 * Prints one "NAME listening on HOST:PORT" line per server on stdout (scripts wait for those lines);
 * warnings and errors go to stderr. Exit codes: 0 stopped cleanly, 1 could not start, 2 bad arguments.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs, USAGE, UsageError } from './cli-args.js';
import type { CreateEngine } from './engine/types.js';
import { startEmulator, type RunningEmulator } from './start.js';

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Resolves when the emulator should stop. The default waits for SIGINT or SIGTERM; a second signal
   * while stopping exits at once.
   */
  readonly stopRequested?: () => Promise<string>;
  /** Tests substitute their own engine; the real one is loaded otherwise. */
  readonly createEngine?: CreateEngine;
  /** Called once the servers listen (tests connect to them). */
  readonly onStarted?: (emulator: RunningEmulator) => void;
}

const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
};

function waitForSignal(io: CliIo): Promise<string> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        io.err(`${signal} again: exiting without waiting`);
        process.exit(130);
      }
      stopping = true;
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export async function main(argv: readonly string[] = process.argv.slice(2), io: CliIo = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(argv, io.env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`ssisd-emulator: ${e.message}`);
    io.err('Run ssisd-emulator --help for usage.');
    return 2;
  }
  if (parsed.kind === 'help') {
    io.out(USAGE);
    return 0;
  }
  for (const w of parsed.warnings) io.err(w);

  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({
      ...parsed.options,
      ...(io.createEngine ? { createEngine: io.createEngine } : {}),
      ...(parsed.verbose ? { log: (line: string) => io.err(line) } : {}),
    });
  } catch (e) {
    io.err(`ssisd-emulator: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  for (const s of emulator.servers) io.out(`${s.name} listening on ${s.host.includes(':') ? `[${s.host}]` : s.host}:${s.port}`);
  io.onStarted?.(emulator);

  const signal = await (io.stopRequested ?? (() => waitForSignal(io)))();
  io.err(`${signal}: stopping`);
  await emulator.close();
  io.err('stopped');
  return 0;
}

/** Run directly (`node out/emulator/cli.js ...`); bin/ssisd-emulator.js imports main instead. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`ssisd-emulator: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
