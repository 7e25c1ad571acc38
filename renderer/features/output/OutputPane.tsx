/**
 * Visual Studio's Output window: "Show output from:" picks a source, Clear All empties it, and the text
 * follows new lines unless the user scrolled up to read. role="log" so screen readers hear new lines.
 */
import { useEffect, useId, useLayoutEffect, useRef } from 'react';
import { useApp, useAppStore } from '../../store/context.js';
import type { OutputLine } from '../../store/outputSlice.js';
import './output.css';

const NO_LINES: readonly OutputLine[] = [];

export function OutputPane() {
  const store = useAppStore();
  const sources = useApp((s) => s.outputSources);
  const shown = useApp((s) => s.outputShown);
  const lines = useApp((s) => s.outputLines[shown] ?? NO_LINES);
  const selectId = useId();
  const log = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  useLayoutEffect(() => {
    const el = log.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [lines]);

  useEffect(() => {
    pinned.current = true;
  }, [shown]);

  return (
    <section className="output-pane" aria-label="Output pane">
      <h2 className="pane-title">Output</h2>
      <div className="output-toolbar" role="toolbar" aria-label="Output toolbar">
        <label htmlFor={selectId}>Show output from:</label>
        <select id={selectId} value={shown} onChange={(e) => store.getState().showOutput(e.target.value)}>
          {sources.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => store.getState().clear(shown)} disabled={lines.length === 0}>
          Clear All
        </button>
      </div>
      <div
        ref={log}
        className="output-text"
        role="log"
        aria-label={`Output from ${shown}`}
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 4;
        }}
      >
        {lines.map((l) => (
          <div key={l.id} className="output-line">
            {l.text || '\u00a0'}
          </div>
        ))}
      </div>
    </section>
  );
}
