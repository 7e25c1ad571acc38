/**
 * On each package in the Solution Explorer: the servers it is assigned to, each marked deployed, out of date
 * (changed since), failed or not deployed yet. The same words go into the row's accessible description.
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
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

const keyOf = (projectPath: string, packageName: string) => `${projectPath}\n${packageName.toLowerCase()}`;

/**
 * Every package's assignments, indexed once per change of the store's assignments, so that the tree's rows
 * (mounted by the dozen on every scrolled frame) look theirs up instead of each subscribing to the store.
 */
const AssignmentIndex = createContext<ReadonlyMap<string, readonly AssignmentView[]>>(new Map());

export function AssignmentIndexProvider({ children }: { children: ReactNode }) {
  const assignments = useApp((s) => s.assignments);
  const index = useMemo(() => {
    const map = new Map<string, AssignmentView[]>();
    for (const [projectPath, project] of Object.entries(assignments)) {
      for (const a of project?.assignments ?? []) {
        const key = keyOf(projectPath, a.packageName);
        const list = map.get(key);
        if (list) list.push(a);
        else map.set(key, [a]);
      }
    }
    return map;
  }, [assignments]);
  return <AssignmentIndex.Provider value={index}>{children}</AssignmentIndex.Provider>;
}

/** The assignments of one package (by project path and file name, case-insensitive as the file system of SSIS). */
export function usePackageAssignments(projectPath: string | undefined, packageName: string | undefined): readonly AssignmentView[] {
  const index = useContext(AssignmentIndex);
  if (!projectPath || !packageName) return NONE;
  return index.get(keyOf(projectPath, packageName)) ?? NONE;
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
  // The message may already name the error number (as the Output line does); it is not said twice.
  if (failure) lines.push(`${failure.sqlErrorNumber !== null && !failure.message.includes(String(failure.sqlErrorNumber)) ? `SQL Server error ${failure.sqlErrorNumber}: ` : ''}${failure.message}`);
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
