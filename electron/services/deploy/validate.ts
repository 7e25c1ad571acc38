/** Checks what the drop dialog (or `ssisd assign`) sends before anything is saved. Errors name the field. */
import type { DeployTarget, JobSettings } from '../../../shared/model/deploy.js';
import { AppFailure } from '../../../shared/result.js';
import { msdbFolderSegments } from './msdb-store.js';

const SYSNAME = 128;

function name(value: unknown, field: string, label: string): string {
  const v = typeof value === 'string' ? value.trim() : '';
  if (!v) throw new AppFailure('INVALID_ARGUMENT', `Give the ${label}.`, { field });
  if (v.length > SYSNAME) throw new AppFailure('INVALID_ARGUMENT', `The ${label} is longer than ${SYSNAME} characters.`, { field });
  return v;
}

/** Accepts the contract's loose object ({kind, folder?, project?, path?, copyTo?}) and returns the exact union. */
export function validateTarget(t: { kind: string; folder?: string; project?: string; path?: string; copyTo?: string | null }): DeployTarget {
  switch (t.kind) {
    case 'catalog':
      return { kind: 'catalog', folder: name(t.folder, 'target.folder', 'catalog folder'), project: name(t.project, 'target.project', 'catalog project') };
    case 'msdb': {
      const folder = typeof t.folder === 'string' ? t.folder : '';
      const parts = msdbFolderSegments(folder);
      parts.forEach((p) => name(p, 'target.folder', 'msdb folder name'));
      return { kind: 'msdb', folder: parts.join('\\') };
    }
    case 'file': {
      const path = typeof t.path === 'string' ? t.path.trim() : '';
      if (!path) throw new AppFailure('INVALID_ARGUMENT', 'Give the folder as the server sees it.', { field: 'target.path' });
      const copyTo = typeof t.copyTo === 'string' && t.copyTo.trim() ? t.copyTo.trim() : null;
      return { kind: 'file', path, copyTo };
    }
    default:
      throw new AppFailure('INVALID_ARGUMENT', 'The target must be the SSIS catalog, msdb or the file system.', { field: 'target.kind' });
  }
}

/** SQL Server's own rules for a job name (sp_add_job: sysname, no '%'). */
export function validateJob(job: JobSettings): JobSettings {
  const jobName = job.name.trim();
  if (job.createJob) {
    name(jobName, 'job.name', 'job name');
    if (jobName.includes('%')) throw new AppFailure('INVALID_ARGUMENT', "A SQL Server Agent job name cannot contain '%'.", { field: 'job.name' });
  }
  const description = job.description?.trim() ? job.description : null;
  if (description && description.length > 512) throw new AppFailure('INVALID_ARGUMENT', 'The job description is longer than 512 characters.', { field: 'job.description' });
  const owner = job.owner?.trim() ? name(job.owner, 'job.owner', 'job owner') : null;
  const proxy = job.proxy?.trim() ? name(job.proxy, 'job.proxy', 'proxy name') : null;
  return { createJob: job.createJob, name: jobName, description, owner, proxy, use32bit: job.use32bit };
}
