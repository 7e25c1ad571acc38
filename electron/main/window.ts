/**
 * The main window, locked down: isolated, sandboxed preload, no Node in the page, no navigation away from our
 * own file, no new windows, no webviews, no permission prompts.
 */
import { app, BrowserWindow, session, type WebContents } from 'electron';
import { pathToFileURL } from 'node:url';

export interface WindowPaths {
  readonly preload: string;
  readonly indexHtml: string;
}

export function pageUrlOf(indexHtml: string): string {
  return pathToFileURL(indexHtml).href;
}

/** Applied to every WebContents the app ever creates, so nothing slips through a later code path. */
export function lockDownWebContents(pageUrl: string): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (e, url) => {
      if (url !== pageUrl) e.preventDefault();
    });
    contents.on('will-redirect', (e) => e.preventDefault());
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
  }, () => {});
}

export function createMainWindow(paths: WindowPaths, title: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 640,
    minHeight: 400,
    title,
    show: false,
    backgroundColor: '#f5f5f5',
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadFile(paths.indexHtml);
  return win;
}
