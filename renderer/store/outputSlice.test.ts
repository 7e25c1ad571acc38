import { describe, expect, it } from 'vitest';
import { createAppStore } from './createAppStore.js';
import { MAX_LINES } from './outputSlice.js';
import { FakeTransport } from '../test/fakeTransport.js';

const texts = (store: ReturnType<typeof createAppStore>, source: string) => (store.getState().outputLines[source] ?? []).map((l) => l.text);

describe('output slice', () => {
  it('lists Deploy, Build and Debug, shows Deploy first, and adds a new source when written to', () => {
    const store = createAppStore(new FakeTransport());
    expect(store.getState().outputSources).toEqual(['Deploy', 'Build', 'Debug']);
    expect(store.getState().outputShown).toBe('Deploy');
    store.getState().append('Job: Nightly', 'Step 1 started');
    expect(store.getState().outputSources).toEqual(['Deploy', 'Build', 'Debug', 'Job: Nightly']);
    expect(store.getState().outputShown).toBe('Deploy');
  });

  it('appends strings split on line breaks and arrays as they are; clear empties one source only', () => {
    const store = createAppStore(new FakeTransport());
    store.getState().append('Deploy', 'one\r\ntwo');
    store.getState().append('Deploy', ['three']);
    store.getState().append('Build', 'built');
    expect(texts(store, 'Deploy')).toEqual(['one', 'two', 'three']);
    store.getState().clear('Deploy');
    expect(texts(store, 'Deploy')).toEqual([]);
    expect(texts(store, 'Build')).toEqual(['built']);
  });

  it('keeps the newest lines when a source grows past the limit', () => {
    const store = createAppStore(new FakeTransport());
    store.getState().append('Debug', Array.from({ length: MAX_LINES + 10 }, (_, i) => `line ${i}`));
    const lines = texts(store, 'Debug');
    expect(lines).toHaveLength(MAX_LINES);
    expect(lines[0]).toBe('line 10');
    expect(lines.at(-1)).toBe(`line ${MAX_LINES + 9}`);
  });

  it('showOutput switches the pane and lists an unknown source', () => {
    const store = createAppStore(new FakeTransport());
    store.getState().showOutput('Build');
    expect(store.getState().outputShown).toBe('Build');
    store.getState().showOutput('Run: LoadOrders.dtsx');
    expect(store.getState().outputSources.at(-1)).toBe('Run: LoadOrders.dtsx');
  });
});
