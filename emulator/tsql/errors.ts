/** A T-SQL runtime error with SQL Server's number and severity; the statement fails, the batch goes on. */
export class SqlRuntimeError extends Error {
  override readonly name = 'SqlRuntimeError';
  constructor(
    readonly number: number,
    message: string,
    readonly severity = 16,
    readonly state = 1,
  ) {
    super(message);
  }
}

/** The suffix every "we don't do that" message carries, so users know it's the emulator, not their SQL. */
export const NOT_SUPPORTED = 'is not supported by the SQL Server Agent emulator';
