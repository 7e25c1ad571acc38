/**
 * A small engine for protocol tests only (the real one is emulator/engine). It implements the
 * EngineInstance contract with a handful of test procedures whose results depend on their inputs, so
 * the tests prove values made the round trip:
 *   dbo.echo        — one result set echoing every parameter; OUTPUT params come back transformed
 *   dbo.blob_len    — @blob varbinary(max) → result (len int, sha256 nvarchar)
 *   dbo.sleep       — waits @ms, ending early when the request is cancelled
 *   dbo.fail        — ERROR 50001 (severity 16) after an INFO; return status 1
 *   dbo.sp_help_job — a 0-row result set with 10 columns (the shape of the real one)
 *   dbo.throws      — rejects (an engine bug), which the protocol layer must report as 50000
 * Anything else answers 2812. query() answers SELECT COUNT(*) FROM dbo.calls as a real row count.
 */
import { createHash } from 'node:crypto';
import type { EngineInstance, EngineOptions, Outcome, ProcParam, ResultSet, Session, SqlValue, TransactionHandle } from '../../engine/types.js';

export interface ProtocolEngineLog {
  readonly calls: { name: string; params: readonly ProcParam[]; database: string; inTransaction: boolean }[];
  readonly queries: { text: string; params: readonly ProcParam[] }[];
  readonly transactions: string[];
}

const ok = (o: Partial<Outcome> = {}): Outcome => ({ resultSets: [], messages: [], returnStatus: 0, outputs: {}, ...o });

function bareName(name: string): string {
  return (name.split('.').pop() ?? name).replace(/^\[|\]$/g, '').toLowerCase();
}

