/**
 * On each package in the Solution Explorer: the servers it is assigned to, each marked deployed, out of date
 * (changed since), failed or not deployed yet. The same words go into the row's accessible description.
 */
import { useMemo } from 'react';
import type { AssignmentView } from '../../../shared/contract/deploy.js';
import type { DeployStatus } from '../../../shared/model/deploy.js';
import { useApp } from '../../store/context.js';

const NONE: readonly AssignmentView[] = [];

const STATUS_WORDS: Record<DeployStatus, string> = {
  deployed: 'deployed',
  'out-of-date': 'out of date',
  failed: 'failed',
  'not-deployed': 'not deployed',
};

const STATUS_MARKS: Record<DeployStatus, string> = {
  deployed: '✓',
  'out-of-date': '*',
  failed: '✕',
  'not-deployed': '○',
};

/** The assignments of one package (by project path and file name, case-insensitive as the file system of SSIS). */
export function usePackageAssignments(projectPath: string | undefined, packageName: string | undefined): readonly AssignmentView[] {
  const project = useApp((s) => (projectPath ? s.assignments[projectPath] : undefined));
  return useMemo(() => {
    if (!project || !packageName) return NONE;
    const name = packageName.toLowerCase();
    const list = project.assignments.filter((a) => a.packageName.toLowerCase() === name);
    return list.length ? list : NONE;
  }, [project, packageName]);
}

/** "SRV1: deployed, SRV2: out of date" (plus "not registered" for a server missing from the Servers pane). */
export function assignmentsText(list: readonly AssignmentView[]): string | undefined {
  if (list.length === 0) return undefined;
  return `Servers: ${list.map((a) => `${a.server}: ${STATUS_WORDS[a.status]}${a.serverId === null ? ' (not registered)' : ''}`).join(', ')}`;
}

function title(a: AssignmentView): string {
  const failure = a.state.failure;
  const lines = [`${a.server}: ${STATUS_WORDS[a.status]}`];
  if (a.serverId === null) lines.push('No registered server has this name.');
  if (failure) lines.push(`${failure.sqlErrorNumber !== null ? `SQL Server error ${failure.sqlErrorNumber}: ` : ''}${failure.message}`);
  else if (a.state.deployed) lines.push(`Last deployed ${a.state.deployed.at}${a.state.deployed.jobName ? `, job '${a.state.deployed.jobName}'` : ''}`);
  return lines.join('\n');
}

export function PackageBadges({ projectPath, packageName }: { projectPath: string; packageName: string }) {
  const list = usePackageAssignments(projectPath, packageName);
  if (list.length === 0) return null;
  return (
    <span className="pkg-servers" aria-hidden="true">
      {list.map((a) => (
        <span key={a.id} className={`pkg-server ${a.status}`} title={title(a)} data-server={a.server} data-status={a.status}>
          {`${a.server} ${STATUS_MARKS[a.status]}`}
        </span>
      ))}
    </span>
  );
}
