/**
 * Handles one logged-in request message (RPC, SQL batch, transaction manager) and returns the complete
 * reply payload. ProtocolError propagates (the connection closes); everything else becomes SQL errors.
 */
import type { EngineInstance, Outcome, ProcParam, Session, SqlValue } from '../engine/types.js';
import { ProtocolError, UnsupportedError } from '../tds/bytes.js';
import { MAX_LENGTH_MARKER, TypeId } from '../tds/data-types/type-ids.js';
import { isPlp, sqlTypeOf, type WireType } from '../tds/data-types/wire-type.js';
import { PacketStatus, PacketType } from '../tds/packet.js';
import { EMULATOR_ERROR, errorText, ResponseBuilder } from '../tds/response.js';
import { parseRpc, ProcId, type RpcCall, type RpcLimits, type RpcParam } from '../tds/rpc.js';
import { parseSqlBatch } from '../tds/sql-batch.js';
import { CurCmd, DoneStatus } from '../tds/tokens/done.js';
import { EnvChangeType, writeEnvChangeBytes } from '../tds/tokens/envchange.js';
import { parseTransactionManager } from '../tds/transaction-manager.js';
import type { ConnectionState, ExecutionContext } from '../tsql/context.js';
import { SqlRuntimeError } from '../tsql/errors.js';
import { executeText, outputValue, reachesEngine, RequestAborted, throwIfAborted } from '../tsql/execute.js';
import { isSpExecuteSql, runSpExecuteSql } from '../tsql/sp-executesql.js';
import { beginTransaction, commitTransaction, rollbackTransaction } from '../tsql/transactions.js';

export interface RequestEnv {
  readonly engine: EngineInstance;
  readonly session: Session;
  readonly signal: AbortSignal;
  readonly connection: ConnectionState;
  readonly limits: RpcLimits;
  /** The login database, restored by RESETCONNECTION. */
  readonly loginDatabase: string;
}

/** RESETCONNECTION asks for a fresh session; without SKIP_TRAN it also rolls back an open transaction. */
export type Reset = 'none' | 'reset' | 'reset-keep-transaction';

/** A parsed request, so the connection can decide (fault injection) before running it. */
export type ParsedRequest =
  | { readonly kind: 'batch'; readonly text: string; readonly reset: Reset }
  | { readonly kind: 'rpc'; readonly calls: readonly RpcCall[]; readonly reset: Reset }
  | { readonly kind: 'tm'; readonly request: ReturnType<typeof parseTransactionManager>; readonly reset: Reset }
  | { readonly kind: 'unsupported'; readonly message: string; readonly reset: Reset };

export function parseRequest(type: number, payload: Buffer, firstStatus: number, limits: RpcLimits): ParsedRequest {
  const reset: Reset =
    firstStatus & PacketStatus.RESET_CONNECTION_SKIP_TRAN ? 'reset-keep-transaction' : firstStatus & PacketStatus.RESET_CONNECTION ? 'reset' : 'none';
  try {
    switch (type) {
      case PacketType.SQL_BATCH:
        return { kind: 'batch', text: parseSqlBatch(payload).text, reset };
      case PacketType.RPC:
        return { kind: 'rpc', calls: parseRpc(payload, limits).calls, reset };
      case PacketType.TRANSACTION_MANAGER:
        return { kind: 'tm', request: parseTransactionManager(payload), reset };
      default:
        throw new ProtocolError(`unexpected packet type 0x${type.toString(16)} after login`);
    }
  } catch (e) {
    if (e instanceof UnsupportedError) return { kind: 'unsupported', message: e.message, reset };
    throw e;
  }
}

/** Whether the request reaches the engine (counted by drop-after fault injection). */
export function countsAsEngineRequest(req: ParsedRequest): boolean {
  switch (req.kind) {
    case 'batch':
      return reachesEngine(req.text);
    case 'rpc':
      return req.calls.some((c) => {
        if (c.procId === ProcId.ExecuteSql || (c.name !== null && isSpExecuteSql(c.name))) {
          const stmt = c.params[0]?.value;
          return typeof stmt === 'string' && reachesEngine(stmt);
        }
        return true;
      });
    case 'tm':
      return true;
    case 'unsupported':
      return false;
  }
}

