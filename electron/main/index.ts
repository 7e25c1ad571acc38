/**
 * Electron main process (bundled to out/main/index.js): one locked-down window over the built renderer,
 * the channel map over IPC, and Visual Studio's menu. The only code in the app that imports 'electron'.
 * Files the OS hands over (double-click on a .sln/.slnx/.dtproj: argv, a second instance's argv, macOS
 * open-file) are opened in the one window. Unexpected errors are logged and shown; the app keeps running.
 */
import type { BrowserWindow } from 'electron';
import { app, dialog, Menu, safeStorage, shell } from 'electron';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppSettings } from '../../shared/model/settings.js';
import type { SolutionView } from '../../shared/model/solution.js';
import { bootApp } from '../app/boot.js';
import type { AppCore, DialogApi } from '../app/index.js';
import { readLocalEmulators, registerLocalEmulators, startLocalEmulators, type LocalEmulators, type StartedLocalEmulators } from '../app/local-emulators.js';
import { logsDirOf, RotatingLog } from '../services/logs/index.js';
import type { SettingsService } from '../services/settings/index.js';
import { solutionPathFromArgv } from './args.js';
import { bindIpc } from './ipc.js';
import { buildMenu } from './menu.js';
import { unexpectedErrorReporter } from './unexpected-errors.js';
import { createMainWindow, lockDownWebContents, pageUrlOf } from './window.js';

const bundleDir = dirname(fileURLToPath(import.meta.url));
const rootDir = join(bundleDir, '..', '..');
const paths = {
  preload: join(bundleDir, '..', 'preload', 'index.cjs'),
  indexHtml: join(bundleDir, '..', 'renderer', 'index.html'),
};
const emulatorBundle = join(bundleDir, '..', 'emulator', 'start.js');
const pageUrl = pageUrlOf(paths.indexHtml);
const userDataDir = process.env.SSISD_USER_DATA ?? app.getPath('userData');
const logger = new RotatingLog({ dir: logsDirOf(userDataDir), echo: (line) => process.stderr.write(`${line}\n`) });
// npm start hands over the local emulators it starts while the app boots (one line on standard input).
const emulatorsFromStart = readLocalEmulators();

let win: BrowserWindow | null = null;
let core: AppCore | null = null;
let settings: SettingsService | null = null;
let localEmulatorsRunning = false;
let ownEmulators: StartedLocalEmulators | null = null;
/** A file the OS asked us to open before the app was ready (macOS open-file at launch). */
let pendingOpen: string | null = null;

const nativeDialog: DialogApi = {
  async openFile(title, extensions) {
    const options = { title, properties: ['openFile' as const], filters: [{ name: title, extensions: [...extensions] }, { name: 'All Files', extensions: ['*'] }] };
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  },
  async saveFile(title, extensions, defaultName) {
    const options = { title, defaultPath: defaultName, filters: [{ name: title, extensions: [...extensions] }] };
    const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    return r.canceled || !r.filePath ? null : r.filePath;
  },
};

// ---- unexpected errors: log, tell the user where the log is, keep running ----

const unexpected = unexpectedErrorReporter({
  logger,
  showDialog: (options) => (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options)),
  openLogsFolder: () => void shell.openPath(logger.dir),
  canShowDialogs: () => app.isReady(),
});
process.on('uncaughtException', (e) => unexpected('Unexpected error', e));
process.on('unhandledRejection', (e) => unexpected('Unexpected error (promise)', e));

// ---- opening solutions ----

async function openPath(path: string): Promise<void> {
  if (!core) {
    pendingOpen = path;
    return;
  }
  const r = await core.dispatch('solution:open', { path });
  if (r.ok) {
    core.events.emit('solution:changed', r.value as SolutionView);
    win?.show();
  } else {
    logger.warn(`Could not open ${path}: ${r.error.message}`);
    dialog.showErrorBox('Open Solution', r.error.message);
    if (r.error.code === 'NOT_FOUND' || r.error.code === 'IO_ERROR') await settings?.forgetSolution(path);
  }
}

async function openSolutionFromMenu(): Promise<void> {
  const path = await nativeDialog.openFile('Open Solution', ['sln', 'slnx', 'dtproj']);
  if (path) await openPath(path);
}

// ---- menu actions ----

