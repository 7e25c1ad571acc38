/**
 * The one wrapper around react-arborist: a virtualized tree (only visible rows are in the DOM, so 10,000 nodes
 * stay smooth) with role="tree"/"treeitem". Nothing else imports react-arborist; swapping the library means
 * rewriting this file only. Selection and expansion are mirrored into the store both ways, so a reload or an
 * action (rename, new package) keeps or moves them.
 */
import { useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type DragEvent, type MouseEvent, type Ref } from 'react';
import { Tree, type NodeApi, type NodeRendererProps, type RowRendererProps, type TreeApi } from 'react-arborist';
import { Icon, type IconName } from '../../components/icons.js';
import { writePackagesDrag } from '../deploy/dragData.js';
import { AssignmentIndexProvider, assignmentsText, PackageBadges, usePackageAssignments } from '../deploy/PackageBadges.js';
import { refOf } from './actions.js';
import { matchesFilter, type TreeNode } from './treeModel.js';

export interface SolutionTreeHandle {
  focus(): void;
  /** The node with keyboard focus, if any. */
  focusedNode(): TreeNode | null;
}

interface Props {
  readonly data: TreeNode[];
  readonly selection: readonly string[];
  readonly expanded: Readonly<Record<string, boolean>>;
  readonly filter: string;
  readonly onSelect: (ids: string[]) => void;
  readonly onToggle: (id: string, open: boolean) => void;
  readonly onContextMenu: (node: TreeNode, x: number, y: number) => void;
  readonly handle?: Ref<SolutionTreeHandle>;
  /** Used when the container has no measurable size (tests, first paint). */
  readonly fallbackHeight?: number;
}

export const ROW_HEIGHT = 22;

function iconOf(node: NodeApi<TreeNode>): IconName {
  const d = node.data;
  switch (d.kind) {
    case 'solution':
      return 'solution';
    case 'project':
      return d.project?.status === 'locked' ? 'lock' : 'project';
    case 'folder':
      return node.isOpen ? 'folderOpen' : 'folder';
    case 'params':
      return 'params';
    case 'connectionManager':
      return 'connection';
    case 'package':
      return 'package';
    case 'item':
      return 'file';
  }
}

/** Screen-reader description: what the icons and badges say to a sighted user. */
function describe(d: TreeNode): string | undefined {
  const parts: string[] = [];
  if (d.pkg?.entryPoint) parts.push('Entry-point package');
  if (d.project?.status === 'locked' && d.kind === 'project') parts.push('Locked: password required');
  if (d.tooltip && d.kind === 'project' && d.project?.status !== 'locked') parts.push(d.tooltip);
  if (d.error) parts.push(`Error: ${d.error}`);
  return parts.length ? parts.join('. ') : undefined;
}

/** Dragging a package carries it, or the whole selection when it is part of it, to the Servers pane. */
function startPackageDrag(e: DragEvent, node: NodeApi<TreeNode>): void {
  const nodes = node.isSelected ? node.tree.selectedNodes.map((n) => n.data) : [node.data];
  const refs = nodes.filter((n) => n.kind === 'package' && n.pkg?.status === 'ok').map(refOf).filter((r) => r !== null);
  if (refs.length === 0) return e.preventDefault();
  // Ours alone: the tree's own drag backend (listening on window) must not see this drag start.
  e.stopPropagation();
  writePackagesDrag(e.dataTransfer, refs);
}

function Row({ node, innerRef, attrs, children }: RowRendererProps<TreeNode>) {
  const d = node.data;
  const assigned = usePackageAssignments(d.kind === 'package' ? d.project?.path : undefined, d.pkg?.name);
  const description = [describe(d), assignmentsText(assigned)].filter(Boolean).join('. ') || undefined;
  const classes = ['tree-row'];
  if (node.isSelected) classes.push('selected');
  if (node.isFocused) classes.push('focused');
  if (d.dimmed) classes.push('dimmed');
  return (
    <div
      {...attrs}
      ref={innerRef}
      className={classes.join(' ')}
      aria-label={d.name}
      aria-description={description}
      aria-expanded={d.children ? node.isOpen : undefined}
      title={d.error ?? d.tooltip}
      data-node-id={d.id}
      data-kind={d.kind}
      data-entry-point={d.pkg?.entryPoint ? 'true' : undefined}
      data-status={d.pkg?.status ?? d.item?.status ?? d.project?.status}
      onFocus={(e) => e.stopPropagation()}
      draggable={d.kind === 'package' ? true : undefined}
      onDragStart={d.kind === 'package' ? (e) => startPackageDrag(e, node) : undefined}
      onClick={node.handleClick}
      onDoubleClick={() => (d.children ? node.toggle() : undefined)}
    >
      {children}
    </div>
  );
}

