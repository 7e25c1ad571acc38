/**
 * The application menu's template, laid out and labelled like Visual Studio's (File, Edit, View, Servers, Tools, Help).
 * Pure (no Electron at run time), so its items are tested without the binary.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';

export interface MenuActions {
  openSolution(): void;
  /** File → Recent Projects and Solutions → one of them. */
  openRecent(path: string): void;
  clearRecent(): void;
  showSolutionExplorer(): void;
  startLocalEmulators(): void;
  /** Whether `npm start` / the app start local emulators at startup (a setting). */
  setStartLocalEmulatorsAtStartup(enabled: boolean): void;
  about(): void;
  /** Tools → Options... (the page's Options dialog: dtexec path). */
  options(): void;
  openLogsFolder(): void;
}

export interface MenuState {
  readonly recentSolutions: readonly string[];
  /** The local emulators are running in this session (the item then says so and is disabled). */
  readonly localEmulatorsRunning: boolean;
  readonly startLocalEmulatorsAtStartup: boolean;
}

/** Visual Studio numbers the recent list 1-9 then 10, each with its path; '&' in a path must not become a mnemonic. */
export function recentItems(paths: readonly string[], open: (path: string) => void): MenuItemConstructorOptions[] {
  return paths.map((path, i) => ({
    label: `${i < 9 ? `&${i + 1}` : '1&0'} ${basename(path).replace(/&/g, '&&')}`,
    sublabel: path,
    toolTip: path,
    click: () => open(path),
  }));
}

export function menuTemplate(actions: MenuActions, state: MenuState): MenuItemConstructorOptions[] {
  const recent = recentItems(state.recentSolutions, (p) => actions.openRecent(p));
  return [
    {
      label: '&File',
      submenu: [
        { label: 'Open Solution...', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.openSolution() },
        {
          label: 'Recent Projects and Solutions',
          submenu: recent.length
            ? [...recent, { type: 'separator' }, { label: 'Clear Recent List', click: () => actions.clearRecent() }]
            : [{ label: '(none)', enabled: false }],
        },
        { type: 'separator' },
        { label: 'E&xit', accelerator: process.platform === 'darwin' ? 'Cmd+Q' : 'Alt+F4', role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    {
      label: '&View',
      submenu: [
        { label: 'Solution E&xplorer', accelerator: 'CmdOrCtrl+Alt+L', click: () => actions.showSolutionExplorer() },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: '&Servers',
      submenu: [
        {
          label: state.localEmulatorsRunning ? 'Local Emulators Running' : 'Start &Local Emulators',
          enabled: !state.localEmulatorsRunning,
          click: () => actions.startLocalEmulators(),
        },
        {
          label: 'Start Local Emulators at Startup',
          type: 'checkbox',
          checked: state.startLocalEmulatorsAtStartup,
          click: (item) => actions.setStartLocalEmulatorsAtStartup(item.checked),
        },
      ],
    },
    {
      label: '&Tools',
      submenu: [{ label: '&Options...', click: () => actions.options() }],
    },
    {
      label: '&Help',
      submenu: [
        { label: 'Open &Logs Folder', click: () => actions.openLogsFolder() },
        { type: 'separator' },
        { label: '&About SSIS Designer', click: () => actions.about() },
      ],
    },
  ];
}
