/**
 * The rows a tree shows, in order: open nodes show their children; a filter shows the nodes that match and
 * the ancestors leading to them, all open (as Visual Studio's Solution Explorer search does). Pure, so the
 * virtualized component only slices this list, and keyboard moves are index arithmetic.
 */

export interface TreeShape<T> {
  id(node: T): string;
  children(node: T): readonly T[] | undefined;
}

export interface TreeRow<T> {
  readonly node: T;
  readonly id: string;
  /** 1 for the roots (aria-level). */
  readonly level: number;
  /** Index of the parent row; -1 for the roots. */
  readonly parent: number;
  readonly expandable: boolean;
  readonly open: boolean;
  /** aria-posinset / aria-setsize among the siblings shown. */
  readonly position: number;
  readonly siblings: number;
}

export function visibleRows<T>(
  roots: readonly T[],
  shape: TreeShape<T>,
  isOpen: (id: string) => boolean,
  matches: ((node: T) => boolean) | null,
): TreeRow<T>[] {
  const rows: TreeRow<T>[] = [];
  const shown = matches ? filteredIds(roots, shape, matches) : null;
  const walk = (nodes: readonly T[], level: number, parent: number) => {
    const kept = shown ? nodes.filter((n) => shown.has(shape.id(n))) : nodes;
    kept.forEach((node, i) => {
      const id = shape.id(node);
      const children = shape.children(node);
      const expandable = !!children && children.length > 0;
      const open = expandable && (shown ? true : isOpen(id));
      const index = rows.length;
      rows.push({ node, id, level, parent, expandable, open, position: i + 1, siblings: kept.length });
      if (open) walk(children!, level + 1, index);
    });
  };
  walk(roots, 1, -1);
  return rows;
}

/** Ids of the nodes that match and of every ancestor of a match. */
function filteredIds<T>(roots: readonly T[], shape: TreeShape<T>, matches: (node: T) => boolean): Set<string> {
  const keep = new Set<string>();
  const visit = (node: T): boolean => {
    let any = matches(node);
    for (const child of shape.children(node) ?? []) if (visit(child)) any = true;
    if (any) keep.add(shape.id(node));
    return any;
  };
  for (const r of roots) visit(r);
  return keep;
}
