/**
 * The local emulated SQL Servers of a first run. `npm start` starts them (scripts/start.mjs) and hands their
 * addresses and sa password to the app in SSISD_LOCAL_EMULATORS; the app registers them in the Servers pane for
 * this session. The variable is removed from the environment as soon as it is read, so no child process (a
 * package run, dtexec) inherits the password, and the password is never written anywhere.
 */
import { pathToFileURL } from 'node:url';
import type { ServersService, LocalEmulatorEndpoint } from '../services/servers/index.js';

export const LOCAL_EMULATORS_ENV = 'SSISD_LOCAL_EMULATORS';

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

/** Reads and removes SSISD_LOCAL_EMULATORS; null when absent or not what start.mjs writes. */
export function takeLocalEmulatorsFromEnv(env: NodeJS.ProcessEnv = process.env): LocalEmulators | null {
  const raw = env[LOCAL_EMULATORS_ENV];
  delete env[LOCAL_EMULATORS_ENV];
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as { servers?: unknown; password?: unknown };
    if (typeof parsed.password !== 'string' || !Array.isArray(parsed.servers) || !parsed.servers.every(isEndpoint)) return null;
    return { servers: parsed.servers, password: parsed.password };
  } catch {
    return null;
  }
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
