/**
 * Servers pane: local emulators carry a visible "local emulator" badge apart from their name, and the Add /
 * Edit Server dialog takes an optional CA certificate (PEM) that is sent with the server's fields.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { cleanupApp, renderApp } from '../../test/renderApp.js';
import { serverEntry, serverInfo, serverList } from '../../test/serverFixtures.js';
import type { ServerListEntry } from '../../../shared/model/server.js';

afterEach(cleanupApp);

const serversTree = () => screen.getByRole('tree', { name: 'Servers' });
const node = (name: string) => within(serversTree()).getByRole('treeitem', { name });

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2E=\n-----END CERTIFICATE-----';

describe('Servers pane: local emulators and the CA certificate', () => {
  it('shows a "local emulator" badge on local emulators only, and says so to screen readers', async () => {
    await renderApp({
      'servers:list': () => ({
        ok: true,
        value: serverList([serverEntry('a', 'PROD1'), serverEntry('local-emulator-srv1', 'SRV1 (local emulator)', { host: '127.0.0.2', localEmulator: true })]),
      }),
      'servers:test': (a) => ({ ok: true, value: serverInfo(a.serverId === 'a' ? 'PROD1' : 'SRV1') }),
    });
    await waitFor(() => expect(node('SRV1 (local emulator)').getAttribute('aria-description')).toMatch(/SQL Server 16/));
    const local = node('SRV1 (local emulator)');
    const badge = local.querySelector('.server-badge');
    expect(badge?.getAttribute('data-text')).toBe('local emulator');
    // The badge is its own element, not part of the name.
    expect(local.querySelector('.label')?.textContent).toBe('SRV1 (local emulator)');
    expect(local.getAttribute('aria-description')).toMatch(/^Local emulator: an emulated SQL Server started on this machine for this session \(not saved\)\. \(SQL Server 16/);
    expect(node('PROD1').querySelector('.server-badge')).toBeNull();
    expect(node('PROD1').getAttribute('aria-description')).not.toMatch(/emulator/i);
  });

  it('Add Server sends the CA certificate; a text that is not PEM is refused before sending', async () => {
    let servers: ServerListEntry[] = [];
    const { transport } = await renderApp({
      'servers:list': () => ({ ok: true, value: serverList(servers) }),
      'servers:add': (a) => {
        const { password: _password, ...draft } = a;
        servers = [{ ...draft, id: 'id1', passwordSaved: true }];
        return { ok: true, value: { ...draft, id: 'id1' } };
      },
      'servers:test': () => ({ ok: true, value: serverInfo('SRV1') }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add Server...' }));
    const dialog = screen.getByRole('dialog', { name: 'Add Server' });
    fireEvent.change(within(dialog).getByLabelText('Server name'), { target: { value: 'db01.corp' } });
    fireEvent.change(within(dialog).getByLabelText('Login'), { target: { value: 'etl' } });
    fireEvent.change(within(dialog).getByLabelText('Password'), { target: { value: 'pw' } });
    const pem = within(dialog).getByLabelText('CA certificate (optional)');
    expect(pem.tagName).toBe('TEXTAREA');
    expect(pem.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(pem.getAttribute('aria-describedby')!)?.textContent).toMatch(/public and saved with the server/);
    fireEvent.change(pem, { target: { value: 'not a certificate' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('The CA certificate must be PEM text starting with -----BEGIN CERTIFICATE-----, or left empty.');
    expect(transport.callsTo('servers:add')).toEqual([]);
    fireEvent.change(pem, { target: { value: `  ${PEM}\n\n` } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(transport.callsTo('servers:add')).toEqual([
      { displayName: 'db01.corp', host: 'db01.corp', port: null, authentication: 'sql', userName: 'etl', encrypt: 'mandatory', trustServerCertificate: false, certificatePem: `${PEM}\n`, password: 'pw' },
    ]);
  });

  it('Edit Server shows the saved certificate and can clear it', async () => {
    const saved = serverEntry('a', 'SRV1', { certificatePem: `${PEM}\n` });
    const { transport } = await renderApp({
      'servers:list': () => ({ ok: true, value: serverList([saved], true) }),
      'servers:test': () => ({ ok: true, value: serverInfo('SRV1') }),
      'servers:update': (a) => {
        const { password: _password, id, ...draft } = a;
        return { ok: true, value: { ...draft, id } };
      },
    });
    await waitFor(() => expect(node('SRV1').getAttribute('aria-description')).toMatch(/SQL Server 16/));
    fireEvent.contextMenu(node('SRV1'), { clientX: 5, clientY: 5 });
    fireEvent.click(within(screen.getByRole('menu', { name: 'SRV1 context menu' })).getByRole('menuitem', { name: 'Edit Server...' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit Server - SRV1' });
    const pem = within(dialog).getByLabelText<HTMLTextAreaElement>('CA certificate (optional)');
    expect(pem.value).toBe(`${PEM}\n`);
    fireEvent.change(pem, { target: { value: '' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(transport.callsTo('servers:update')).toEqual([expect.objectContaining({ id: 'a', certificatePem: null, password: null })]);
  });
});
