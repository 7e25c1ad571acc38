/** Starts an emulator with the protocol test engine and opens mssql pools against it. */
import sql from 'mssql';
import { startEmulator, type RunningEmulator, type StartEmulatorOptions } from '../../start.js';
import { createProtocolEngine, type ProtocolEngineLog } from './protocol-engine.js';

export const SA_PASSWORD = 'Test#Pass1';

export interface Harness {
  readonly emu: RunningEmulator;
  readonly port: number;
  readonly host: string;
  readonly cert: string;
  readonly log: ProtocolEngineLog;
  /** Errors the pools emitted outside any request (late socket errors after a drop). */
  readonly poolErrors: readonly Error[];
  pool(extra?: Partial<sql.config>, options?: sql.config['options']): Promise<sql.ConnectionPool>;
  close(): Promise<void>;
}

export async function startHarness(opts: Partial<StartEmulatorOptions> = {}): Promise<Harness> {
  const log: ProtocolEngineLog = { calls: [], queries: [], transactions: [] };
  const emu = await startEmulator({ servers: [{ name: 'SRV1' }], saPassword: SA_PASSWORD, createEngine: createProtocolEngine(log), ...opts });
  const s = emu.servers[0]!;
  const pools: sql.ConnectionPool[] = [];
  const poolErrors: Error[] = [];
  return {
    emu,
    port: s.port,
    host: s.host,
    cert: s.certificatePem,
    log,
    poolErrors,
    async pool(extra = {}, options = { encrypt: false }) {
      const p = new sql.ConnectionPool({
        server: s.host,
        port: s.port,
        user: 'sa',
        password: SA_PASSWORD,
        database: 'msdb',
        options,
        pool: { max: 4, min: 0 },
        connectionTimeout: 5000,
        requestTimeout: 10_000,
        ...extra,
      });
      // When the server drops a connection mid-request, tedious re-emits a late socket error on the
      // pool ("No event 'socketError' in state 'Final'"); an app must listen for pool errors, so do we.
      p.on('error', (e: Error) => poolErrors.push(e));
      pools.push(p);
      await p.connect();
      return p;
    },
    async close() {
      await Promise.allSettled(pools.map((p) => p.close()));
      await emu.close();
    },
  };
}
