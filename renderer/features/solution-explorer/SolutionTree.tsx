/**
 * The Solution Explorer's tree: the generic virtualized tree (components/tree) with Visual Studio's rows —
 * icon, Entry-point overlay, StartUp Object in bold, deploy badges, error badge — and package drags to the
 * Servers pane. Selection and expansion live in the store.
 */
import { useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type DragEvent, type Ref } from 'react';
import { Icon, type IconName } from '../../components/icons.js';
import type { TreeRow } from '../../components/tree/rows.js';
import { VirtualTree, type TreeRowProps, type VirtualTreeHandle } from '../../components/tree/VirtualTree.js';
import { writePackagesDrag } from '../deploy/dragData.js';
import { AssignmentIndexProvider, assignmentsText, PackageBadges, usePackageAssignments } from '../deploy/PackageBadges.js';
import { useAppStore } from '../../store/context.js';
import { refOf, selectedNodes } from './actions.js';
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
const INDENT = 16;

const SHAPE = { id: (n: TreeNode) => n.id, children: (n: TreeNode) => n.children };
const labelOf = (n: TreeNode) => n.name;

function iconOf(row: TreeRow<TreeNode>): IconName {
  const d = row.node;
  switch (d.kind) {
    case 'solution':
      return 'solution';
    case 'project':
      return d.project?.status === 'locked' ? 'lock' : 'project';
    case 'folder':
      return row.open ? 'folderOpen' : 'folder';
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
function startPackageDrag(e: DragEvent, node: TreeNode, selection: readonly TreeNode[]): void {
  const nodes = selection.some((n) => n.id === node.id) ? selection : [node];
  const refs = nodes.filter((n) => n.kind === 'package' && n.pkg?.status === 'ok').map(refOf).filter((r) => r !== null);
  if (refs.length === 0) return e.preventDefault();
  writePackagesDrag(e.dataTransfer, refs);
}

function Row({ row, selected, focused, attrs, toggle }: TreeRowProps<TreeNode>) {
  const d = row.node;
  const store = useAppStore();
  const assigned = usePackageAssignments(d.kind === 'package' ? d.project?.path : undefined, d.pkg?.name);
  const description = [describe(d), assignmentsText(assigned)].filter(Boolean).join('. ') || undefined;
  const startup = d.kind === 'package' && d.project?.startupObject != null && d.project.startupObject.toLowerCase() === d.name.toLowerCase();
  let className = 'tree-row tree-node';
  if (selected) className += ' selected';
  if (focused) className += ' focused';
  if (d.dimmed) className += ' dimmed';
  // One element per row and as few inside it as possible: a fast scroll lays out a screenful of new rows per frame.
  return (
    <div
      {...attrs}
      style={{ ...attrs.style, paddingLeft: (row.level - 1) * INDENT }}
      className={className}
      aria-label={d.name}
      aria-description={description}
      title={d.error ?? d.tooltip}
      data-node-id={d.id}
      data-kind={d.kind}
      data-entry-point={d.pkg?.entryPoint ? 'true' : undefined}
      data-status={d.pkg?.status ?? d.item?.status ?? d.project?.status}
      draggable={d.kind === 'package' ? true : undefined}
      onDragStart={d.kind === 'package' ? (e) => startPackageDrag(e, d, selectedNodes(store)) : undefined}
    >
      <span
        className={`twisty${row.expandable ? '' : ' leaf'}`}
        aria-hidden="true"
        onClick={(e) => {
          e.stopPropagation();
          toggle(row.id);
        }}
      >
        {row.expandable ? (row.open ? '◢' : '▷') : ''}
      </span>
      {d.pkg?.entryPoint ? (
        <span className="icon-stack">
          <Icon name={iconOf(row)} />
          <Icon name="entryPoint" className="overlay entry-point" />
        </span>
      ) : (
        <Icon name={iconOf(row)} />
      )}
      <span className={`label${startup ? ' startup' : ''}`}>{d.name}</span>
      {d.kind === 'package' && d.project ? <PackageBadges projectPath={d.project.path} packageName={d.name} /> : null}
      {d.error ? <Icon name="error" className="badge" label={`Error: ${d.error}`} /> : null}
    </div>
  );
}

export function SolutionTree(props: Props) {
  const { data, selection, expanded, filter, onSelect, onToggle, onContextMenu, handle, fallbackHeight = 600 } = props;
  const tree = useRef<VirtualTreeHandle<TreeNode>>(null);
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
    focus: () => tree.current?.focus(),
    focusedNode: () => tree.current?.focusedNode() ?? null,
  }));

  const term = filter.trim();
  const matches = useMemo(() => (term ? (n: TreeNode) => matchesFilter(n, term) : null), [term]);

  return (
    <div ref={box} className="tree-box">
      <AssignmentIndexProvider>
        <VirtualTree<TreeNode>
          handle={tree}
          data={data}
          shape={SHAPE}
          label={labelOf}
          ariaLabel="Solution Explorer"
          rowHeight={ROW_HEIGHT}
          width={size.width || undefined}
          height={size.height || fallbackHeight}
          expanded={expanded}
          selection={selection}
          filter={matches}
          onSelect={onSelect}
          onToggle={onToggle}
          onContextMenu={onContextMenu}
          Row={Row}
        />
      </AssignmentIndexProvider>
    </div>
  );
}
