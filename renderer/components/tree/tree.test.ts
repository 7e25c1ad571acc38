import { describe, expect, it } from 'vitest';
import { treeKeyAction, typeAheadIndex, type KeyFacts } from './keys.js';
import { visibleRows } from './rows.js';

interface N {
  id: string;
  children?: N[];
}
const n = (id: string, ...children: N[]): N => (children.length ? { id, children } : { id });
const SHAPE = { id: (x: N) => x.id, children: (x: N) => x.children };
const DATA = [n('sln', n('proj', n('packages', n('Parent'), n('Child1'), n('Child2')), n('conns', n('db'))), n('empty'))];
const openSet = (...ids: string[]) => (id: string) => ids.includes(id);
const key = (k: string, mods: Partial<KeyFacts> = {}): KeyFacts => ({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('visibleRows', () => {
  it('shows the children of open nodes only, with levels, parents and positions among siblings', () => {
    const rows = visibleRows(DATA, SHAPE, openSet('sln', 'proj', 'packages'), null);
    expect(rows.map((r) => [r.id, r.level, r.parent, r.expandable, r.open, r.position, r.siblings])).toEqual([
      ['sln', 1, -1, true, true, 1, 1],
      ['proj', 2, 0, true, true, 1, 2],
      ['packages', 3, 1, true, true, 1, 2],
      ['Parent', 4, 2, false, false, 1, 3],
      ['Child1', 4, 2, false, false, 2, 3],
      ['Child2', 4, 2, false, false, 3, 3],
      ['conns', 3, 1, true, false, 2, 2],
      ['empty', 2, 0, false, false, 2, 2],
    ]);
  });

  it('a filter shows matches and their ancestors, open, whatever the expansion', () => {
    const rows = visibleRows(DATA, SHAPE, openSet(), (x) => x.id.toLowerCase().includes('child') || x.id === 'db');
    expect(rows.map((r) => [r.id, r.open, r.siblings])).toEqual([
      ['sln', true, 1],
      ['proj', true, 1],
      ['packages', true, 2],
      ['Child1', false, 2],
      ['Child2', false, 2],
      ['conns', true, 2],
      ['db', false, 1],
    ]);
    expect(visibleRows(DATA, SHAPE, openSet(), () => false)).toEqual([]);
  });
});

describe('treeKeyAction', () => {
  const rows = visibleRows(DATA, SHAPE, openSet('sln', 'proj', 'packages'), null);

  it('arrows, Home/End and PageUp/PageDown move focus and selection; Shift extends, Ctrl moves focus only', () => {
    expect(treeKeyAction(rows, 3, key('ArrowDown'), 5)).toEqual({ kind: 'focus', index: 4, select: 'single' });
    expect(treeKeyAction(rows, 3, key('ArrowUp', { shiftKey: true }), 5)).toEqual({ kind: 'focus', index: 2, select: 'extend' });
    expect(treeKeyAction(rows, 3, key('ArrowDown', { ctrlKey: true }), 5)).toEqual({ kind: 'focus', index: 4, select: 'none' });
    expect(treeKeyAction(rows, 7, key('ArrowDown'), 5)).toEqual({ kind: 'focus', index: 7, select: 'single' });
    expect(treeKeyAction(rows, -1, key('ArrowDown'), 5)).toEqual({ kind: 'focus', index: 0, select: 'single' });
    expect(treeKeyAction(rows, 4, key('Home'), 5)).toMatchObject({ index: 0 });
    expect(treeKeyAction(rows, 0, key('End'), 5)).toMatchObject({ index: 7 });
    expect(treeKeyAction(rows, 0, key('PageDown'), 5)).toMatchObject({ index: 4 });
    expect(treeKeyAction(rows, 6, key('PageUp'), 5)).toMatchObject({ index: 2 });
  });

  it('Right opens a closed node, then goes to its first child; Left closes an open node, then goes to the parent', () => {
    expect(treeKeyAction(rows, 6, key('ArrowRight'), 5)).toEqual({ kind: 'toggle', index: 6, open: true });
    expect(treeKeyAction(rows, 2, key('ArrowRight'), 5)).toEqual({ kind: 'focus', index: 3, select: 'single' });
    expect(treeKeyAction(rows, 3, key('ArrowRight'), 5)).toBeNull();
    expect(treeKeyAction(rows, 2, key('ArrowLeft'), 5)).toEqual({ kind: 'toggle', index: 2, open: false });
    expect(treeKeyAction(rows, 4, key('ArrowLeft'), 5)).toEqual({ kind: 'focus', index: 2, select: 'single' });
    expect(treeKeyAction(rows, 7, key('ArrowLeft'), 5)).toEqual({ kind: 'focus', index: 0, select: 'single' });
  });

  it('Space selects the focused row, Ctrl+Space toggles it in the selection, Ctrl+A selects all; other keys and Alt are not the tree’s', () => {
    expect(treeKeyAction(rows, 4, key(' ', { ctrlKey: true }), 5)).toEqual({ kind: 'toggleSelected', index: 4 });
    expect(treeKeyAction(rows, 4, key(' '), 5)).toEqual({ kind: 'focus', index: 4, select: 'single' });
    expect(treeKeyAction(rows, 4, key('a', { ctrlKey: true }), 5)).toEqual({ kind: 'selectAll' });
    expect(treeKeyAction(rows, 4, key('ArrowDown', { altKey: true }), 5)).toBeNull();
    expect(treeKeyAction(rows, 4, key('F2'), 5)).toBeNull();
    expect(treeKeyAction([], 0, key('ArrowDown'), 5)).toBeNull();
  });
});

describe('typeAheadIndex', () => {
  const rows = visibleRows(DATA, SHAPE, openSet('sln', 'proj', 'packages'), null);
  const label = (x: N) => x.id;
  it('finds the next row starting with the typed text, wrapping, and cycles on a repeated letter', () => {
    expect(typeAheadIndex(rows, 0, 'c', label)).toBe(4);
    expect(typeAheadIndex(rows, 4, 'c', label)).toBe(5);
    expect(typeAheadIndex(rows, 4, 'cc', label)).toBe(5);
    expect(typeAheadIndex(rows, 5, 'c', label)).toBe(6);
    expect(typeAheadIndex(rows, 6, 'c', label)).toBe(4);
    expect(typeAheadIndex(rows, 4, 'child2', label)).toBe(5);
    expect(typeAheadIndex(rows, 4, 'ch', label)).toBe(4);
    expect(typeAheadIndex(rows, 0, 'zz', label)).toBe(-1);
  });
});
