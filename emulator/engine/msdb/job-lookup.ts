/**
 * sp_verify_job_identifiers: finds the job named by @job_name or @job_id among the jobs the caller may
 * see (SQLAgentUserRole sees only its own), with SQL Server's 14294 / 14262 / 14293.
 */
import type { ProcCall } from '../core/procedure.js';
import { agentLevel, isSysadmin, sameLogin } from '../core/security.js';
import { raise, SqlError } from '../core/sql-error.js';
import type { Job } from '../state/model.js';
import type { Session } from '../types.js';

const VERIFY = 'sp_verify_job_identifiers';

export function visibleJobs(jobs: readonly Job[], session: Session): Job[] {
  const level = agentLevel(session);
  if (level === 'sysadmin' || level === 'operator' || level === 'reader') return [...jobs];
  return jobs.filter((j) => sameLogin(j.owner, session.login));
}

export function findJobByName(jobs: readonly Job[], name: string): Job[] {
  const want = name.trim().toLowerCase();
  return jobs.filter((j) => j.name.toLowerCase() === want);
}

/** Resolves @job_id / @job_name (exactly one) to a visible job. */
export function verifyJob(call: ProcCall, opts: { idParam?: string; nameParam?: string; allowNeither?: false } = {}): Job {
  const idParam = opts.idParam ?? 'job_id';
  const nameParam = opts.nameParam ?? 'job_name';
  const id = call.args.get(idParam) as string | null;
  const rawName = call.args.get(nameParam) as string | null;
  const name = rawName === null ? null : rawName.trim() || null;
  if ((id === null) === (name === null)) {
    throw raise(14294, 'Supply either %s or %s to identify the job.', [`@${idParam}`, `@${nameParam}`], VERIFY);
  }
  const jobs = visibleJobs(call.ctx.store.state.jobs, call.session);
  if (id !== null) {
    const job = jobs.find((j) => j.job_id === id);
    if (!job) throw raise(14262, "The specified %s ('%s') does not exist.", [`@${idParam}`, id], VERIFY);
    return job;
  }
  const found = findJobByName(jobs, name!);
  if (found.length === 0) throw raise(14262, "The specified %s ('%s') does not exist.", [`@${nameParam}`, name!], VERIFY);
  if (found.length > 1) {
    throw raise(14293, "There are two or more jobs named '%s'. Specify %s instead of %s to uniquely identify the job.", [name!, `@${idParam}`, `@${nameParam}`], VERIFY);
  }
  return found[0]!;
}

/** Only the owner or sysadmin may change a job (14525). */
export function requireOwnerOrSysadmin(call: ProcCall, job: Job): void {
  if (!isSysadmin(call.session) && !sameLogin(job.owner, call.session.login)) {
    throw new SqlError(14525, 'Only members of sysadmin role are allowed to update or delete jobs owned by a different login.', 16, 1, call.procName);
  }
}

export function touch(job: Job, now: Date): void {
  job.date_modified = now.toISOString();
  job.version_number++;
}
