/**
 * A virtualized tree (role="tree"/"treeitem", WAI-ARIA keyboard): only the rows in view, plus a few above and
 * below, are in the DOM, so 10,000 nodes scroll as smoothly as 10. Expansion and selection are controlled by
 * the caller (the store); the focused row is the tree's own and always stays rendered, so keyboard focus is
 * never lost to a scrolled-away row. Rows are drawn by the caller's `Row` component, memoized per row.
 */
import {
  memo,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ComponentType,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
  type ReactElement,
  type Ref,
  type UIEvent,
} from 'react';
import { flushSync } from 'react-dom';
import { treeKeyAction, typeAheadIndex } from './keys.js';
import { visibleRows, type TreeRow, type TreeShape } from './rows.js';

export interface VirtualTreeHandle<T> {
  /** Moves keyboard focus into the tree: the focused row, else the first selected, else the first. */
  focus(): void;
  focusedNode(): T | null;
}

/** What the caller's row component gets; `attrs` go on its outermost element. */
export interface TreeRowProps<T> {
  readonly row: TreeRow<T>;
  readonly selected: boolean;
  readonly focused: boolean;
  readonly attrs: TreeRowAttrs;
  /** Opens or closes the row (for a twisty). */
  readonly toggle: (id: string) => void;
}

export interface TreeRowAttrs {
  readonly role: 'treeitem';
  readonly 'aria-level': number;
  readonly 'aria-selected': boolean;
  readonly 'aria-expanded': boolean | undefined;
  readonly 'aria-setsize': number;
  readonly 'aria-posinset': number;
  /** Roving tab stop: 0 on the focused row, so Tab comes back to it. */
  readonly tabIndex: 0 | -1;
  readonly 'data-tree-id': string;
  readonly style: { readonly top: number; readonly height: number };
}

export interface VirtualTreeProps<T> {
  readonly data: readonly T[];
  /** Must be stable (module level): the rows are recomputed when it changes. */
  readonly shape: TreeShape<T>;
  /** The text type-ahead matches. */
  readonly label: (node: T) => string;
  readonly ariaLabel: string;
  readonly rowHeight: number;
  readonly height: number;
  readonly width?: number;
  readonly overscan?: number;
  readonly expanded: Readonly<Record<string, boolean>>;
  readonly selection: readonly string[];
  /** When set, only matching nodes and their ancestors are shown, all open. */
  readonly filter: ((node: T) => boolean) | null;
  readonly onSelect: (ids: string[]) => void;
  readonly onToggle: (id: string, open: boolean) => void;
  readonly onContextMenu?: (node: T, x: number, y: number) => void;
  readonly Row: ComponentType<TreeRowProps<T>>;
  readonly handle?: Ref<VirtualTreeHandle<T>>;
}

const TYPE_AHEAD_RESET_MS = 700;

function rowAttrs<T>(row: TreeRow<T>, index: number, rowHeight: number, selected: boolean, focused: boolean): TreeRowAttrs {
  return {
    role: 'treeitem',
    'aria-level': row.level,
    'aria-selected': selected,
    'aria-expanded': row.expandable ? row.open : undefined,
    'aria-setsize': row.siblings,
    'aria-posinset': row.position,
    tabIndex: focused ? 0 : -1,
    'data-tree-id': row.id,
    style: { top: index * rowHeight, height: rowHeight },
  };
}

interface RowSlotProps<T> {
  readonly Row: ComponentType<TreeRowProps<T>>;
  readonly row: TreeRow<T>;
  readonly index: number;
  readonly rowHeight: number;
  readonly selected: boolean;
  readonly focused: boolean;
  readonly toggle: (id: string) => void;
}

/** One row, re-rendered only when its node, place, selection or focus changes. */
const RowSlot = memo(function RowSlot<T>(p: RowSlotProps<T>) {
  const { Row } = p;
  return <Row row={p.row} selected={p.selected} focused={p.focused} toggle={p.toggle} attrs={rowAttrs(p.row, p.index, p.rowHeight, p.selected, p.focused)} />;
}) as <T>(p: RowSlotProps<T>) => ReactElement;

