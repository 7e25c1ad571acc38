/**
 * Errors cross every boundary (IPC, WebSocket, CLI) as values, never as thrown exceptions.
 * `code` is machine-readable; `message` is what a person reads; `details` carries what they need to act
 * (file, server, SQL Server error number ...).
 */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'PARSE_ERROR'
  | 'IO_ERROR'
  | 'INVALID_ARGUMENT'
  | 'CONFLICT'
  | 'UNSUPPORTED'
  | 'LOCKED'
  | 'BAD_PASSWORD'
  | 'ALREADY_EXISTS'
  | 'SQL_ERROR'
  | 'CONNECTION_ERROR'
  | 'CANCELLED'
  | 'INTERNAL';

export interface AppError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string, details?: Record<string, unknown>): Result<T> {
  return { ok: false, error: details ? { code, message, details } : { code, message } };
}

/** Thrown inside a service to abort with a specific AppError; caught at the boundary and turned into a value. */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppFailure';
  }
  toError(): AppError {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

/** Turns anything thrown into an AppError; unknown exceptions become INTERNAL with their message. */
/** Runs `work` and answers its value, or what it threw as an AppError: the boundary of every service method. */
export async function resultOf<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await work());
  } catch (e) {
    return { ok: false, error: toAppError(e) };
  }
}

export function toAppError(e: unknown): AppError {
  if (e instanceof AppFailure) return e.toError();
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message };
}
