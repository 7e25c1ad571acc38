/**
 * The local emulated SQL Servers of a first run. `npm start` starts them (scripts/start.mjs) while the app boots,
 * then hands their addresses and sa password to the app as one JSON line on its standard input (never on the
 * command line or in the environment, where other processes could read it); the app registers them in the
 * Servers pane for this session. The password is never written anywhere.
 */
import type { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { ServersService, LocalEmulatorEndpoint } from '../services/servers/index.js';

/** Set to 1 by start.mjs: one JSON line with the emulators follows on standard input. */
export const LOCAL_EMULATORS_STDIN_ENV = 'SSISD_LOCAL_EMULATORS_STDIN';
/** How long the app waits for that line (the emulators start in well under a second). */
const HANDOFF_TIMEOUT_MS = 60_000;

export interface LocalEmulators {
  readonly servers: readonly LocalEmulatorEndpoint[];
  readonly password: string;
}

/** The addresses the first run uses: two loopback addresses, so each emulator looks like its own machine. */
export const LOCAL_EMULATOR_HOSTS: readonly (readonly [name: string, host: string])[] = [
  ['SRV1', '127.0.0.2'],
  ['SRV2', '127.0.0.3'],
];

function isEndpoint(v: unknown): v is LocalEmulatorEndpoint {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return typeof e.name === 'string' && typeof e.host === 'string' && Number.isInteger(e.port) && (e.port as number) > 0 && (e.port as number) < 65536;
}

/** The line start.mjs writes; null when it is not that (or says no emulators started). */
export function parseLocalEmulators(line: string): LocalEmulators | null {
  try {
    const parsed = JSON.parse(line) as { servers?: unknown; password?: unknown };
    if (typeof parsed.password !== 'string' || !Array.isArray(parsed.servers) || parsed.servers.length === 0 || !parsed.servers.every(isEndpoint)) return null;
    return { servers: parsed.servers, password: parsed.password };
  } catch {
    return null;
  }
}

/**
 * The emulators handed over on standard input, when start.mjs said it would (the flag is removed from the
 * environment at once); null otherwise, when the line is not valid, or when none comes in time.
 */
export function readLocalEmulators(input: Readable = process.stdin, env: NodeJS.ProcessEnv = process.env): Promise<LocalEmulators | null> {
  if (env[LOCAL_EMULATORS_STDIN_ENV] !== '1') return Promise.resolve(null);
  delete env[LOCAL_EMULATORS_STDIN_ENV];
  return new Promise((resolve) => {
    let text = '';
    const done = (value: LocalEmulators | null) => {
      clearTimeout(timer);
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onEnd);
      input.pause();
      resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      const nl = text.indexOf('\n');
      if (nl >= 0) done(parseLocalEmulators(text.slice(0, nl)));
      else if (text.length > 64 * 1024) done(null);
    };
    const onEnd = () => done(text ? parseLocalEmulators(text) : null);
    const timer = setTimeout(() => done(null), HANDOFF_TIMEOUT_MS);
    timer.unref();
    input.on('data', onData);
    input.on('end', onEnd);
    input.on('error', onEnd);
  });
}

/** Registers each emulator; answers one line per server that could not be registered. */
export async function registerLocalEmulators(servers: ServersService, emulators: LocalEmulators): Promise<string[]> {
  const problems: string[] = [];
  for (const endpoint of emulators.servers) {
    const r = await servers.registerLocalEmulator(endpoint, emulators.password);
    if (!r.ok) problems.push(`The local emulator ${endpoint.name} could not be registered: ${r.error.message}`);
  }
  return problems;
}

interface EmulatorModule {
  startEmulator(options: { servers: { name: string; host: string; port: number }[]; saPassword?: string }): Promise<{
    servers: readonly { name: string; host: string; port: number }[];
    close(): Promise<void>;
  }>;
}

export interface StartedLocalEmulators extends LocalEmulators {
  close(): Promise<void>;
}

/**
 * Starts the two local emulators in this process (Servers → Start Local Emulators in the desktop app). The
 * emulator is loaded from its own bundle next to the app's at run time: the app never compiles against it.
 * Where 127.0.0.2/.3 do not exist (macOS without aliases), both listen on 127.0.0.1 on their own ports.
 */
export async function startLocalEmulators(emulatorBundle: string, password: string): Promise<StartedLocalEmulators> {
  const mod = (await import(pathToFileURL(emulatorBundle).href)) as EmulatorModule;
  const on = (loopbackOnly: boolean) => LOCAL_EMULATOR_HOSTS.map(([name, host]) => ({ name, host: loopbackOnly ? '127.0.0.1' : host, port: 0 }));
  let running;
  try {
    running = await mod.startEmulator({ servers: on(false), saPassword: password });
  } catch (e) {
    if ((e as Error).message?.includes('not available')) running = await mod.startEmulator({ servers: on(true), saPassword: password });
    else throw e;
  }
  return { servers: running.servers.map((s) => ({ name: s.name, host: s.host, port: s.port })), password, close: () => running.close() };
}
