/**
 * The Solution Explorer pane: search box, tree, context menu and Visual Studio's keyboard commands
 * (Enter, F2, Del, Shift+F10 / context-menu key, Ctrl+; for the search box).
 */
import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { ContextMenu } from '../../components/ContextMenu.js';
import { useApp, useAppStore } from '../../store/context.js';
import * as act from './actions.js';
import { menuFor } from './menus.js';
import { SolutionTree, type SolutionTreeHandle } from './SolutionTree.js';
import { buildTree, findNode, type TreeNode } from './treeModel.js';

export const SEARCH_LABEL = 'Search Solution Explorer (Ctrl+;)';

export function SolutionExplorer({ fallbackHeight }: { fallbackHeight?: number }) {
  const store = useAppStore();
  const view = useApp((s) => s.view);
  const selection = useApp((s) => s.selection);
  const expanded = useApp((s) => s.expanded);
  const filter = useApp((s) => s.filter);
  const menu = useApp((s) => s.contextMenu);
  const tree = useRef<SolutionTreeHandle>(null);
  const search = useRef<HTMLInputElement>(null);

  const data = useMemo(() => (view ? buildTree(view) : []), [view]);

  // Ctrl+; focuses the search box from anywhere, as in Visual Studio.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.ctrlKey && !e.altKey && e.key === ';') {
        e.preventDefault();
        search.current?.focus();
        search.current?.select();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const onContextMenu = useCallback((node: TreeNode, x: number, y: number) => store.getState().openContextMenu({ nodeId: node.id, x, y }), [store]);
  const onSelect = useCallback((ids: string[]) => store.getState().setSelection(ids), [store]);
  const onToggle = useCallback((id: string, open: boolean) => store.getState().setExpanded(id, open), [store]);

  function onTreeKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    const target = e.target as HTMLElement;
    if (target.closest('input, textarea, [role="menu"]')) return;
    const node = tree.current?.focusedNode() ?? act.selectedNodes(store)[0] ?? null;
    if (!node) return;
    if ((e.shiftKey && e.key === 'F10') || e.key === 'ContextMenu') {
      e.preventDefault();
      const row = Array.from(document.querySelectorAll<HTMLElement>('[data-node-id]')).find((el) => el.dataset.nodeId === node.id);
      const rect = row?.getBoundingClientRect();
      store.getState().openContextMenu({ nodeId: node.id, x: rect ? rect.left + 24 : 40, y: rect ? rect.bottom : 40 });
    } else if (e.key === 'Enter' && !e.altKey) {
      e.preventDefault();
      void act.activate(store, node);
    } else if (e.key === 'Enter' && e.altKey) {
      e.preventDefault();
      void act.showProperties(store, node);
    } else if (e.key === 'F2') {
      e.preventDefault();
      act.startRename(store, node);
    } else if (e.key === 'F7') {
      e.preventDefault();
      void act.viewCode(store, node);
    } else if (e.key === 'Delete') {
      e.preventDefault();
      // Del acts on the selection, as in Visual Studio, even when Ctrl+click just moved the focus off it.
      const selected = act.selectedNodes(store);
      act.confirmDelete(store, selected.length > 0 ? selected : [node]);
    }
  }

  const menuNode = menu ? findNode(data, menu.nodeId) : null;
  const entries = menuNode ? menuFor(store, menuNode, act.selectedNodes(store)) : [];

  return (
    <section className="solution-explorer" aria-label="Solution Explorer pane">
      <h1 className="pane-title">Solution Explorer</h1>
      <div className="search-row">
        <input
          ref={search}
          type="search"
          className="search-box"
          aria-label={SEARCH_LABEL}
          placeholder={SEARCH_LABEL}
          value={filter}
          onChange={(e) => store.getState().setFilter(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              store.getState().setFilter('');
            } else if (e.key === 'ArrowDown' || e.key === 'Enter') {
              e.preventDefault();
              tree.current?.focus();
            }
          }}
        />
      </div>
      {view ? (
        <div className="tree-host" onKeyDown={onTreeKeyDown}>
          <SolutionTree
            handle={tree}
            data={data}
            selection={selection}
            expanded={expanded}
            filter={filter}
            onSelect={onSelect}
            onToggle={onToggle}
            onContextMenu={onContextMenu}
            fallbackHeight={fallbackHeight}
          />
        </div>
      ) : (
        <EmptyState />
      )}
      {menu && menuNode && entries.length > 0 ? (
        <ContextMenu entries={entries} x={menu.x} y={menu.y} label={`${menuNode.name} context menu`} onClose={() => store.getState().closeContextMenu()} />
      ) : null}
    </section>
  );
}

function EmptyState() {
  const store = useAppStore();
  const loaded = useApp((s) => s.loaded);
  return (
    <div className="empty-state">
      {loaded ? <p>No solution is open.</p> : <p>Loading…</p>}
      {loaded ? (
        <button type="button" onClick={() => void act.openSolution(store)}>
          Open Solution...
        </button>
      ) : null}
    </div>
  );
}
