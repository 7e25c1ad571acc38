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

  it('flips the local-emulators setting from the Tools menu', async () => {
    const { transport } = await renderApp({
      'shell:settings': () => ({ ok: true, value: settings }),
      'shell:setStartLocalEmulators': ({ enabled }) => ({ ok: true, value: { ...settings, startLocalEmulators: enabled } }),
    });
    await settle();
    fireEvent.click(screen.getByRole('button', { name: /^Tools/ }));
    const check = within(await screen.findByRole('menu', { name: 'Tools' })).getByRole('menuitemcheckbox', { name: /Start Local Emulators/ });
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

  it('sets the dtexec path in Tools → Options (also opened by the desktop menu) and shows a refusal in the dialog', async () => {
    const { transport } = await renderApp({
      'shell:settings': () => ({ ok: true, value: settings }),
      'shell:setDtexecPath': ({ path }) =>
        path === 'dtexec'
          ? { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'The dtexec path must be a full path.', details: { field: 'path' } } }
          : { ok: true, value: { ...settings, dtexecPath: path } },
    });
    await settle();
    fireEvent.click(screen.getByRole('button', { name: /^Tools/ }));
    fireEvent.click(within(await screen.findByRole('menu', { name: 'Tools' })).getByRole('menuitem', { name: 'Options...' }));
    const dialog = await screen.findByRole('dialog', { name: 'Options' });
    expect(within(dialog).getByRole('group', { name: 'SSIS Designer' })).toBeTruthy();
    const field = within(dialog).getByRole('textbox', { name: 'dtexec path' }) as HTMLInputElement;
    expect(field.value).toBe('');
    fireEvent.change(field, { target: { value: 'dtexec' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('The dtexec path must be a full path.');
    fireEvent.change(field, { target: { value: ' /opt/ssis/bin/dtexec ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Options' })).toBeNull());
    expect(transport.callsTo('shell:setDtexecPath')).toEqual([{ path: 'dtexec' }, { path: '/opt/ssis/bin/dtexec' }]);
    // The desktop app's Tools → Options... opens it with the saved path; an empty field means "find one".
    act(() => transport.emit('shell:command', { command: 'options' }));
    const again = await screen.findByRole('dialog', { name: 'Options' });
    const saved = within(again).getByRole('textbox', { name: 'dtexec path' }) as HTMLInputElement;
    expect(saved.value).toBe('/opt/ssis/bin/dtexec');
    fireEvent.change(saved, { target: { value: '' } });
    fireEvent.click(within(again).getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(transport.callsTo('shell:setDtexecPath').at(-1)).toEqual({ path: null }));
  });
});