export async function runRequest(req: ParsedRequest, env: RequestEnv): Promise<Buffer> {
  const out = new ResponseBuilder(env.engine.serverName);
  if (req.reset !== 'none') {
    if (req.reset === 'reset' && env.session.transaction) {
      await rollbackTransaction({ engine: env.engine, session: env.session, out, connection: env.connection });
    }
    env.session.database = env.loginDatabase;
    writeEnvChangeBytes(out.w, EnvChangeType.RESET_CONNECTION, Buffer.alloc(0), Buffer.alloc(0));
  }
  switch (req.kind) {
    case 'unsupported':
      out.error(EMULATOR_ERROR, req.message);
      out.done('done', DoneStatus.FINAL);
      break;
    case 'batch': {
      const ctx = context(env, out, 'batch');
      await executeText(req.text, ctx);
      throwIfAborted(env.signal);
      out.done('done', DoneStatus.FINAL);
      break;
    }
    case 'rpc':
      for (let i = 0; i < req.calls.length; i++) {
        await runCall(req.calls[i]!, env, out, i === req.calls.length - 1);
      }
      break;
    case 'tm': {
      const target = { engine: env.engine, session: env.session, out, connection: env.connection };
      try {
        const r = req.request;
        if (r.kind === 'begin') await beginTransaction(target);
        else if (r.kind === 'commit') {
          await commitTransaction(target);
          if (r.beginNew) await beginTransaction(target);
        } else if (r.kind === 'rollback') {
          await rollbackTransaction(target);
          if (r.beginNew) await beginTransaction(target);
        } else throw new SqlRuntimeError(EMULATOR_ERROR, 'SAVE TRANSACTION is not supported by the SQL Server Agent emulator.');
      } catch (e) {
        throwIfAborted(env.signal);
        if (e instanceof SqlRuntimeError) out.error(e.number, e.message, e.severity, e.state);
        else out.error(EMULATOR_ERROR, `The SQL Server Agent emulator failed: ${errorText(e)}`);
      }
      throwIfAborted(env.signal);
      out.done('done', DoneStatus.FINAL);
      break;
    }
  }
  return Buffer.from(out.toBuffer());
}

function context(env: RequestEnv, out: ResponseBuilder, mode: 'batch' | 'rpc'): ExecutionContext {
  return { engine: env.engine, session: env.session, signal: env.signal, out, mode, vars: new Map(), connection: env.connection, lastError: 0, rowCount: 0 };
}

function toProcParam(p: RpcParam): ProcParam {
  const name = p.name === '' ? null : p.name.replace(/^@/, '').toLowerCase();
  if (p.table) return { name, value: null, output: false, table: p.table };
  return { name, value: p.value, output: p.output, type: sqlTypeOf(p.type) };
}

async function runCall(call: RpcCall, env: RequestEnv, out: ResponseBuilder, last: boolean): Promise<void> {
  const params = call.params.map(toProcParam);
  let outcome: Outcome | null = null;
  try {
    if (call.procId === ProcId.ExecuteSql || (call.name !== null && isSpExecuteSql(call.name))) {
      outcome = await runSpExecuteSql(params, context(env, out, 'rpc'));
    } else if (call.procId !== null) {
      throw new SqlRuntimeError(EMULATOR_ERROR, `System procedure id ${call.procId} (sp_prepare/sp_execute/cursors) is not supported by the SQL Server Agent emulator.`);
    } else {
      outcome = await env.engine.callProcedure(env.session, call.name!, params, env.signal);
      throwIfAborted(env.signal);
      for (const rs of outcome.resultSets) out.resultSet(rs, 'doneinproc');
      out.messages(outcome.messages);
    }
  } catch (e) {
    if (e instanceof RequestAborted) throw e;
    throwIfAborted(env.signal);
    if (e instanceof SqlRuntimeError) out.error(e.number, e.message, e.severity, e.state);
    else out.error(EMULATOR_ERROR, `The SQL Server Agent emulator failed: ${errorText(e)}`);
    outcome = null;
  }
  out.returnStatus(outcome ? outcome.returnStatus : 1);
  call.params.forEach((p, i) => {
    if (!p.output) return;
    const name = p.name === '' ? null : p.name.replace(/^@/, '').toLowerCase();
    const hit = outcome ? outputValue(outcome.outputs, name, i) : { found: false, value: null };
    const value = hit.found ? hit.value : p.value;
    const fitted = fitOutput(p.type, value);
    out.returnValue(i, p.name, fitted.type, fitted.value);
  });
  out.done('doneproc', last ? DoneStatus.FINAL : DoneStatus.MORE, CurCmd.EXECUTE);
}

/**
 * SQL Server truncates an OUTPUT value to the parameter's declared size; do the same so a too-long value
 * never produces bytes that contradict the TYPE_INFO.
 */
function fitOutput(type: WireType, value: SqlValue): { type: WireType; value: SqlValue } {
  if (value === null || isPlp(type) || type.length === MAX_LENGTH_MARKER) return { type, value };
  if ((type.id === TypeId.NVARCHAR || type.id === TypeId.NCHAR) && typeof value === 'string' && value.length * 2 > type.length) {
    return { type, value: value.slice(0, Math.floor(type.length / 2)) };
  }
  if ((type.id === TypeId.BIGVARCHAR || type.id === TypeId.BIGCHAR) && typeof value === 'string' && value.length > type.length) {
    return { type, value: value.slice(0, type.length) };
  }
  if ((type.id === TypeId.BIGVARBINARY || type.id === TypeId.BIGBINARY) && Buffer.isBuffer(value) && value.length > type.length) {
    return { type, value: value.subarray(0, type.length) };
  }
  return { type, value };
}
