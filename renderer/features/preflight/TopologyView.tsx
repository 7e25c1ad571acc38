/**
 * Topology: each parent → the jobs its wired tasks start → the servers they run on → the child packages, as a
 * picture. While the parent runs in the app, each job lights up with its task's state (running, succeeded,
 * failed), so a failing child shows red at a glance.
 */
import { useApp } from '../../store/context.js';
import type { Topology, TopologyLink } from '../../../shared/contract/preflight.js';
import type { RunNodeState } from '../../../shared/contract/runs.js';
import type { Loaded } from './preflightSlice.js';

const STATE_WORD: Readonly<Record<RunNodeState | 'idle', string>> = {
  idle: 'not running',
  pending: 'waiting',
  running: 'running',
  success: 'succeeded',
  failure: 'failed',
  cancelled: 'canceled',
  skipped: 'skipped',
};

function useTaskStates(projectPath: string, parent: string): ReadonlyMap<string, RunNodeState> {
  const run = useApp((s) => s.run);
  const states = new Map<string, RunNodeState>();
  if (!run || run.ref.projectPath !== projectPath || run.ref.packageName.toLowerCase() !== parent.toLowerCase()) return states;
  for (const n of Object.values(run.nodes)) states.set(n.name.toLowerCase(), n.state);
  return states;
}

function Link({ link, state }: { link: TopologyLink; state: RunNodeState | 'idle' }) {
  const word = STATE_WORD[state];
  return (
    <li className={`topology-link ${state}`} data-state={state} aria-label={`Job ${link.jobName ?? '?'} on ${link.server ?? '?'} runs ${link.childPackage ?? 'an unassigned package'}: ${word}`}>
      <span className="topology-arrow" aria-hidden="true">
        {link.mode === 'wait' ? '⇄' : '→'}
      </span>
      <span className="topology-node job" title={link.mode === 'wait' ? 'Start and wait' : 'Start only'}>
        Job {link.jobName ?? '?'}
      </span>
      <span className="topology-arrow" aria-hidden="true">
        →
      </span>
      <span className="topology-node server">{link.server ?? '?'}</span>
      <span className="topology-arrow" aria-hidden="true">
        →
      </span>
      <span className="topology-node child">{link.childPackage ?? 'no assignment has this job'}</span>
      <span className="topology-state">{word}</span>
    </li>
  );
}

function Parent({ projectPath, parent }: { projectPath: string; parent: Topology['parents'][number] }) {
  const states = useTaskStates(projectPath, parent.packageName);
  const anyFailed = parent.links.some((l) => states.get(l.taskName.toLowerCase()) === 'failure');
  return (
    <section className={`topology-parent${anyFailed ? ' failure' : ''}`} aria-label={`Topology of ${parent.packageName}`}>
      <div className="topology-node parent">
        {parent.packageName} <span className="topology-order">({parent.order === 'sequence' ? 'in sequence' : 'in parallel'})</span>
      </div>
      <ul className="topology-links">
        {parent.links.map((l) => (
          <Link key={l.taskName} link={l} state={states.get(l.taskName.toLowerCase()) ?? 'idle'} />
        ))}
      </ul>
    </section>
  );
}

export function TopologyView({ path, load }: { path: string; load: Loaded<Topology> }) {
  const name = path.split(/[\\/]/).pop()!.replace(/\.dtproj$/i, '');
  if (load.state === 'loading') return <p role="status">{name}: reading the wiring…</p>;
  if (load.state === 'error') return <p role="alert" className="field-error">{`${name}: ${load.error.message}`}</p>;
  const t = load.value;
  return (
    <div className="topology">
      <h3 className="preflight-project">{name}</h3>
      {t.parents.length === 0 ? <p className="preflight-note">No parent is wired yet: use Wire Child Jobs... on the Entry-point package.</p> : null}
      {t.parents.map((p) => (
        <Parent key={p.packageName} projectPath={path} parent={p} />
      ))}
      {t.unwired.length > 0 ? (
        <p className="preflight-note">
          Jobs no parent starts: {t.unwired.map((u) => `${u.jobName} on ${u.server}`).join(', ')}
        </p>
      ) : null}
    </div>
  );
}