async function startEmulatorsFromMenu(): Promise<void> {
  if (!core || localEmulatorsRunning) return;
  if (!existsSync(emulatorBundle)) {
    dialog.showErrorBox('Start Local Emulators', 'The SQL Server emulator is not part of this installation.');
    return;
  }
  try {
    // A fresh password for this session, held in memory only.
    ownEmulators = await startLocalEmulators(emulatorBundle, randomBytes(18).toString('base64url'));
    logger.addSecret(ownEmulators.password);
    for (const problem of await registerLocalEmulators(core.servers, ownEmulators)) logger.warn(problem);
    localEmulatorsRunning = true;
    logger.info(`Local emulators started: ${ownEmulators.servers.map((s) => `${s.name} ${s.host},${s.port}`).join(', ')}`);
    core.events.emit('shell:command', { command: 'refreshServers' });
    void refreshMenu();
  } catch (e) {
    logger.error(`Local emulators could not start: ${e instanceof Error ? e.message : String(e)}`);
    dialog.showErrorBox('Start Local Emulators', `The local emulators could not start: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function registerHanded(handed: LocalEmulators | null): Promise<void> {
  if (!handed || !core) return;
  logger.addSecret(handed.password);
  for (const problem of await registerLocalEmulators(core.servers, handed)) logger.warn(problem);
  localEmulatorsRunning = true;
  core.events.emit('shell:command', { command: 'refreshServers' });
  void refreshMenu();
}

function showSolutionExplorer(): void {
  if (!win) return;
  win.show();
  win.webContents.focus();
  void win.webContents.executeJavaScript("document.querySelector('[role=tree]')?.focus()", false).catch(() => {});
}

async function refreshMenu(current?: AppSettings): Promise<void> {
  let state = current ?? null;
  if (!state && settings) {
    const r = await settings.get();
    if (r.ok) state = r.value;
  }
  Menu.setApplicationMenu(
    buildMenu(
      {
        openSolution: () => void openSolutionFromMenu(),
        openRecent: (p) => void openPath(p),
        clearRecent: () => void settings?.clearRecent(),
        showSolutionExplorer,
        startLocalEmulators: () => void startEmulatorsFromMenu(),
        setStartLocalEmulatorsAtStartup: (on) => void settings?.setStartLocalEmulators(on),
        about: () => {
          win?.show();
          core?.events.emit('shell:command', { command: 'about' });
        },
        options: () => {
          win?.show();
          core?.events.emit('shell:command', { command: 'options' });
        },
        openLogsFolder: () => void shell.openPath(logger.dir),
      },
      {
        recentSolutions: state?.recentSolutions ?? [],
        localEmulatorsRunning,
        startLocalEmulatorsAtStartup: state?.startLocalEmulators ?? true,
      },
    ),
  );
}

// ---- start ----

function argvPath(argv: readonly string[], cwd: string): string | null {
  const p = solutionPathFromArgv(argv, app.isPackaged);
  return p === null ? null : isAbsolute(p) ? p : resolve(cwd, p);
}

app.on('open-file', (event, path) => {
  event.preventDefault();
  void openPath(path);
});

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', (_event, argv, cwd) => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    const path = argvPath(argv, cwd);
    if (path) void openPath(path);
  });
  lockDownWebContents(pageUrl);
  await app.whenReady();
  logger.info(`SSIS Designer ${app.getVersion()} starting (Electron ${process.versions.electron ?? '?'})`);
  const booted = await bootApp({
    rootDir,
    mode: 'electron',
    solutionPath: argvPath(process.argv, process.cwd()),
    dialog: nativeDialog,
    userDataDir,
    safeStorage,
    log: (line) => logger.info(line),
    // electron-builder puts the sample next to app.asar (extraResources); a first run opens a copy of it.
    sampleSolution: app.isPackaged ? join(process.resourcesPath, 'samples', 'LoadBalancing', 'LoadBalancing.sln') : undefined,
  });
  core = booted.core;
  settings = booted.settings;
  if (!booted.opened.ok) logger.warn(`Could not open ${booted.openedPath}: ${booted.opened.error.message}`);
  bindIpc(core, () => win, pageUrl);
  settings.onChanged((s) => void refreshMenu(s));
  await refreshMenu();
  const saved = await settings.get();
  win = createMainWindow(paths, 'SSIS Designer', saved.ok ? saved.value.window : null, (layout) => void settings?.setWindow(layout));
  win.on('closed', () => {
    win = null;
  });
  void emulatorsFromStart.then((handed) => void registerHanded(handed));
  if (pendingOpen) {
    const path = pendingOpen;
    pendingOpen = null;
    await openPath(path);
  }
}

app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => {
  void core?.close();
  void ownEmulators?.close();
});

start().catch((e: unknown) => {
  logger.error(`Start failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  dialog.showErrorBox('SSIS Designer could not start', `${e instanceof Error ? e.message : String(e)}\n\nThe log is in ${logger.file}`);
  app.exit(1);
});
