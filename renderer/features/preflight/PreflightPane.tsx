/**
 * The Preflight pane: "Findings" lists, per project, what would fail under SQL Server Agent (severity, package,
 * server, a plain explanation and the one-click fix); "Differences" is Compare with Servers, one row per
 * assignment with a Deploy button where the server no longer matches the solution; "Topology" pictures the
 * wiring with live state during a run.
 */
import { useEffect } from 'react';
import { Icon } from '../../components/icons.js';
import { useApp, useAppStore } from '../../store/context.js';
import type { DriftCell, DriftReport, PreflightResult } from '../../../shared/contract/preflight.js';
import type { Finding } from '../../../shared/preflight/types.js';
import type { Loaded } from './preflightSlice.js';
import { TopologyView } from './TopologyView.js';
import './preflight.css';

const SEVERITY_WORD = { error: 'Error', warning: 'Warning', info: 'Message' } as const;
const CHECK_WORD = { version: 'Package version', job: 'Job', step: 'Job step', proxy: 'Run as' } as const;
const STATE_WORD = { ok: 'OK', differs: 'Differs', missing: 'Missing', unknown: 'Unknown' } as const;

function projectName(path: string): string {
  return path.split(/[\\/]/).pop()!.replace(/\.dtproj$/i, '');
}

function FindingRow({ projectPath, f }: { projectPath: string; f: Finding }) {
  const store = useAppStore();
  return (
    <tr className={`finding ${f.severity}`} data-rule={f.rule}>
      <td className="severity-cell">
        <Icon name={f.severity} className="severity" />
        {SEVERITY_WORD[f.severity]}
      </td>
      <td>{f.packageName}</td>
      <td>{f.server}</td>
      <td>
        <div className="finding-title">{f.title}</div>
        <div className="finding-explanation">{f.explanation}</div>
      </td>
      <td>
        {f.fix ? (
          <button type="button" onClick={() => void store.getState().applyFix(projectPath, f)}>
            {f.fix.label}
          </button>
        ) : null}
      </td>
    </tr>
  );
}