function NodeView({ node, style }: NodeRendererProps<TreeNode>) {
  const d = node.data;
  const startup = d.kind === 'package' && d.project?.startupObject != null && d.project.startupObject.toLowerCase() === d.name.toLowerCase();
  return (
    <div className="tree-node" style={style}>
      <span
        className={`twisty${d.children && d.children.length > 0 ? '' : ' leaf'}`}
        aria-hidden="true"
        onClick={(e) => {
          e.stopPropagation();
          node.toggle();
        }}
      >
        {d.children && d.children.length > 0 ? (node.isOpen ? '◢' : '▷') : ''}
      </span>
      <span className="icon-stack">
        <Icon name={iconOf(node)} />
        {d.pkg?.entryPoint ? <Icon name="entryPoint" className="overlay entry-point" /> : null}
      </span>
      <span className={`label${startup ? ' startup' : ''}`}>{d.name}</span>
      {d.kind === 'package' && d.project ? <PackageBadges projectPath={d.project.path} packageName={d.name} /> : null}
      {d.error ? <Icon name="error" className="badge" label={`Error: ${d.error}`} /> : null}
    </div>
  );
}

export function SolutionTree(props: Props) {
  const { data, selection, expanded, filter, onSelect, onToggle, onContextMenu, handle, fallbackHeight = 600 } = props;
  const api = useRef<TreeApi<TreeNode> | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useImperativeHandle(handle, () => ({
    focus() {
      const tree = api.current;
      if (!tree) return;
      const target = tree.focusedNode ?? tree.mostRecentNode ?? tree.firstNode;
      if (target) tree.focus(target);
      else box.current?.querySelector<HTMLElement>('[role="tree"]')?.focus();
    },
    focusedNode() {
      return api.current?.focusedNode?.data ?? null;
    },
  }));

  // Store → tree: actions (rename, new package, reload) may move the selection.
  useEffect(() => {
    const tree = api.current;
    if (!tree) return;
    const current = tree.selectedIds;
    const same = current.size === selection.length && selection.every((id) => current.has(id));
    if (same) return;
    const present = selection.filter((id) => tree.get(id) !== null);
    const last = present[present.length - 1] ?? null;
    tree.setSelection({ ids: present, anchor: last, mostRecent: last });
    if (last && present.length === 1) tree.focus(last, { scroll: true });
  }, [selection, data]);

  // Store → tree: expansion changed by an action (Enter on a folder) or restored after a reload.
  useEffect(() => {
    const tree = api.current;
    if (!tree || tree.isFiltered) return;
    for (const [id, open] of Object.entries(expanded)) {
      if (tree.get(id) && tree.isOpen(id) !== open) {
        if (open) tree.open(id);
        else tree.close(id);
      }
    }
  }, [expanded, data]);

  function contextMenu(e: MouseEvent): void {
    const row = (e.target as HTMLElement).closest<HTMLElement>('[data-node-id]');
    const id = row?.dataset.nodeId;
    const node = id ? api.current?.get(id) : null;
    if (!node) return;
    e.preventDefault();
    if (!node.isSelected) node.select();
    node.focus();
    onContextMenu(node.data, e.clientX, e.clientY);
  }

  return (
    <div ref={box} className="tree-box">
      <AssignmentIndexProvider>
        <Tree<TreeNode>
          ref={api}
          data={data}
          aria-label="Solution Explorer"
          idAccessor="id"
          childrenAccessor={(d) => d.children ?? null}
          rowHeight={ROW_HEIGHT}
          indent={16}
          width={size.width || '100%'}
          height={size.height || fallbackHeight}
          overscanCount={10}
          initialOpenState={expanded}
          openByDefault={false}
          selectionFollowsFocus
          disableDrag
          disableDrop
          disableEdit
          searchTerm={filter}
          searchMatch={(node, term) => matchesFilter(node.data, term)}
          renderRow={Row}
          onSelect={(nodes) => onSelect(nodes.map((n) => n.id))}
          onToggle={(id) => {
            const tree = api.current;
            if (tree && !tree.isFiltered) onToggle(id, tree.isOpen(id));
          }}
          onContextMenu={contextMenu}
        >
          {NodeView}
        </Tree>
      </AssignmentIndexProvider>
    </div>
  );
}