export function createProtocolEngine(log: ProtocolEngineLog = { calls: [], queries: [], transactions: [] }) {
  return async (options: EngineOptions): Promise<EngineInstance & { log: ProtocolEngineLog }> => {
    let nextDescriptor = 1n;
    const engine: EngineInstance & { log: ProtocolEngineLog } = {
      log,
      serverName: options.serverName,
      version: { product: '16.0.1000.6', major: 16, versionString: `Microsoft SQL Server 2022 (RTM) - 16.0.1000.6 (X64) — SQL Server Agent emulator (${options.serverName})` },
      authenticate(login, password) {
        if (login.toLowerCase() === 'sa' && password === options.saPassword) return { login: 'sa', roles: new Set(['sysadmin']) };
        const l = options.logins?.find((x) => x.name.toLowerCase() === login.toLowerCase() && x.password === password);
        return l ? { login: l.name, roles: new Set(l.roles) } : null;
      },
      async callProcedure(session: Session, name: string, params: readonly ProcParam[], signal: AbortSignal): Promise<Outcome> {
        log.calls.push({ name, params, database: session.database, inTransaction: session.transaction !== null });
        switch (bareName(name)) {
          case 'echo': {
            const rs: ResultSet = {
              columns: [
                { name: 'name', type: 'nvarchar', length: 128 },
                { name: 'value', type: 'nvarchar', length: -1 },
                { name: 'type', type: 'nvarchar', length: 32 },
              ],
              rows: params.map((p) => [p.name, show(p.value), p.type ?? null]),
            };
            const outputs: Record<string, SqlValue> = {};
            params.forEach((p, i) => {
              if (!p.output) return;
              const key = p.name ?? String(i);
              if (p.type === 'uniqueidentifier') outputs[key] = '6F9619FF-8B86-D011-B42D-00C04FC964FF';
              else if (typeof p.value === 'number') outputs[key] = p.value * 2;
              else if (typeof p.value === 'string') outputs[key] = p.value.toUpperCase();
              else outputs[key] = 42;
            });
            return ok({ resultSets: [rs], outputs, returnStatus: params.length });
          }
          case 'blob_len': {
            const blob = params.find((p) => p.name === 'blob' || p.name === null)?.value;
            const b = Buffer.isBuffer(blob) ? blob : Buffer.alloc(0);
            return ok({
              resultSets: [{ columns: [{ name: 'len', type: 'int' }, { name: 'sha256', type: 'nvarchar', length: 64 }], rows: [[b.length, createHash('sha256').update(b).digest('hex')]] }],
            });
          }
          case 'sleep': {
            const ms = Number(params.find((p) => p.name === 'ms' || p.name === null)?.value ?? 1000);
            await new Promise<void>((resolve) => {
              const t = setTimeout(resolve, ms);
              signal.addEventListener('abort', () => {
                clearTimeout(t);
                resolve();
              });
            });
            return ok({ messages: [{ number: 0, severity: 0, state: 1, message: signal.aborted ? 'aborted' : 'slept' }] });
          }
          case 'fail':
            return ok({
              returnStatus: 1,
              messages: [
                { number: 14243, severity: 0, state: 1, message: "Job 'x' started successfully." },
                { number: 50001, severity: 16, state: 2, message: 'The test procedure failed on purpose.', procName: 'fail', lineNumber: 7 },
              ],
            });
          case 'sp_help_job':
            return ok({
              resultSets: [
                {
                  columns: ['job_id', 'originating_server', 'name', 'enabled', 'description', 'start_step_id', 'category', 'owner', 'notify_level_eventlog', 'date_created'].map((n, i) => ({
                    name: n,
                    type: i === 0 ? ('uniqueidentifier' as const) : i === 3 || i === 5 || i === 8 ? ('int' as const) : i === 9 ? ('datetime' as const) : ('nvarchar' as const),
                    length: 128,
                  })),
                  rows: [],
                },
              ],
            });
          case 'all_types':
            // One column of every SqlType the contract has, so tedious (an independent decoder) checks the encoder.
            return ok({
              resultSets: [
                {
                  columns: [
                    { name: 'nv', type: 'nvarchar', length: 20 },
                    { name: 'nvmax', type: 'nvarchar', length: -1 },
                    { name: 'v', type: 'varchar', length: 20 },
                    { name: 'i', type: 'int' },
                    { name: 'big', type: 'bigint' },
                    { name: 'small', type: 'smallint' },
                    { name: 'tiny', type: 'tinyint' },
                    { name: 'b', type: 'bit' },
                    { name: 'g', type: 'uniqueidentifier' },
                    { name: 'bin', type: 'varbinary', length: 16 },
                    { name: 'binmax', type: 'varbinary', length: -1 },
                    { name: 'dt', type: 'datetime' },
                    { name: 'dt2', type: 'datetime2', scale: 7 },
                    { name: 'dto', type: 'datetimeoffset', scale: 7 },
                    { name: 'f', type: 'float' },
                    { name: 'd', type: 'decimal', precision: 18, scale: 4 },
                    { name: 'nul', type: 'int', nullable: true },
                  ],
                  rows: [
                    [
                      'Grüße',
                      'ä'.repeat(9000),
                      'plain',
                      -2147483648,
                      9007199254740993n,
                      -32768,
                      255,
                      true,
                      '6F9619FF-8B86-D011-B42D-00C04FC964FF',
                      Buffer.from([0, 1, 0xfe]),
                      Buffer.alloc(100_000, 7),
                      new Date(Date.UTC(2024, 1, 29, 23, 59, 59, 997)),
                      new Date(Date.UTC(1, 0, 1)),
                      new Date(Date.UTC(2024, 5, 1, 12, 0, 0, 123)),
                      -1.5e-300,
                      -1234567890.1234,
                      null,
                    ],
                  ],
                },
              ],
            });
          case 'throws':
            throw new Error('deliberate engine bug');
          default:
            return ok({ returnStatus: 1, messages: [{ number: 2812, severity: 16, state: 62, message: `Could not find stored procedure '${name}'.` }] });
        }
      },
      async query(_session, text, params) {
        log.queries.push({ text, params });
        if (/^select\s+count\(\*\)\s+from\s+dbo\.calls$/i.test(text.trim())) {
          return ok({ resultSets: [{ columns: [{ name: 'n', type: 'int' }], rows: [[log.calls.length]] }] });
        }
        return ok({ returnStatus: 1, messages: [{ number: 50000, severity: 16, state: 1, message: `'${text.slice(0, 40)}' is not supported by the SQL Server Agent emulator.` }] });
      },
      async begin(session): Promise<TransactionHandle> {
        log.transactions.push(`begin ${session.login}`);
        return { descriptor: nextDescriptor++ };
      },
      async commit() {
        log.transactions.push('commit');
      },
      async rollback() {
        log.transactions.push('rollback');
      },
      async close() {},
    };
    return engine;
  };
}

function show(v: SqlValue): string | null {
  if (v === null) return null;
  if (Buffer.isBuffer(v)) return `0x${v.toString('hex')}`;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}
