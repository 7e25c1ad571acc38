/**
 * bindIpc over a stand-in ipcMain: every request channel of the contract gets a handler, and each handler refuses
 * a sender that is not our page's top frame before anything reaches the services; arguments are then checked by
 * the shared dispatch (dispatch.test.ts).
 */
import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { REQUEST_CHANNELS } from '../../shared/contract/channels.js';
import { EventBus } from '../app/event-bus.js';
import type { AppCore } from '../app/index.js';

const handlers = new Map<string, (event: IpcMainInvokeEvent, args: unknown) => unknown>();
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: IpcMainInvokeEvent, args: unknown) => unknown) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
}));

const PAGE = 'file:///app/out/renderer/index.html';

describe('bindIpc', () => {
  it('handles every contract channel and refuses untrusted senders before dispatch', async () => {
    const { bindIpc } = await import('./ipc.js');
    const dispatched: string[] = [];
    const core = { dispatch: async (c: unknown) => (dispatched.push(String(c)), { ok: true, value: null }), events: new EventBus() } as unknown as AppCore;
    const page = { id: 1, isDestroyed: () => false, send: vi.fn() };
    const win = { webContents: page, isDestroyed: () => false };
    const unbind = bindIpc(core, () => win as never, PAGE);
    expect([...handlers.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());

    const from = (url: string, child = false, id = 1) => ({ sender: { id }, senderFrame: { url, parent: child ? {} : null } }) as unknown as IpcMainInvokeEvent;
    for (const channel of REQUEST_CHANNELS) {
      for (const event of [from('https://evil.example/'), from(PAGE, true), from(PAGE, false, 2)]) {
        expect(await handlers.get(channel)!(event, {}), channel).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      }
    }
    expect(dispatched).toEqual([]);
    expect(await handlers.get('app:info')!(from(PAGE), {})).toEqual({ ok: true, value: null });
    expect(dispatched).toEqual(['app:info']);

    // Events reach the page.
    core.events.emit('shell:command', { command: 'about' });
    expect(page.send).toHaveBeenCalledWith('shell:command', { command: 'about' });
    unbind();
    expect(handlers.size).toBe(0);
  });
});
