/** The window: a toolbar, the error bar, the Solution Explorer pane and the dialogs. */
import { useEffect } from 'react';
import { ErrorBar } from './components/ErrorBar.js';
import { Dialogs } from './features/solution-explorer/dialogs/Dialogs.js';
import { openSolution } from './features/solution-explorer/actions.js';
import { SolutionExplorer } from './features/solution-explorer/SolutionExplorer.js';
import { useApp, useAppStore } from './store/context.js';

export function App({ fallbackHeight }: { fallbackHeight?: number }) {
  const store = useAppStore();
  const loaded = useApp((s) => s.loaded);
  const theme = useApp((s) => s.theme);
  const busy = useApp((s) => s.busy > 0);
  const hasView = useApp((s) => s.view !== null);

  useEffect(() => store.getState().start(), [store]);

  // The e2e tests wait for this: the first 'solution:get' has answered and the tree reflects it.
  useEffect(() => {
    if (loaded) document.body.dataset.ready = 'true';
  }, [loaded]);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  return (
    <div className="app" aria-busy={busy}>
      <header>
        <div className="toolbar" role="toolbar" aria-label="Main toolbar">
          <button type="button" onClick={() => void openSolution(store)}>
            Open Solution...
          </button>
          <button type="button" onClick={() => void store.getState().reload()} disabled={!hasView}>
            Reload
          </button>
          {busy ? <span className="busy" role="status">Working…</span> : null}
        </div>
        <ErrorBar />
      </header>
      <main className="panes">
        <SolutionExplorer fallbackHeight={fallbackHeight} />
      </main>
      <Dialogs />
    </div>
  );
}
