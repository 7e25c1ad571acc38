/**
 * What a key does in a tree (WAI-ARIA tree pattern, as Visual Studio's Solution Explorer behaves): arrows,
 * Home/End, PageUp/PageDown move the focus and the selection with it (Shift extends it from the anchor, Ctrl
 * moves the focus alone); Right opens a node or goes to its first child, Left closes it or goes to its
 * parent; Space selects the focused row and Ctrl+Space toggles it in the selection; Ctrl+A selects every row
 * shown.
 */
import type { TreeRow } from './rows.js';

export type TreeKeyAction =
  | { readonly kind: 'focus'; readonly index: number; readonly select: 'single' | 'extend' | 'none' }
  | { readonly kind: 'toggle'; readonly index: number; readonly open: boolean }
  | { readonly kind: 'toggleSelected'; readonly index: number }
  | { readonly kind: 'selectAll' };

export interface KeyFacts {
  readonly key: string;
  readonly shiftKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
}

export function treeKeyAction<T>(rows: readonly TreeRow<T>[], focused: number, e: KeyFacts, pageRows: number): TreeKeyAction | null {
  if (rows.length === 0 || e.altKey) return null;
  const last = rows.length - 1;
  const at = Math.min(Math.max(focused, 0), last);
  const ctrl = e.ctrlKey || e.metaKey;
  const move = (index: number): TreeKeyAction => ({ kind: 'focus', index: Math.min(Math.max(index, 0), last), select: e.shiftKey ? 'extend' : ctrl ? 'none' : 'single' });
  switch (e.key) {
    case 'ArrowDown':
      return move(focused < 0 ? 0 : at + 1);
    case 'ArrowUp':
      return move(focused < 0 ? 0 : at - 1);
    case 'Home':
      return move(0);
    case 'End':
      return move(last);
    case 'PageDown':
      return move(at + Math.max(1, pageRows - 1));
    case 'PageUp':
      return move(at - Math.max(1, pageRows - 1));
    case 'ArrowRight': {
      const row = rows[at]!;
      if (!row.expandable) return null;
      return row.open ? { kind: 'focus', index: at + 1, select: 'single' } : { kind: 'toggle', index: at, open: true };
    }
    case 'ArrowLeft': {
      const row = rows[at]!;
      if (row.expandable && row.open) return { kind: 'toggle', index: at, open: false };
      return row.parent >= 0 ? { kind: 'focus', index: row.parent, select: 'single' } : null;
    }
    case ' ':
      // Space selects the focused row (after Ctrl+arrows moved the focus alone); Ctrl+Space adds or removes it.
      return ctrl ? { kind: 'toggleSelected', index: at } : { kind: 'focus', index: at, select: e.shiftKey ? 'extend' : 'single' };
    case 'a':
    case 'A':
      return ctrl && !e.shiftKey ? { kind: 'selectAll' } : null;
    default:
      return null;
  }
}

/**
 * Type-ahead: the next row (after `from`, wrapping) whose label starts with `prefix`, case-insensitive; a
 * prefix of one repeated letter cycles through the rows starting with that letter, as Windows trees do.
 */
export function typeAheadIndex<T>(rows: readonly TreeRow<T>[], from: number, prefix: string, label: (node: T) => string): number {
  const p = prefix.toLowerCase();
  const repeated = p.length > 1 && [...p].every((c) => c === p[0]);
  const wanted = repeated ? p[0]! : p;
  // A longer prefix may still match the current row; a fresh or repeated one looks from the next.
  const start = p.length > 1 && !repeated ? from : from + 1;
  for (let k = 0; k < rows.length; k++) {
    const i = (((start + k) % rows.length) + rows.length) % rows.length;
    if (label(rows[i]!.node).toLowerCase().startsWith(wanted)) return i;
  }
  return -1;
}
