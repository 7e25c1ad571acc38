/**
 * The window: a toolbar, the error bar, the Solution Explorer and Servers panes side by side with the Output
 * pane below them (resizable splitters), and the dialogs.
 */
import { useEffect, useState } from 'react';
import { ErrorBar } from './components/ErrorBar.js';
import { Splitter } from './components/Splitter.js';
import { Dialogs } from './features/solution-explorer/dialogs/Dialogs.js';
import { openSolution } from './features/solution-explorer/actions.js';
import { SolutionExplorer } from './features/solution-explorer/SolutionExplorer.js';
import { OutputPane } from './features/output/OutputPane.js';
import { JobDialogs } from './features/runs/JobDialogs.js';
import { ProgressPane } from './features/runs/ProgressPane.js';
import { RunCommands } from './features/runs/RunCommands.js';
import { BuildDialogs } from './features/build/BuildDialogs.js';
import { DeployDialogs } from './features/deploy/DeployDialogs.js';
import { PreflightDialogs } from './features/preflight/PreflightDialogs.js';
import { PreflightPane } from './features/preflight/PreflightPane.js';
import { ServersPane } from './features/servers/ServersPane.js';
import { AboutDialog } from './features/shell/AboutDialog.js';
import { ShellMenus } from './features/shell/ShellMenus.js';
import { useApp, useAppStore } from './store/context.js';
import './layout.css';

/** Why Deploy All and Compare with Servers are greyed out. */
const NOTHING_ASSIGNED = 'No package is assigned to a server yet: drag a child package onto a server in the Servers pane.';

export function App({ fallbackHeight }: { fallbackHeight?: number }) {
  const store = useAppStore();
  const loaded = useApp((s) => s.loaded);
  const theme = useApp((s) => s.theme);
  const busy = useApp((s) => s.busy > 0);
  const view = useApp((s) => s.view);
  const hasAssignments = useApp((s) => Object.values(s.assignments).some((a) => a.assignments.length > 0));
  const [explorerWidth, setExplorerWidth] = useState(360);
  const [outputHeight, setOutputHeight] = useState(180);

  useEffect(() => store.getState().start(), [store]);
  useEffect(() => store.getState().startShell(), [store]);
  // Pane sizes come back as they were left (shell:setPaneSize remembers them).
  const savedPanes = useApp((s) => s.settings?.paneSizes);
  useEffect(() => {
    if (savedPanes?.solutionExplorer) setExplorerWidth(savedPanes.solutionExplorer);
    if (savedPanes?.output) setOutputHeight(savedPanes.output);
  }, [savedPanes?.solutionExplorer, savedPanes?.output]);
  useEffect(() => store.getState().startDeploy(), [store]);
  // Badges follow the files: a package changed on disk is reported by 'solution:changed' and is then out of date.
  useEffect(() => {
    if (view) void store.getState().loadAssignments();
  }, [store, view]);

  // The e2e tests wait for this: the first 'solution:get' has answered and the tree reflects it.
  useEffect(() => {
    if (loaded) document.body.dataset.ready = 'true';
  }, [loaded]);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  const unassigned = hasAssignments ? '' : ` ${NOTHING_ASSIGNED}`;
  return (
    <div className="app" aria-busy={busy}>
      <header>
        <div className="toolbar" role="toolbar" aria-label="Main toolbar">
          <button type="button" onClick={() => void openSolution(store)}>
            Open Solution...
          </button>
          <button type="button" onClick={() => void store.getState().reload()} disabled={!view}>
            Reload
          </button>
          <RunCommands />
          <button
            type="button"
            onClick={() => void store.getState().deployAll()}
            disabled={!hasAssignments}
            title={`Deploy every package assigned to a server, to every server.${unassigned}`}
          >
            Deploy All
          </button>
          <button type="button" onClick={() => void store.getState().runPreflight()} disabled={!view} title="Check what would fail when the assigned packages run as SQL Server Agent jobs">
            Preflight Checks
          </button>
          <button type="button" onClick={() => void store.getState().compareWithServers()} disabled={!hasAssignments} title={`Compare the servers with the solution: jobs, job steps, package versions, proxies.${unassigned}`}>
            Compare with Servers
          </button>
          <ShellMenus />
          {busy ? <span className="busy" role="status">Working…</span> : null}
        </div>
        <ErrorBar />
      </header>
      <main className="panes">
        <div className="panes-top">
          <div className="pane-slot" style={{ width: explorerWidth }}>
            <SolutionExplorer fallbackHeight={fallbackHeight} />
          </div>
          <Splitter label="Resize Solution Explorer" orientation="vertical" size={explorerWidth} min={180} max={900} grow={1} onResize={(w) => (setExplorerWidth(w), store.getState().rememberPaneSize('solutionExplorer', w))} />
          <div className="pane-slot grow">
            <ServersPane />
          </div>
          <ProgressPane />
        </div>
        <Splitter label="Resize Output" orientation="horizontal" size={outputHeight} min={60} max={700} grow={-1} onResize={(h) => (setOutputHeight(h), store.getState().rememberPaneSize('output', h))} />
        <div className="pane-slot bottom" style={{ height: outputHeight }}>
          <OutputPane />
        </div>
        <PreflightPane />
      </main>
      <Dialogs />
      <JobDialogs />
      <BuildDialogs />
      <DeployDialogs />
      <PreflightDialogs />
      <AboutDialog />
    </div>
  );
}
