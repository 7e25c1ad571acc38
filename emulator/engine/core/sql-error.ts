/** A SQL Server error raised inside a procedure: the engine turns it into an ERROR message and return 1. */
export class SqlError extends Error {
  override readonly name = 'SqlError';
  /** Keep what the procedure wrote before raising (SSISDB keeps a failed operation and its messages). */
  keepChanges = false;
  constructor(
    readonly number: number,
    message: string,
    readonly severity = 16,
    readonly state = 1,
    readonly procName?: string,
  ) {
    super(message);
  }
}

/** Formats a message the way RAISERROR fills %s / %d / %ld / %ls / %I64d placeholders, in order. */
export function format(template: string, ...args: readonly (string | number | bigint)[]): string {
  let i = 0;
  return template.replace(/%(?:I64d|ls|ld|s|d)/g, () => String(args[i++] ?? ''));
}

/** Builds a SqlError from a catalog entry (number + template). */
export function raise(number: number, template: string, args: readonly (string | number | bigint)[], procName?: string, severity = 16, state = 1): SqlError {
  return new SqlError(number, format(template, ...args), severity, state, procName);
}
