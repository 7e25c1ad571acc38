/**
 * BEGIN/COMMIT/ROLLBACK, shared by T-SQL statements and TDS transaction manager requests: the engine
 * opens or ends the transaction, the session records it, and the reply carries ENVCHANGE 8/9/10 so the
 * client learns the transaction descriptor it must send in later ALL_HEADERS.
 */
import type { EngineInstance, Session } from '../engine/types.js';
import type { ResponseBuilder } from '../tds/response.js';
import type { ConnectionState } from './context.js';
import { SqlRuntimeError } from './errors.js';

export interface TransactionTarget {
  readonly engine: EngineInstance;
  readonly session: Session;
  readonly out: ResponseBuilder;
  readonly connection: ConnectionState;
}

export async function beginTransaction(t: TransactionTarget): Promise<void> {
  if (t.session.transaction) {
    // Nested BEGIN TRAN only raises @@TRANCOUNT, as in SQL Server.
    t.connection.tranCount++;
    return;
  }
  const handle = await t.engine.begin(t.session);
  t.session.transaction = handle;
  t.connection.tranCount = 1;
  t.out.beginTransaction(handle.descriptor);
}

export async function commitTransaction(t: TransactionTarget): Promise<void> {
  const handle = t.session.transaction;
  if (!handle) throw new SqlRuntimeError(3902, 'The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION.');
  if (t.connection.tranCount > 1) {
    t.connection.tranCount--;
    return;
  }
  await t.engine.commit(t.session);
  t.session.transaction = null;
  t.connection.tranCount = 0;
  t.out.endTransaction('commit', handle.descriptor);
}

export async function rollbackTransaction(t: TransactionTarget): Promise<void> {
  const handle = t.session.transaction;
  if (!handle) throw new SqlRuntimeError(3903, 'The ROLLBACK TRANSACTION request has no corresponding BEGIN TRANSACTION.');
  await t.engine.rollback(t.session);
  t.session.transaction = null;
  t.connection.tranCount = 0;
  t.out.endTransaction('rollback', handle.descriptor);
}
