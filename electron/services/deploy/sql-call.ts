/** Calling a documented procedure as RPC and insisting on its return code (0 = success), as SSMS scripts do. */
import type sql from 'mssql';

class ReturnCodeError extends Error {
  constructor(
    readonly procedure: string,
    readonly returnValue: number,
  ) {
    super(`${procedure} returned ${returnValue} without an error message.`);
    this.name = 'ReturnCodeError';
  }
}

export async function exec<T = Record<string, unknown>>(req: sql.Request, procedure: string): Promise<sql.IProcedureResult<T>> {
  const r = await req.execute<T>(procedure);
  if (typeof r.returnValue === 'number' && r.returnValue !== 0) throw new ReturnCodeError(procedure, r.returnValue);
  return r;
}
