/**
 * Starts one or more emulated SQL Server instances (the API tests and e2e use; the CLI wraps it).
 * Each instance gets its own engine (its own msdb/SSISDB state) and its own TCP listener.
 */
import { join } from 'node:path';
import { DEV_SA_PASSWORD } from './dev-password.js';
import type { CreateEngine, EngineInstance, LoginConfig } from './engine/types.js';
import { certificateFor, preloginContext, strictContext } from './server/certificate.js';
import { DEFAULT_LIMITS, type ConnectionLimits, type TlsMode } from './server/options.js';
import { TdsServer } from './server/server.js';

/** For scripts that want the CLI's default dtexec (this repository's ssisd exec) in startEmulator. */
export { defaultDtexecCommand } from './default-dtexec.js';

export interface EmulatorServerConfig {
  /** @@SERVERNAME of the instance (e.g. SRV1 or HOST\INSTANCE). */
  readonly name: string;
  /** Default 127.0.0.1. Any 127.0.0.x works on Linux without setup. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
}

export interface StartEmulatorOptions {
  readonly servers: readonly EmulatorServerConfig[];
  /** Persist state under dataDir/<NAME>/; in memory when omitted. */
  readonly dataDir?: string;
  /** Defaults to the documented development password (DEV_SA_PASSWORD). */
  readonly saPassword?: string;
  /**
   * 'off': no encryption offered (clients that require it still get full TLS, like SQL Server with its
   * self-signed certificate); 'on' (default): encryption offered, login-only TLS for clients that don't
   * require it; 'strict': TDS 8 only (TLS first, ALPN tds/8.0). TDS 8 is accepted in every mode.
   */
  readonly tls?: TlsMode;
  readonly dtexec?: string | null;
  readonly agent?: 'running' | 'stopped';
  readonly logins?: readonly LoginConfig[];
  readonly allowSqlLoginsForCatalog?: boolean;
  /** Delay before every request (ms). */
  readonly latencyMs?: number;
  /** Per instance: close the connection instead of answering once N requests have reached the engine. */
  readonly dropAfter?: number;
  /** Replaces the real engine (emulator/engine); protocol tests pass a small one of their own. */
  readonly createEngine?: CreateEngine;
  /** Length and count limits on untrusted input (defaults: DEFAULT_LIMITS). */
  readonly limits?: Partial<ConnectionLimits>;
  readonly log?: (line: string) => void;
}

export interface RunningServer {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  /** The instance certificate (PEM): pass it as the client's CA to validate TLS. */
  readonly certificatePem: string;
}

export interface RunningEmulator {
  readonly servers: readonly RunningServer[];
  close(): Promise<void>;
}

function listenProblem(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'EADDRINUSE') return 'the port is already in use';
  if (code === 'EADDRNOTAVAIL') return 'the address is not available on this machine';
  if (code === 'EACCES') return 'permission denied (ports below 1024 need privileges)';
  return e instanceof Error ? e.message : String(e);
}

function checkOptions(opts: StartEmulatorOptions): void {
  if (opts.servers.length === 0) throw new Error('startEmulator: no servers given');
  const names = new Set<string>();
  for (const s of opts.servers) {
    if (!s.name.trim()) throw new Error('startEmulator: a server has an empty name');
    if (s.name.length > 128) throw new Error(`startEmulator: server name ${s.name.slice(0, 20)}... is longer than 128 characters`);
    const key = s.name.toLowerCase();
    if (names.has(key)) throw new Error(`startEmulator: server name ${s.name} is used twice`);
    names.add(key);
    if (s.port !== undefined && (!Number.isInteger(s.port) || s.port < 0 || s.port > 65535)) {
      throw new Error(`startEmulator: ${s.name}: port ${s.port} is not a TCP port (0-65535)`);
    }
  }
  if (opts.latencyMs !== undefined && !(opts.latencyMs >= 0)) throw new Error('startEmulator: latencyMs must be 0 or more');
  if (opts.dropAfter !== undefined && !(Number.isInteger(opts.dropAfter) && opts.dropAfter >= 0)) {
    throw new Error('startEmulator: dropAfter must be a whole number, 0 or more');
  }
}

export async function startEmulator(opts: StartEmulatorOptions): Promise<RunningEmulator> {
  checkOptions(opts);
  const createEngine = opts.createEngine ?? (await import('./default-engine.js')).createEngine;
  const tls = opts.tls ?? 'on';
  const cert = await certificateFor(opts.servers.map((s) => s.host ?? '127.0.0.1'));
  const prelogin = preloginContext(cert);
  const strict = strictContext(cert);

  const engines: EngineInstance[] = [];
  const listeners: TdsServer[] = [];
  const running: RunningServer[] = [];
  const closeAll = async () => {
    await Promise.allSettled(listeners.map((l) => l.close()));
    await Promise.allSettled(engines.map((e) => e.close()));
  };
  try {
    for (const s of opts.servers) {
      const engine = await createEngine({
        serverName: s.name,
        saPassword: opts.saPassword ?? DEV_SA_PASSWORD,
        logins: opts.logins,
        dataDir: opts.dataDir ? join(opts.dataDir, s.name.replace(/[\\/:*?"<>|]/g, '_')) : null,
        agent: opts.agent ?? 'running',
        dtexec: opts.dtexec ?? null,
        allowSqlLoginsForCatalog: opts.allowSqlLoginsForCatalog ?? false,
        log: opts.log,
      });
      engines.push(engine);
      const server = new TdsServer({
        engine,
        tls,
        preloginTls: prelogin,
        strictTls: strict,
        faults: { latencyMs: opts.latencyMs ?? 0, dropAfter: opts.dropAfter ?? null },
        limits: { ...DEFAULT_LIMITS, ...opts.limits },
        log: opts.log,
      });
      listeners.push(server);
      const host = s.host ?? '127.0.0.1';
      const port = s.port ?? 0;
      const addr = await server.listen(host, port).catch((e: unknown) => {
        throw new Error(`${s.name}: cannot listen on ${host}:${port}: ${listenProblem(e)}`, { cause: e });
      });
      engine.setListenAddress?.(addr.host, addr.port);
      running.push({ name: s.name, host: addr.host, port: addr.port, certificatePem: cert.certPem });
    }
  } catch (e) {
    await closeAll();
    throw e;
  }
  let closed: Promise<void> | null = null;
  return {
    servers: running,
    close: () => (closed ??= closeAll()),
  };
}
