/**
 * The app shell's channels: remembered settings (pane sizes, recent solutions, the local-emulators switch) and
 * the commands the desktop menu sends to the page (Help → About).
 */
import type { AppSettings } from '../model/settings.js';
import { NO_ARGS, type ArgRules } from './rules.js';

export interface ShellChannels {
  'shell:settings': [Record<string, never>, AppSettings];
  /** Remembers the size of a pane (CSS pixels) for the next start. */
  'shell:setPaneSize': [{ pane: string; size: number }, AppSettings];
  /** Whether `npm start` starts the two local emulated SQL Servers. */
  'shell:setStartLocalEmulators': [{ enabled: boolean }, AppSettings];
  /** Tools → Options → SSIS Designer → dtexec path (null: find an installed one, else the built-in engine). */
  'shell:setDtexecPath': [{ path: string | null }, AppSettings];
  /** Forgets the recent solutions list (File → Recent → Clear). */
  'shell:clearRecent': [Record<string, never>, AppSettings];
}

/** about: open the About dialog; options: Tools → Options; refreshServers: the server list changed outside the page (local emulators started). */
export type ShellCommand = 'about' | 'options' | 'refreshServers';

export interface ShellEvents {
  /** Settings changed (a solution was opened and joined the recent list, a switch was flipped). */
  'shell:settingsChanged': AppSettings;
  /** A menu item of the desktop app that the page carries out (e.g. opens the About dialog). */
  'shell:command': { readonly command: ShellCommand };
}

export const SHELL_RULES: { readonly [C in keyof ShellChannels]: ArgRules<ShellChannels[C][0]> } = {
  'shell:settings': NO_ARGS,
  'shell:setPaneSize': { pane: 'string', size: 'number' },
  'shell:setStartLocalEmulators': { enabled: 'boolean' },
  'shell:setDtexecPath': { path: 'string|null' },
  'shell:clearRecent': NO_ARGS,
};

export const SHELL_EVENTS: readonly (keyof ShellEvents)[] = ['shell:settingsChanged', 'shell:command'];
