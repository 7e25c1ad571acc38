/** Role checks as SQL Server makes them (server role sysadmin; msdb and SSISDB database roles). */
import type { Session } from '../types.js';
import { SqlError } from './sql-error.js';

export function hasRole(session: Pick<Session, 'roles'>, role: string): boolean {
  const want = role.toLowerCase();
  for (const r of session.roles) if (r.toLowerCase() === want) return true;
  return false;
}

export function isSysadmin(session: Pick<Session, 'roles' | 'login'>): boolean {
  return session.login.toLowerCase() === 'sa' || hasRole(session, 'sysadmin');
}

/** The Agent roles nest: OperatorRole ⊃ ReaderRole ⊃ UserRole. */
export function agentLevel(session: Pick<Session, 'roles' | 'login'>): 'sysadmin' | 'operator' | 'reader' | 'user' | null {
  if (isSysadmin(session)) return 'sysadmin';
  if (hasRole(session, 'SQLAgentOperatorRole')) return 'operator';
  if (hasRole(session, 'SQLAgentReaderRole')) return 'reader';
  if (hasRole(session, 'SQLAgentUserRole')) return 'user';
  return null;
}

export function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Msg 229: what a caller without EXECUTE permission on the procedure gets. */
export function executeDenied(proc: string, database: string, schema: string): SqlError {
  return new SqlError(229, `The EXECUTE permission was denied on the object '${proc}', database '${database}', schema '${schema}'.`, 14, 5);
}

/** A fake but stable SID for a login name (varbinary(85) columns such as ownersid, user_sid). */
export function sidOf(login: string): Buffer {
  if (login.toLowerCase() === 'sa') return Buffer.from([1]);
  const h = Buffer.alloc(16);
  Buffer.from(login.toLowerCase(), 'utf16le').forEach((b, i) => {
    h[i % 16] = (h[i % 16]! * 31 + b) & 0xff;
  });
  return h;
}
