/**
 * The renderer's only door to the Node side in Electron: `window.ssisd = { invoke, on }`, limited to the
 * channels of the shared map. Runs sandboxed, so it may require nothing but 'electron' (the shared contract
 * code is bundled in).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNELS, isRequestChannel, type EventChannel } from '../../shared/contract/channels.js';
import { fail } from '../../shared/result.js';

function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && (EVENT_CHANNELS as readonly string[]).includes(name);
}

contextBridge.exposeInMainWorld('ssisd', {
  invoke(channel: unknown, args: unknown): Promise<unknown> {
    if (!isRequestChannel(channel)) return Promise.resolve(fail('INVALID_ARGUMENT', `Unknown request channel '${String(channel).slice(0, 80)}'.`));
    return ipcRenderer.invoke(channel, args);
  },
  on(event: unknown, listener: unknown): () => void {
    if (!isEventChannel(event) || typeof listener !== 'function') throw new Error(`Unknown event channel '${String(event).slice(0, 80)}'.`);
    // The page gets the payload only, never the IpcRendererEvent (it would expose `sender`).
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => (listener as (p: unknown) => void)(payload);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
});
