/**
 * The app shell in the store: remembered settings (pane sizes, recent solutions, the local-emulators switch,
 * the dtexec path of Tools → Options),
 * what the app is (Help → About) and the commands the desktop menu sends ('shell:command').
 */
import type { StateCreator } from 'zustand/vanilla';
import type { AppInfo, Transport } from '../../../shared/contract/channels.js';
import type { AppSettings } from '../../../shared/model/settings.js';
import type { AppState } from '../../store/types.js';

export interface ShellSlice {
  settings: AppSettings | null;
  appInfo: AppInfo | null;
  aboutOpen: boolean;
  /** Tools → Options... is open. */
  optionsOpen: boolean;
  /** Subscribes to the shell events and loads settings and app info; returns the unsubscribe. */
  startShell(): () => void;
  openAbout(): void;
  closeAbout(): void;
  openOptions(): void;
  closeOptions(): void;
  /** Saves Tools → Options → SSIS Designer → dtexec path; answers the error message, or null when saved. */
  setDtexecPath(path: string | null): Promise<string | null>;
  /** Remembers a pane's size once the user stops dragging (debounced). */
  rememberPaneSize(pane: string, size: number): void;
  openRecent(path: string): Promise<void>;
  clearRecent(): Promise<void>;
  setStartLocalEmulators(enabled: boolean): Promise<void>;
}

const PANE_SAVE_DELAY_MS = 400;

export function createShellSlice(transport: Transport): StateCreator<AppState, [], [], ShellSlice> {
  const paneTimers = new Map<string, ReturnType<typeof setTimeout>>();
  return (set, get) => ({
    settings: null,
    appInfo: null,
    aboutOpen: false,
    optionsOpen: false,
    startShell() {
      const offSettings = transport.on('shell:settingsChanged', (settings) => set({ settings }));
      const offCommand = transport.on('shell:command', ({ command }) => {
        if (command === 'about') get().openAbout();
        else if (command === 'options') get().openOptions();
        else if (command === 'refreshServers') void get().loadServers();
      });
      void transport.invoke('shell:settings', {}).then((r) => {
        if (r.ok) set({ settings: r.value });
      });
      void transport.invoke('app:info', {}).then((r) => {
        if (r.ok) set({ appInfo: r.value });
      });
      return () => {
        offSettings();
        offCommand();
        for (const t of paneTimers.values()) clearTimeout(t);
      };
    },
    openAbout() {
      set({ aboutOpen: true, contextMenu: null });
    },
    closeAbout() {
      set({ aboutOpen: false });
    },
    openOptions() {
      set({ optionsOpen: true, contextMenu: null });
    },
    closeOptions() {
      set({ optionsOpen: false });
    },
    async setDtexecPath(path) {
      const r = await transport.invoke('shell:setDtexecPath', { path });
      if (!r.ok) return r.error.message;
      set({ settings: r.value, optionsOpen: false });
      return null;
    },
    rememberPaneSize(pane, size) {
      const pending = paneTimers.get(pane);
      if (pending) clearTimeout(pending);
      paneTimers.set(
        pane,
        setTimeout(() => {
          paneTimers.delete(pane);
          void transport.invoke('shell:setPaneSize', { pane, size: Math.round(size) }).then((r) => {
            if (r.ok) set({ settings: r.value });
          });
        }, PANE_SAVE_DELAY_MS),
      );
    },
    async openRecent(path) {
      const error = await get().open(path);
      if (error) get().reportError(error);
    },
    async clearRecent() {
      const r = await transport.invoke('shell:clearRecent', {});
      if (r.ok) set({ settings: r.value });
      else get().reportError(r.error);
    },
    async setStartLocalEmulators(enabled) {
      const r = await transport.invoke('shell:setStartLocalEmulators', { enabled });
      if (r.ok) set({ settings: r.value });
      else get().reportError(r.error);
    },
  });
}
