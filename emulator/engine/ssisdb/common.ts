/** Rules every catalog.* procedure applies first (27123 for SQL logins, 27138 for NULL inputs). */
import type { ProcCall } from '../core/procedure.js';
import { hasRole, isSysadmin } from '../core/security.js';
import { SqlError } from '../core/sql-error.js';
import type { Session } from '../types.js';

export function requireWindowsLogin(call: ProcCall): void {
  if (call.session.isSqlLogin && !call.ctx.options.allowSqlLoginsForCatalog) {
    throw new SqlError(27123, 'The operation cannot be started by an account that uses SQL Server Authentication. Start the operation with an account that uses Integrated Authentication.', 16, 1, call.procName);
  }
}

export function requireArgs(call: ProcCall, ...names: string[]): void {
  for (const n of names) {
    if (call.args.get(n) === null) throw new SqlError(27138, 'The input parameter cannot be null. Provide a valid value for the parameter.', 16, 1, call.procName);
  }
}

export function isSsisAdmin(s: Session): boolean {
  return isSysadmin(s) || hasRole(s, 'ssis_admin');
}

/** internal.is_valid_name: no leading/trailing blanks and none of the characters SSISDB refuses. */
export function isValidName(name: string): boolean {
  return name.length > 0 && name.trim() === name && !/[\\/:*?"<>|%;]/.test(name);
}
