/** Shorthands for declaring msdb / SSISDB procedures and who may execute them. */
import type { ParamSpec, ProcCall, ProcDef } from '../core/procedure.js';
import { agentLevel, hasRole, isSysadmin } from '../core/security.js';
import type { Session } from '../types.js';

interface Decl {
  readonly name: string;
  readonly writes: boolean;
  readonly params: readonly ParamSpec[];
  readonly roles?: (s: Session) => boolean;
  run(call: ProcCall): void | Promise<void>;
}

export function msdbProc(d: Decl): ProcDef {
  return { database: 'msdb', schema: 'dbo', name: d.name, params: d.params, writes: d.writes, ...(d.roles ? { allowed: d.roles } : {}), run: d.run };
}

export function catalogProc(d: Decl): ProcDef {
  return { database: 'SSISDB', schema: 'catalog', name: d.name, params: d.params, writes: d.writes, ...(d.roles ? { allowed: d.roles } : {}), run: d.run };
}

/** EXECUTE granted to SQLAgentUserRole (and so to the Reader and Operator roles that contain it). */
export const AGENT_ROLES = (s: Session): boolean => agentLevel(s) !== null;
export const SYSADMIN_ONLY = (s: Session): boolean => isSysadmin(s);
export const OPERATOR_OR_SYSADMIN = (s: Session): boolean => {
  const l = agentLevel(s);
  return l === 'sysadmin' || l === 'operator';
};
/** EXECUTE on the sp_ssis_* procedures is granted to the three SSIS package roles. */
export const SSIS_ROLES = (s: Session): boolean =>
  isSysadmin(s) || hasRole(s, 'db_ssisadmin') || hasRole(s, 'db_ssisltduser') || hasRole(s, 'db_ssisoperator');
