/**
 * The Servers pane, like SSMS Object Explorer: a toolbar (Add Server..., Refresh), the tree (role="tree",
 * flat rows with aria-level so only open nodes are rendered), SSMS context menus and keyboard (arrows,
 * Enter, F5, Del, Shift+F10). Packages dragged from the Solution Explorer drop on a server or one of its
 * catalog / msdb folders and open the deploy dialog there.
 */
import { useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { ContextMenu } from '../../components/ContextMenu.js';
import { Icon } from '../../components/icons.js';
import { useApp, useAppStore } from '../../store/context.js';
import { carriesPackages, readPackagesDrag } from '../deploy/dragData.js';
import { serverMenu } from './serverMenus.js';
import { buildServerTree, visibleRows, type ServerRow, type ServerTreeNode } from './serverTreeModel.js';
import { ServerDialogs } from './ServerDialogs.js';
import './servers.css';

export function ServersPane() {
  const store = useAppStore();
  const servers = useApp((s) => s.servers);
  const connections = useApp((s) => s.connections);
  const browsed = useApp((s) => s.browsed);
  const open = useApp((s) => s.serverTreeOpen);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [dropId, setDropId] = useState<string | null>(null);
  const [menu, setMenu] = useState<{ node: ServerTreeNode; x: number; y: number } | null>(null);
  const treeRef = useRef<HTMLDivElement>(null);

  useEffect(() => void store.getState().loadServers(), [store]);

  const rows = useMemo(() => visibleRows(buildServerTree({ servers, connections, browsed }), open), [servers, connections, browsed, open]);
  const focused = rows.find((r) => r.node.id === focusId) ?? rows[0] ?? null;

  function focusRow(id: string): void {
    setFocusId(id);
    requestAnimationFrame(() => treeRef.current?.querySelector<HTMLElement>(`[data-server-node="${CSS.escape(id)}"]`)?.focus());
  }

  function toggle(row: ServerRow, want = !row.open): void {
    const node = row.node;
    if (!node.children) return;
    store.getState().setServerTreeOpen(node.id, want);
    if (!want) return;
    const s = store.getState();
    if (node.kind === 'server' && s.connections[node.server.id]?.state !== 'loaded') void s.connectServer(node.server.id);
    if (node.browse && !s.browsed[node.server.id]?.[node.browse]) void s.browseServer(node.server.id, node.browse);
  }

  function openMenu(node: ServerTreeNode, x: number, y: number): void {
    setFocusId(node.id);
    setMenu({ node, x, y });
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    const targetId = (e.target as HTMLElement).closest<HTMLElement>('[data-server-node]')?.dataset.serverNode;
    const focused = rows.find((r) => r.node.id === targetId);
    if (!focused) return;
    const at = rows.indexOf(focused);
    const node = focused.node;
    const move = (i: number) => {
      const r = rows[Math.max(0, Math.min(rows.length - 1, i))];
      if (r) focusRow(r.node.id);
    };
    if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(rows.length - 1);
    else if (e.key === 'ArrowRight') {
      if (node.children && !focused.open) toggle(focused, true);
      else if (focused.open) move(at + 1);
    } else if (e.key === 'ArrowLeft') {
      if (focused.open) toggle(focused, false);
      else {
        const parent = rows.slice(0, at).reverse().find((r) => r.level === focused.level - 1);
        if (parent) focusRow(parent.node.id);
      }
    } else if (e.key === 'Enter') toggle(focused);
    else if (e.key === 'F5') void store.getState().refreshServer(node.server.id, node.kind === 'server' ? undefined : node.browse);
    else if (e.key === 'Delete') {
      // What the node's menu offers for Del: Remove (a server), Delete (a job).
      const entry = serverMenu(store, node).find((m) => m.kind === 'item' && m.shortcut === 'Del' && !m.disabled);
      if (entry?.kind !== 'item') return;
      entry.run();
    }
    else if ((e.shiftKey && e.key === 'F10') || e.key === 'ContextMenu') {
      const rect = (e.target as HTMLElement).getBoundingClientRect();
      openMenu(node, rect.left + 24, rect.bottom);
    } else return;
    e.preventDefault();
  }

  function onDragOver(e: DragEvent<HTMLDivElement>, node: ServerTreeNode): void {
    if (!node.drop || !carriesPackages(e.dataTransfer)) return;
    // preventDefault accepts the drop.
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    if (dropId !== node.id) setDropId(node.id);
  }

  function onDrop(e: DragEvent<HTMLDivElement>, node: ServerTreeNode): void {
    setDropId(null);
    if (!node.drop) return;
    const refs = readPackagesDrag(e.dataTransfer);
    if (refs.length === 0) return;
    e.preventDefault();
    void store.getState().openDeployDrop({ serverId: node.server.id, hint: node.drop === 'server' ? null : node.drop, refs });
  }

  const entries = menu ? serverMenu(store, menu.node) : [];

  return (
    <section className="servers-pane" aria-label="Servers pane">
      <h2 className="pane-title">Servers</h2>
      <div className="servers-toolbar" role="toolbar" aria-label="Servers toolbar">
        <button type="button" onClick={() => store.getState().openServerDialog({ kind: 'add' })}>
          Add Server...
        </button>
        <button type="button" disabled={!focused} onClick={() => focused && void store.getState().refreshServer(focused.node.server.id)}>
          Refresh
        </button>
      </div>
      {servers.length === 0 ? (
        <p className="empty-state">No servers yet. Add one, then drag packages from the Solution Explorer onto it.</p>
      ) : (
        <div ref={treeRef} role="tree" aria-label="Servers" className="server-tree" onKeyDown={onKeyDown}>
          {rows.map((row) => (
            <ServerRowView
              key={row.node.id}
              row={row}
              focused={focused?.node.id === row.node.id}
              dropTarget={dropId === row.node.id}
              onFocus={() => setFocusId(row.node.id)}
              onToggle={() => toggle(row)}
              onContextMenu={(x, y) => openMenu(row.node, x, y)}
              onDragOver={(e) => onDragOver(e, row.node)}
              onDragLeave={() => setDropId((id) => (id === row.node.id ? null : id))}
              onDrop={(e) => onDrop(e, row.node)}
            />
          ))}
        </div>
      )}
      {menu && entries.length > 0 ? (
        <ContextMenu entries={entries} x={menu.x} y={menu.y} label={`${menu.node.label} context menu`} onClose={() => setMenu(null)} />
      ) : null}
      <ServerDialogs />
    </section>
  );
}

const ICONS: Partial<Record<ServerTreeNode['kind'], Parameters<typeof Icon>[0]['name']>> = {
  server: 'connection',
  ssisdb: 'connection',
  msdb: 'connection',
  catalogProject: 'project',
  catalogPackage: 'package',
  msdbPackage: 'package',
  job: 'file',
  proxy: 'lock',
};

interface RowProps {
  readonly row: ServerRow;
  readonly focused: boolean;
  readonly dropTarget: boolean;
  readonly onFocus: () => void;
  readonly onToggle: () => void;
  readonly onContextMenu: (x: number, y: number) => void;
  readonly onDragOver: (e: DragEvent<HTMLDivElement>) => void;
  readonly onDragLeave: () => void;
  readonly onDrop: (e: DragEvent<HTMLDivElement>) => void;
}

const LOCAL_EMULATOR_NOTE = 'Local emulator: an emulated SQL Server started on this machine for this session (not saved)';

function ServerRowView({ row, focused, dropTarget, onFocus, onToggle, onContextMenu, onDragOver, onDragLeave, onDrop }: RowProps) {
  const { node, level, open } = row;
  const expandable = node.children !== undefined && node.kind !== 'message';
  const localEmulator = node.kind === 'server' && node.server.localEmulator === true;
  const description = [localEmulator ? LOCAL_EMULATOR_NOTE : null, node.detail, node.error ? `Error: ${node.error}` : null].filter(Boolean).join('. ') || undefined;
  const classes = ['tree-row', 'server-row'];
  if (focused) classes.push('selected');
  if (dropTarget) classes.push('drop-target');
  if (node.kind === 'message') classes.push(node.error ? 'message error' : 'message');
  return (
    <div
      role="treeitem"
      aria-label={node.label}
      aria-description={description}
      aria-level={level}
      aria-posinset={row.posInSet}
      aria-setsize={row.setSize}
      aria-expanded={expandable ? open : undefined}
      aria-selected={focused}
      aria-busy={node.busy || undefined}
      tabIndex={focused ? 0 : -1}
      data-server-node={node.id}
      data-kind={node.kind}
      data-status={node.error ? 'error' : node.busy ? 'connecting' : undefined}
      title={node.error ?? node.detail}
      className={classes.join(' ')}
      onFocus={onFocus}
      onClick={onFocus}
      onDoubleClick={onToggle}
      onContextMenu={(e) => {
        e.preventDefault();
        onContextMenu(e.clientX, e.clientY);
      }}
      onDragOver={onDragOver}
      onDragEnter={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      <div className="tree-node" style={{ paddingLeft: (level - 1) * 16 }}>
        <span
          className={`twisty${expandable ? '' : ' leaf'}`}
          aria-hidden="true"
          onClick={(e) => {
            e.stopPropagation();
            onToggle();
          }}
        >
          {expandable ? (open ? '◢' : '▷') : ''}
        </span>
        {node.kind !== 'message' ? <Icon name={ICONS[node.kind] ?? (open ? 'folderOpen' : 'folder')} /> : null}
        <span className="label">{node.label}</span>
        {localEmulator ? (
          <span className="server-badge" title={LOCAL_EMULATOR_NOTE} data-text="local emulator" aria-hidden="true" />
        ) : null}
        {/* Drawn from data-text by CSS: the row's name is its label, and badge and detail are read as its description. */}
        {node.detail ? <span className="detail" data-text={node.detail} aria-hidden="true" /> : null}
        {node.error && node.kind === 'server' ? <Icon name="error" className="badge" label={`Error: ${node.error}`} /> : null}
      </div>
    </div>
  );
}