function Findings({ path, load }: { path: string; load: Loaded<PreflightResult> }) {
  if (load.state === 'loading') return <p role="status">{projectName(path)}: checking…</p>;
  if (load.state === 'error') return <p role="alert" className="field-error">{`${projectName(path)}: ${load.error.message}`}</p>;
  const r = load.value;
  const c = r.report.counts;
  return (
    <section aria-label={`Findings for ${r.projectName}`}>
      <h3 className="preflight-project">
        {r.projectName}: {c.error} error{c.error === 1 ? '' : 's'}, {c.warning} warning{c.warning === 1 ? '' : 's'}, {c.info} message{c.info === 1 ? '' : 's'}
      </h3>
      {r.servers
        .filter((s) => !s.reachable)
        .map((s) => (
          <p key={s.server} className="preflight-note">
            {s.server} could not be checked: {s.error}
          </p>
        ))}
      {r.report.findings.length === 0 ? (
        <p className="preflight-note">{r.servers.length === 0 ? 'No package of this project is assigned to a server yet.' : 'Nothing found that would fail under SQL Server Agent.'}</p>
      ) : (
        <table className="preflight-table">
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Package</th>
              <th scope="col">Server</th>
              <th scope="col">Description</th>
              <th scope="col">Fix</th>
            </tr>
          </thead>
          <tbody>
            {r.report.findings.map((f) => (
              <FindingRow key={f.key} projectPath={r.projectPath} f={f} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Cell({ cell }: { cell: DriftCell | undefined }) {
  if (!cell) return <td className="drift-cell none">—</td>;
  return (
    <td className={`drift-cell ${cell.state}`} title={cell.detail}>
      <div>{STATE_WORD[cell.state]}</div>
      {cell.state === 'ok' ? null : <div className="drift-detail">{cell.detail}</div>}
    </td>
  );
}

function Differences({ path, load }: { path: string; load: Loaded<DriftReport> }) {
  const store = useAppStore();
  if (load.state === 'loading') return <p role="status">{projectName(path)}: comparing…</p>;
  if (load.state === 'error') return <p role="alert" className="field-error">{`${projectName(path)}: ${load.error.message}`}</p>;
  const d = load.value;
  const differing = d.rows.filter((r) => !r.inSync);
  return (
    <section aria-label={`Differences for ${projectName(path)}`}>
      <h3 className="preflight-project">
        {projectName(path)}: {d.differences} difference{d.differences === 1 ? '' : 's'}
        {differing.length > 0 ? (
          <button
            type="button"
            onClick={async () => {
              await store.getState().deployAssignments([path], differing.map((r) => r.assignmentId));
            }}
          >
            Deploy
          </button>
        ) : null}
      </h3>
      {d.rows.length === 0 ? (
        <p className="preflight-note">No package of this project is assigned to a server yet.</p>
      ) : (
        <table className="preflight-table">
          <thead>
            <tr>
              <th scope="col">Package</th>
              <th scope="col">Server</th>
              {(['version', 'job', 'step', 'proxy'] as const).map((c) => (
                <th key={c} scope="col">
                  {CHECK_WORD[c]}
                </th>
              ))}
              <th scope="col">Fix</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.assignmentId} className={r.inSync ? 'in-sync' : 'differs'}>
                <td>{r.packageName}</td>
                <td>{r.server}</td>
                {(['version', 'job', 'step', 'proxy'] as const).map((c) => (
                  <Cell key={c} cell={r.cells.find((x) => x.check === c)} />
                ))}
                <td>
                  {r.inSync ? null : (
                    <button type="button" onClick={() => void store.getState().deployAssignments([path], [r.assignmentId])}>
                      Deploy
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function PreflightPane() {
  const store = useAppStore();
  const tab = useApp((s) => s.preflightPane);
  // Packages dropped on a server and Deploy All start a deploy run: check the assigned packages at the same
  // moment, and open the pane only when something is found.
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        // A deploy that finished while the differences show: compare again, so fixed rows turn OK.
        if (s.deployRun?.summary && !prev.deployRun?.summary && s.preflightPane === 'drift') void s.compareWithServers(Object.keys(s.driftResults));
        if (!s.deployRun || prev.deployRun) return;
        const paths = Object.values(s.assignments).filter((a) => a.assignments.length > 0).map((a) => a.projectPath);
        if (paths.length > 0) void s.runPreflight(paths, { onlyIfFound: true });
      }),
    [store],
  );
  const results = useApp((s) => s.preflightResults);
  const drift = useApp((s) => s.driftResults);
  const topologies = useApp((s) => s.topologies);
  if (!tab) return null;
  return (
    <section className="preflight-pane" aria-label="Preflight">
      <div className="preflight-header">
        <h2 className="pane-title">Preflight</h2>
        <div role="tablist" aria-label="Preflight views">
          <button type="button" role="tab" aria-selected={tab === 'findings'} onClick={() => store.getState().showPreflightPane('findings')}>
            Findings
          </button>
          <button type="button" role="tab" aria-selected={tab === 'drift'} onClick={() => void store.getState().compareWithServers()}>
            Compare with Servers
          </button>
          <button type="button" role="tab" aria-selected={tab === 'topology'} onClick={() => void store.getState().showTopology()}>
            Topology
          </button>
        </div>
        <button type="button" onClick={() => void (tab === 'findings' ? store.getState().runPreflight() : tab === 'drift' ? store.getState().compareWithServers() : store.getState().showTopology())}>
          Refresh
        </button>
        <button type="button" className="dismiss" aria-label="Close Preflight" title="Close" onClick={() => store.getState().showPreflightPane(null)}>
          ×
        </button>
      </div>
      <div role="tabpanel" className="preflight-body">
        {tab === 'findings'
          ? Object.entries(results).map(([p, l]) => <Findings key={p} path={p} load={l} />)
          : tab === 'drift'
            ? Object.entries(drift).map(([p, l]) => <Differences key={p} path={p} load={l} />)
            : Object.entries(topologies).map(([p, l]) => <TopologyView key={p} path={p} load={l} />)}
      </div>
    </section>
  );
}
