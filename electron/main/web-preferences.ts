/**
 * The main window's page settings: isolated world for the preload, Chromium's sandbox, no Node.js in the page or
 * its workers, web security on, no insecure content, no <webview>. Kept apart from window.ts so a test can hold
 * them without the Electron binary.
 */
export function secureWebPreferences(preload: string) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  } as const;
}
