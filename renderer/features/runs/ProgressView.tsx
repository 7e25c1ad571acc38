/**
 * Visual Studio's Progress tab for the current run: a tree of executables, each with its state, "Start:",
 * its messages and "Finished: …, Elapsed time: …". Arrow keys move and expand/collapse as in any tree.
 */
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useApp, useAppStore } from '../../store/context.js';
import { clock, elapsed, levelWord, progressTree, stateWord, type ProgressItem } from './progressTree.js';
import './runs.css';

const RUN_WORDS = { starting: 'Starting', running: 'Running', success: 'Succeeded', failure: 'Failed', cancelled: 'Canceled' } as const;

function visibleIds(items: readonly ProgressItem[], collapsed: Readonly<Record<string, boolean>>): string[] {
  return items.flatMap((i) => [i.node.id, ...(collapsed[i.node.id] ? [] : visibleIds(i.children, collapsed))]);
}

function Item({ item, level, collapsed, focused, onToggle }: { item: ProgressItem; level: number; collapsed: Readonly<Record<string, boolean>>; focused: string | null; onToggle: (id: string) => void }) {
  const n = item.node;
  const open = !collapsed[n.id];
  return (
    <li
      role="treeitem"
      aria-level={level}
      aria-expanded={open}
      aria-selected={focused === n.id}
      tabIndex={focused === n.id ? 0 : -1}
      data-node-id={n.id}
      data-state={n.state}
      className={`progress-item ${n.state}`}
    >
      <div className="progress-row" onClick={() => onToggle(n.id)}>
        <span className={`progress-state ${n.state}`} aria-hidden="true" />
        <span className="progress-name">{n.name}</span>
        <span className="progress-state-word">{stateWord(n.state)}</span>
      </div>
      {open ? (
        <ul role="group">
          {n.start ? <li className="progress-line" role="none">Start: {clock(n.start)}</li> : null}
          {n.messages.map((m, i) => (
            <li key={i} role="none" className={`progress-line message ${m.level}`}>
              [{levelWord(m.level)}] {m.text}
            </li>
          ))}
          {item.children.map((c) => (
            <Item key={c.node.id} item={c} level={level + 1} collapsed={collapsed} focused={focused} onToggle={onToggle} />
          ))}
          {n.start && n.end ? (
            <li className="progress-line" role="none">
              Finished: {clock(n.end)}, Elapsed time: {elapsed(n.start, n.end)}
            </li>
          ) : null}
        </ul>
      ) : null}
    </li>
  );
}

export function ProgressView() {
  const store = useAppStore();
  const run = useApp((s) => s.run);
  const [collapsed, setCollapsed] = useState<Record<string, boolean>>({});
  const [focused, setFocused] = useState<string | null>(null);
  const items = useMemo(() => (run ? progressTree(run.nodes, run.order) : []), [run]);
  if (!run) return null;
  const toggle = (id: string) => setCollapsed((c) => ({ ...c, [id]: !c[id] }));
  const title = `Progress: ${run.ref.packageName}`;
  const current = focused ?? items[0]?.node.id ?? null;

  function onKeyDown(e: KeyboardEvent<HTMLUListElement>): void {
    const ids = visibleIds(items, collapsed);
    const at = current ? ids.indexOf(current) : -1;
    let next: string | null | undefined;
    if (e.key === 'ArrowDown') next = ids[Math.min(ids.length - 1, at + 1)];
    else if (e.key === 'ArrowUp') next = ids[Math.max(0, at - 1)];
    else if (e.key === 'Home') next = ids[0];
    else if (e.key === 'End') next = ids[ids.length - 1];
    else if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && current) {
      e.preventDefault();
      setCollapsed((c) => ({ ...c, [current]: e.key === 'ArrowLeft' }));
      return;
    } else return;
    e.preventDefault();
    if (next) {
      setFocused(next);
      const el = Array.from(e.currentTarget.querySelectorAll<HTMLElement>('[data-node-id]')).find((x) => x.dataset.nodeId === next);
      el?.focus();
    }
  }

  return (
    <section className="progress-view" aria-label="Progress">
      <div className="progress-header">
        <h2 className="pane-title">{title}</h2>
        <span role="status" className={`run-status ${run.state}`} aria-label="Run status">
          {RUN_WORDS[run.state]}
          {run.stopping ? ' (stopping…)' : ''}
          {run.exitCode !== null ? ` (exit code ${run.exitCode})` : ''}
          {run.engine === 'dtexec' ? ' · dtexec' : ''}
        </span>
        <button type="button" className="dismiss" aria-label="Close Progress" title="Close" onClick={() => store.getState().setProgressOpen(false)} disabled={run.state === 'running' || run.state === 'starting'}>
          ×
        </button>
      </div>
      {items.length === 0 ? (
        <p className="progress-empty">{run.state === 'starting' ? 'Starting the package…' : 'No progress reported yet.'}</p>
      ) : (
        <ul role="tree" aria-label={title} className="progress-tree" onKeyDown={onKeyDown}>
          {items.map((i) => (
            <Item key={i.node.id} item={i} level={1} collapsed={collapsed} focused={current} onToggle={toggle} />
          ))}
        </ul>
      )}
    </section>
  );
}
