import { describe, expect, it } from 'vitest';
import { createAppStore } from './createAppStore.js';
import { FakeTransport } from '../test/fakeTransport.js';
import { PROJECT } from '../test/sampleView.js';

describe('ui slice', () => {
  it('opening a dialog closes the context menu; closing leaves nothing open', () => {
    const store = createAppStore(new FakeTransport(), { theme: 'dark' });
    expect(store.getState().theme).toBe('dark');
    store.getState().openContextMenu({ nodeId: 'solution', x: 1, y: 2 });
    expect(store.getState().contextMenu).toEqual({ nodeId: 'solution', x: 1, y: 2 });
    store.getState().openDialog({ kind: 'rename', ref: { projectPath: PROJECT, packageName: 'A.dtsx' } });
    expect(store.getState().contextMenu).toBeNull();
    expect(store.getState().dialog?.kind).toBe('rename');
    store.getState().closeDialog();
    expect(store.getState().dialog).toBeNull();
  });
});
