import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type AppSettings } from '../../../shared/model/settings.js';
import { renderApp, settle } from '../../test/renderApp.js';

const settings: AppSettings = { ...DEFAULT_SETTINGS, recentSolutions: ['/src/Sales/Sales.sln', '/src/LoadBalancing/LoadBalancing.sln'], paneSizes: { solutionExplorer: 420 } };
const info = { name: 'SSIS Designer', version: '1.2.3', mode: 'electron' as const, versions: { node: '22.1.0', electron: '45.4.1', chrome: '140.0.1', mssql: '12.7.14' } };

afterEach(() => {
  vi.useRealTimers();
  cleanup();
});

describe('the shell in the page', () => {
  it('opens About from the desktop menu command and shows the versions', async () => {
    const { transport } = await renderApp({ 'shell:settings': () => ({ ok: true, value: settings }), 'app:info': () => ({ ok: true, value: info }) });
    await settle();
    act(() => transport.emit('shell:command', { command: 'about' }));
    const about = await screen.findByRole('dialog', { name: 'About SSIS Designer' });
    expect(about.textContent).toContain('Version 1.2.3');
    expect(within(about).getByRole('row', { name: 'Electron 45.4.1' })).toBeTruthy();
    expect(within(about).getByRole('row', { name: 'Chromium 140.0.1' })).toBeTruthy();
    expect(within(about).getByRole('row', { name: 'mssql (SQL Server client) 12.7.14' })).toBeTruthy();
    fireEvent.click(within(about).getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'About SSIS Designer' })).toBeNull());
  });

  it('lists recent solutions and opens one; reloads the servers when told', async () => {
    const opened: string[] = [];
    const { transport } = await renderApp({
      'shell:settings': () => ({ ok: true, value: settings }),
      'solution:open': ({ path }) => (opened.push(path), { ok: false, error: { code: 'NOT_FOUND', message: `${path} is gone` } }),
    });
    await settle();
    fireEvent.click(screen.getByRole('button', { name: /^Recent/ }));
    const menu = await screen.findByRole('menu', { name: 'Recent' });
    const items = within(menu).getAllByRole('menuitem').map((m) => m.textContent);
    expect(items).toEqual(['1 Sales.sln — /src/Sales', '2 LoadBalancing.sln — /src/LoadBalancing', 'Clear Recent List']);
    fireEvent.click(within(menu).getAllByRole('menuitem')[0]!);
    await settle();
    expect(opened).toEqual(['/src/Sales/Sales.sln']);
    expect(screen.getByText('/src/Sales/Sales.sln is gone')).toBeTruthy();
    const before = transport.callsTo('servers:list').length;
    act(() => transport.emit('shell:command', { command: 'refreshServers' }));
    await settle();
    expect(transport.callsTo('servers:list').length).toBe(before + 1);
  });

  it('flips the local-emulators setting from the Help menu', async () => {
    const { transport } = await renderApp({
      'shell:settings': () => ({ ok: true, value: settings }),
      'shell:setStartLocalEmulators': ({ enabled }) => ({ ok: true, value: { ...settings, startLocalEmulators: enabled } }),
    });
    await settle();
    fireEvent.click(screen.getByRole('button', { name: /^Help/ }));
    const check = within(await screen.findByRole('menu', { name: 'Help' })).getByRole('menuitemcheckbox', { name: /Start Local Emulators/ });
    expect(check.getAttribute('aria-checked')).toBe('true');
    fireEvent.click(check);
    await settle();
    expect(transport.callsTo('shell:setStartLocalEmulators')).toEqual([{ enabled: false }]);
  });

  it('restores the Solution Explorer width and remembers a new one once dragging stops', async () => {
    const { transport, store } = await renderApp({
      'shell:settings': () => ({ ok: true, value: settings }),
      'shell:setPaneSize': ({ pane, size }) => ({ ok: true, value: { ...settings, paneSizes: { [pane]: size } } }),
    });
    await settle();
    await waitFor(() => expect((document.querySelector('.pane-slot') as HTMLElement).style.width).toBe('420px'));
    vi.useFakeTimers();
    store.getState().rememberPaneSize('solutionExplorer', 300);
    store.getState().rememberPaneSize('solutionExplorer', 310.6);
    await vi.advanceTimersByTimeAsync(1000);
    expect(transport.callsTo('shell:setPaneSize')).toEqual([{ pane: 'solutionExplorer', size: 311 }]);
  });
});
