/** A package run in the SSIS catalog (catalog.create_execution / start_execution), as catalog.executions tells it. */

/** catalog.executions.status: 1 created, 2 running, 3 canceled, 4 failed, 5 pending, 6 ended unexpectedly, 7 succeeded, 8 stopping, 9 completed. */
export type CatalogExecutionStatus = 'created' | 'running' | 'canceled' | 'failed' | 'pending' | 'ended unexpectedly' | 'succeeded' | 'stopping' | 'completed';

const STATUS_CODES: readonly CatalogExecutionStatus[] = ['created', 'running', 'canceled', 'failed', 'pending', 'ended unexpectedly', 'succeeded', 'stopping', 'completed'];

export function catalogExecutionStatus(code: number): CatalogExecutionStatus {
  return STATUS_CODES[code - 1] ?? 'ended unexpectedly';
}

/** The words SSMS's Active Operations and reports use: "Succeeded", "Ended unexpectedly", ... */
export function executionStatusWord(status: CatalogExecutionStatus): string {
  return status.charAt(0).toUpperCase() + status.slice(1);
}

/** The statuses after which nothing changes any more. */
export function executionFinished(status: CatalogExecutionStatus): boolean {
  return status === 'canceled' || status === 'failed' || status === 'ended unexpectedly' || status === 'succeeded' || status === 'completed';
}

export interface CatalogMessage {
  /** The server's local time, as it stored it (ISO, with its offset). */
  readonly time: string | null;
  /** catalog.operation_messages.message_type: 120 error, 110 warning, 70 information, ... */
  readonly type: number;
  readonly text: string;
}

export interface CatalogExecution {
  readonly serverId: string;
  readonly executionId: number;
  readonly folder: string;
  readonly project: string;
  readonly packageName: string;
  readonly status: CatalogExecutionStatus;
  readonly startTime: string | null;
  readonly endTime: string | null;
  /** Oldest first, at most the last 500. */
  readonly messages: readonly CatalogMessage[];
}