export function VirtualTree<T>(props: VirtualTreeProps<T>) {
  const { data, shape, label, ariaLabel, rowHeight, height, width, overscan = 4, expanded, selection, filter, onSelect, onToggle, onContextMenu, Row, handle } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const anchor = useRef<string | null>(null);
  const wantDomFocus = useRef(false);
  const emitted = useRef<readonly string[] | null>(null);
  const typed = useRef({ text: '', at: 0 });

  const rows = useMemo(() => visibleRows(data, shape, (id) => expanded[id] === true, filter), [data, shape, expanded, filter]);
  const indexOf = useMemo(() => new Map(rows.map((r, i) => [r.id, i])), [rows]);
  const selected = useMemo(() => new Set(selection), [selection]);
  const focused = focusedId !== null ? (indexOf.get(focusedId) ?? -1) : -1;
  const pageRows = Math.max(1, Math.floor(height / rowHeight));

  // The latest values for the callbacks below, which stay stable so memoized rows do not re-render.
  const live = useRef({ rows, indexOf, filter, onToggle });
  live.current = { rows, indexOf, filter, onToggle };

  const select = useCallback(
    (ids: string[]) => {
      emitted.current = ids;
      onSelect(ids);
    },
    [onSelect],
  );

  const toggle = useCallback((id: string) => {
    const { rows, indexOf, filter, onToggle } = live.current;
    const row = rows[indexOf.get(id) ?? -1];
    // A filtered tree shows every match open; there is nothing to close.
    if (row?.expandable && !filter) onToggle(id, !row.open);
  }, []);

  /** Scrolls so that row `index` is in view and renders it in the same pass. */
  const reveal = useCallback(
    (index: number) => {
      const el = scroller.current;
      if (!el || index < 0) return;
      const y = index * rowHeight;
      const view = el.clientHeight || height;
      let next = el.scrollTop;
      if (y < next) next = y;
      else if (y + rowHeight > next + view) next = y + rowHeight - view;
      if (next !== el.scrollTop) {
        el.scrollTop = next;
        setTop(Math.floor(next / rowHeight));
      }
    },
    [rowHeight, height],
  );

  /** Focuses row `index`: state now, keyboard focus on its element after the render. */
  const focusRow = useCallback(
    (index: number) => {
      const row = live.current.rows[index];
      if (!row) return;
      setFocusedId(row.id);
      reveal(index);
      wantDomFocus.current = true;
    },
    [reveal],
  );

  const rowElement = (id: string) => scroller.current?.querySelector<HTMLElement>(`[data-tree-id="${CSS.escape(id)}"]`) ?? null;

  /** Selects only `id`, which becomes the anchor of Shift ranges. */
  const selectOnly = (id: string) => {
    select([id]);
    anchor.current = id;
  };

  /** Ctrl+click / Ctrl+Space: adds `id` to the selection or takes it out. */
  const toggleSelected = (id: string) => {
    select(selected.has(id) ? selection.filter((s) => s !== id) : [...selection, id]);
    anchor.current = id;
  };

  /**
   * Keyboard focus into the tree (Tab, or the pane's handle): the focused row, else the first selected, else
   * the first. The row may already be the focused one (no state change), so its element is focused at once.
   */
  const enter = () => {
    if (rows.length === 0) return;
    const index = focused >= 0 ? focused : selection.length > 0 ? (indexOf.get(selection[0]!) ?? 0) : 0;
    focusRow(index);
    const el = rowElement(rows[index]!.id);
    if (el) {
      wantDomFocus.current = false;
      el.focus({ preventScroll: true });
    }
  };

  const rangeTo = (index: number): string[] => {
    const from = anchor.current !== null ? (indexOf.get(anchor.current) ?? index) : focused >= 0 ? focused : index;
    const [a, b] = from <= index ? [from, index] : [index, from];
    return rows.slice(a, b + 1).map((r) => r.id);
  };

  // Store → tree: an action (rename, new package, reload) moved the selection to one other node.
  useEffect(() => {
    if (emitted.current === selection) return;
    emitted.current = selection;
    if (selection.length !== 1 || selection[0] === focusedId) return;
    const index = indexOf.get(selection[0]!);
    if (index === undefined) return;
    anchor.current = selection[0]!;
    focusRow(index);
    // Only the selection (and where its node is) drives this; focus changes made here must not re-run it.
  }, [selection, indexOf]);

  // After each render: put keyboard focus on the focused row when asked to, or when the element that had it
  // now shows another node (its slot was refilled by scrolling).
  useLayoutEffect(() => {
    const box = scroller.current;
    if (!box || focusedId === null) return;
    const active = document.activeElement;
    const stale = active instanceof HTMLElement && box.contains(active) && active.dataset.treeId !== focusedId;
    if (!wantDomFocus.current && !stale) return;
    wantDomFocus.current = false;
    rowElement(focusedId)?.focus({ preventScroll: true });
  });

  useImperativeHandle(handle, () => ({
    focus: enter,
    focusedNode() {
      return focused >= 0 ? rows[focused]!.node : null;
    },
  }));

  function rowOf(e: MouseEvent | KeyboardEvent): number {
    const id = (e.target as HTMLElement).closest<HTMLElement>('[data-tree-id]')?.dataset.treeId;
    return id === undefined ? -1 : (indexOf.get(id) ?? -1);
  }

  function onClick(e: MouseEvent): void {
    const index = rowOf(e);
    if (index < 0) return;
    const id = rows[index]!.id;
    if (e.shiftKey) select(rangeTo(index));
    else if (e.ctrlKey || e.metaKey) toggleSelected(id);
    else selectOnly(id);
    setFocusedId(id);
    // A browser focuses the clicked row itself; this also covers clicks made by code (tests, assistive tools).
    wantDomFocus.current = true;
  }

  function onDoubleClick(e: MouseEvent): void {
    const index = rowOf(e);
    if (index >= 0) toggle(rows[index]!.id);
  }

  function onContext(e: MouseEvent): void {
    const index = rowOf(e);
    if (index < 0 || !onContextMenu) return;
    e.preventDefault();
    const row = rows[index]!;
    if (!selected.has(row.id)) selectOnly(row.id);
    focusRow(index);
    onContextMenu(row.node, e.clientX, e.clientY);
  }

  function onKeyDown(e: KeyboardEvent): void {
    if ((e.target as HTMLElement).closest('input, textarea')) return;
    const action = treeKeyAction(rows, focused, e, pageRows);
    if (action) {
      e.preventDefault();
      if (action.kind === 'focus') {
        if (action.select === 'single') selectOnly(rows[action.index]!.id);
        else if (action.select === 'extend') select(rangeTo(action.index));
        focusRow(action.index);
      } else if (action.kind === 'toggle') toggle(rows[action.index]!.id);
      else if (action.kind === 'toggleSelected') toggleSelected(rows[action.index]!.id);
      else select(rows.map((r) => r.id));
      return;
    }
    if (e.key.length === 1 && e.key !== ' ' && !e.ctrlKey && !e.metaKey && !e.altKey) {
      const now = Date.now();
      typed.current = { text: (now - typed.current.at < TYPE_AHEAD_RESET_MS ? typed.current.text : '') + e.key, at: now };
      const index = typeAheadIndex(rows, focused, typed.current.text, label);
      if (index >= 0) {
        e.preventDefault();
        selectOnly(rows[index]!.id);
        focusRow(index);
      }
    }
  }

  /**
   * The rows for the new scroll position are rendered inside the scroll event, before the browser paints this
   * frame: React would otherwise render a scroll update in a later task, so every frame would show the rows of
   * the previous position and lay them out twice.
   */
  function onScroll(e: UIEvent<HTMLDivElement>): void {
    const next = Math.floor(e.currentTarget.scrollTop / rowHeight);
    if (next !== top) flushSync(() => setTop(next));
  }

  /** Tabbing into the tree lands on the focused row, as in Visual Studio. */
  function onFocus(e: FocusEvent): void {
    if (e.target === e.currentTarget) enter();
  }

  const first = Math.max(0, top - overscan);
  const slots = pageRows + 1 + 2 * overscan;
  const last = Math.min(rows.length, first + slots);
  const shown: number[] = [];
  if (focused >= 0 && focused < first) shown.push(focused);
  for (let i = first; i < last; i++) shown.push(i);
  if (focused >= last) shown.push(focused);
  // Rows in the window are keyed by a ring of slots (index modulo the window size): scrolling by k rows
  // refills only the k slots that left the window, moving their elements, and the rows that stay keep theirs
  // untouched. A focused row outside the window gets an element of its own, so keyboard focus stays on it.
  const keyOf = (i: number) => (i < first || i >= last ? `id:${rows[i]!.id}` : `slot:${i % slots}`);

  return (
    <div
      role="tree"
      aria-label={ariaLabel}
      aria-multiselectable="true"
      tabIndex={focused >= 0 ? -1 : 0}
      className="vtree"
      style={{ height, width }}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
      onClick={onClick}
      onDoubleClick={onDoubleClick}
      onContextMenu={onContext}
    >
      <div ref={scroller} className="vtree-scroller" style={{ height }} onScroll={onScroll}>
        <div className="vtree-rows" style={{ height: rows.length * rowHeight }}>
          {shown.map((i) => {
            const row = rows[i]!;
            const key = keyOf(i);
            return <RowSlot<T> key={key} Row={Row} row={row} index={i} rowHeight={rowHeight} selected={selected.has(row.id)} focused={i === focused} toggle={toggle} />;
          })}
        </div>
      </div>
    </div>
  );
}
