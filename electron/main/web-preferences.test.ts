import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from './web-preferences.js';

describe('the main window', () => {
  it('is isolated and sandboxed, with no Node.js in the page', () => {
    expect(secureWebPreferences('/app/preload.cjs')).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('uses those settings, blocks navigation and new windows, and loads a page with a strict CSP', () => {
    const window = readFileSync(join(import.meta.dirname, 'window.ts'), 'utf8');
    expect(window).toContain('webPreferences: secureWebPreferences(paths.preload)');
    expect(window).toMatch(/will-navigate[\s\S]*preventDefault/);
    expect(window).toMatch(/setWindowOpenHandler[\s\S]*action: 'deny'/);
    const html = readFileSync(join(import.meta.dirname, '..', '..', 'renderer', 'index.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-src 'none'"]) {
      expect(csp.split(';').map((d) => d.trim())).toContain(directive);
    }
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\bws:|\bwss:|\*/);
  });
});
