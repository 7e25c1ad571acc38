/**
 * Electron main process (bundled to out/main/index.js): one locked-down window over the built renderer,
 * the channel map over IPC, and Visual Studio's menu. The only code in the app that imports 'electron'.
 */
import type { BrowserWindow } from 'electron';
import { app, dialog, Menu, safeStorage } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SolutionView } from '../../shared/model/solution.js';
import { bootApp } from '../app/boot.js';
import type { AppCore, DialogApi } from '../app/index.js';
import { solutionPathFromArgv } from './args.js';
import { bindIpc } from './ipc.js';
import { buildMenu } from './menu.js';
import { createMainWindow, lockDownWebContents, pageUrlOf } from './window.js';

const bundleDir = dirname(fileURLToPath(import.meta.url));
const rootDir = join(bundleDir, '..', '..');
const paths = {
  preload: join(bundleDir, '..', 'preload', 'index.cjs'),
  indexHtml: join(bundleDir, '..', 'renderer', 'index.html'),
};
const pageUrl = pageUrlOf(paths.indexHtml);
let win: BrowserWindow | null = null;
let core: AppCore | null = null;

const nativeDialog: DialogApi = {
  async openFile(title, extensions) {
    const options = { title, properties: ['openFile' as const], filters: [{ name: title, extensions: [...extensions] }, { name: 'All Files', extensions: ['*'] }] };
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  },
};

async function openSolutionFromMenu(): Promise<void> {
  if (!core) return;
  const path = await nativeDialog.openFile('Open Solution', ['sln', 'slnx', 'dtproj']);
  if (!path) return;
  const r = await core.dispatch('solution:open', { path });
  if (r.ok) core.events.emit('solution:changed', r.value as SolutionView);
  else dialog.showErrorBox('Open Solution', r.error.message);
}

function about(): void {
  const v = process.versions;
  const detail = `Version ${app.getVersion()}\nElectron ${v.electron ?? '?'} · Chromium ${v.chrome ?? '?'} · Node ${v.node}`;
  const options = { type: 'info' as const, title: 'About SSIS Designer', message: 'SSIS Designer', detail, buttons: ['OK'] };
  void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
}

function showSolutionExplorer(): void {
  if (!win) return;
  win.show();
  win.webContents.focus();
  void win.webContents.executeJavaScript("document.querySelector('[role=tree]')?.focus()", false).catch(() => {});
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  lockDownWebContents(pageUrl);
  await app.whenReady();
  const booted = await bootApp({
    rootDir,
    mode: 'electron',
    solutionPath: solutionPathFromArgv(process.argv, app.isPackaged),
    dialog: nativeDialog,
    userDataDir: process.env.SSISD_USER_DATA ?? app.getPath('userData'),
    safeStorage,
  });
  core = booted.core;
  if (!booted.opened.ok) process.stderr.write(`Could not open ${booted.openedPath}: ${booted.opened.error.message}\n`);
  bindIpc(core, () => win, pageUrl);
  buildAndSetMenu();
  win = createMainWindow(paths, 'SSIS Designer');
  win.on('closed', () => {
    win = null;
  });
}

function buildAndSetMenu(): void {
  Menu.setApplicationMenu(buildMenu({ openSolution: () => void openSolutionFromMenu(), showSolutionExplorer, about }));
}

app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => {
  void core?.close();
});

start().catch((e: unknown) => {
  dialog.showErrorBox('SSIS Designer could not start', e instanceof Error ? e.message : String(e));
  app.exit(1);
});
