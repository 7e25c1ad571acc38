/** Menus put together from feature groups show no separator at an edge or twice in a row. */
import { describe, expect, it } from 'vitest';
import { tidySeparators, type MenuEntry } from './menu-entry.js';

const item = (label: string): MenuEntry => ({ kind: 'item', label, run: () => {} });
const sep: MenuEntry = { kind: 'separator' };
const shape = (entries: readonly MenuEntry[]) => entries.map((e) => (e.kind === 'separator' ? '-' : e.label)).join(' ');

describe('tidySeparators', () => {
  it('drops separators first, last and next to another, and keeps the rest in order', () => {
    expect(shape(tidySeparators([sep, item('Start Job at Step...'), item('Stop Job'), sep, sep, item('Refresh'), sep]))).toBe('Start Job at Step... Stop Job - Refresh');
    expect(shape(tidySeparators([sep, sep]))).toBe('');
    expect(shape(tidySeparators([item('A'), sep, item('B')]))).toBe('A - B');
  });
});
