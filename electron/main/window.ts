/**
 * The main window, locked down: isolated, sandboxed preload, no Node in the page, no navigation away from our
 * own file, no new windows (an http(s) link the page opens goes to the system browser), no webviews, no
 * permission prompts. It reopens where it was last closed.
 */
import { app, BrowserWindow, screen, session, shell, type Rectangle, type WebContents } from 'electron';
import { pathToFileURL } from 'node:url';
import type { WindowLayout } from '../../shared/model/settings.js';
import { isSafeExternalUrl } from './external-links.js';
import { secureWebPreferences } from './web-preferences.js';

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
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url).catch(() => undefined);
      return { action: 'deny' };
    });
  });
  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
  }, () => {});
}

/** The remembered bounds, when they still fall on a connected display (a monitor may have been unplugged). */
function visibleBounds(layout: WindowLayout | null): Partial<Rectangle> {
  if (!layout) return {};
  const size = { width: layout.width, height: layout.height };
  if (layout.x === null || layout.y === null) return size;
  const rect = { x: layout.x, y: layout.y, ...size };
  const onScreen = screen.getAllDisplays().some(({ workArea: a }) => rect.x < a.x + a.width - 50 && rect.x + rect.width > a.x + 50 && rect.y >= a.y - 10 && rect.y < a.y + a.height - 50);
  return onScreen ? rect : size;
}

export function createMainWindow(paths: WindowPaths, title: string, layout: WindowLayout | null = null, onLayout?: (layout: WindowLayout) => void): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    ...visibleBounds(layout),
    minWidth: 640,
    minHeight: 400,
    title,
    show: false,
    backgroundColor: '#f5f5f5',
    webPreferences: secureWebPreferences(paths.preload),
  });
  win.once('ready-to-show', () => {
    if (layout?.maximized) win.maximize();
    win.show();
  });
  if (onLayout) {
    let timer: NodeJS.Timeout | null = null;
    const save = () => {
      if (win.isDestroyed() || win.isMinimized() || win.isFullScreen()) return;
      const b = win.getNormalBounds();
      onLayout({ x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
    };
    const later = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, 500);
    };
    for (const e of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(e as 'resize', later);
    win.on('close', () => {
      if (timer) clearTimeout(timer);
      save();
    });
  }
  void win.loadFile(paths.indexHtml);
  return win;
}
