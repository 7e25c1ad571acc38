/**
 * Binds the channel map to ipcMain: one handler per request channel, each checking the sender before the
 * shared dispatch validates the arguments; app events are forwarded to the page.
 */
import { ipcMain, type BrowserWindow } from 'electron';
import { EVENT_CHANNELS, REQUEST_CHANNELS } from '../../shared/contract/channels.js';
import { fail } from '../../shared/result.js';
import type { AppCore } from '../app/index.js';
import { isTrustedSender } from './trusted-sender.js';

export function bindIpc(core: AppCore, getWindow: () => BrowserWindow | null, pageUrl: string): () => void {
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, (event, args: unknown) => {
      const win = getWindow();
      if (!isTrustedSender(event, win ? win.webContents : null, pageUrl)) {
        return fail('INVALID_ARGUMENT', 'This window may not call the SSIS Designer services.');
      }
      return core.dispatch(channel, args);
    });
  }
  const unsubscribe = EVENT_CHANNELS.map((event) =>
    core.events.on(event, (payload) => {
      const win = getWindow();
      if (win && !win.isDestroyed()) win.webContents.send(event, payload);
    }),
  );
  return () => {
    for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(channel);
    for (const off of unsubscribe) off();
  };
}
