/** An entry of a context menu or a toolbar drop-down (ContextMenu.tsx renders them). */
export type MenuEntry =
  | { readonly kind: 'item'; readonly label: string; readonly shortcut?: string; readonly disabled?: boolean; readonly run: () => void }
  | { readonly kind: 'check'; readonly label: string; readonly checked: boolean; readonly disabled?: boolean; readonly run: () => void }
  | { readonly kind: 'separator' };

/**
 * The entries as a menu shows them: no separator first, last or next to another. Menus are put together from
 * groups that features add (some empty for a given node), so their edges are tidied here once.
 */
export function tidySeparators(entries: readonly MenuEntry[]): MenuEntry[] {
  const out: MenuEntry[] = [];
  for (const e of entries) {
    if (e.kind === 'separator' && (out.length === 0 || out[out.length - 1]!.kind === 'separator')) continue;
    out.push(e);
  }
  while (out.length > 0 && out[out.length - 1]!.kind === 'separator') out.pop();
  return out;
}
