import { afterEach, describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { cleanupApp, renderApp, settle } from '../../test/renderApp.js';
import { browseAnswer, job, proxy, serverEntry, serverInfo, serverList } from '../../test/serverFixtures.js';
import type { ServerListEntry } from '../../../shared/model/server.js';

afterEach(cleanupApp);

const serversTree = () => screen.getByRole('tree', { name: 'Servers' });
const node = (name: string) => within(serversTree()).getByRole('treeitem', { name });

function expand(name: string) {
  fireEvent.keyDown(node(name), { key: 'ArrowRight' });
}

describe('Servers pane', () => {
  it('adds a server through the Add Server dialog after Test Connection, saying the password stays in memory', async () => {
    let servers: ServerListEntry[] = [];
    const { transport } = await renderApp({
      'servers:list': () => ({ ok: true, value: serverList(servers) }),
      'servers:testDraft': (a) => (a.password === 'right' ? { ok: true, value: serverInfo('SRV1') } : { ok: false, error: { code: 'SQL_ERROR', message: "Login failed for user 'sa'. (SQL Server error 18456)" } }),
      'servers:add': (a) => {
        const { password: _password, ...draft } = a;
        const added = { ...draft, id: 'id1' };
        servers = [{ ...added, passwordSaved: true }];
        return { ok: true, value: added };
      },
      'servers:test': () => ({ ok: true, value: serverInfo('SRV1') }),
    });
    expect(screen.getByText(/No servers yet/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add Server...' }));
    const dialog = screen.getByRole('dialog', { name: 'Add Server' });
    expect(within(dialog).getByText(/kept in memory only for this session/)).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('Display name'), { target: { value: 'SRV1' } });
    fireEvent.change(within(dialog).getByLabelText('Server name'), { target: { value: '127.0.0.2' } });
    fireEvent.change(within(dialog).getByLabelText('Port'), { target: { value: '14330' } });
    fireEvent.change(within(dialog).getByLabelText('Login'), { target: { value: 'sa' } });
    fireEvent.change(within(dialog).getByLabelText('Password'), { target: { value: 'wrong' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Test Connection' }));
    expect((await within(dialog).findByRole('alert')).textContent).toMatch(/18456/);
    fireEvent.change(within(dialog).getByLabelText('Password'), { target: { value: 'right' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Test Connection' }));
    const result = await within(dialog).findByRole('status', { name: 'Test Connection result' });
    for (const text of ['SRV1', '16.0.4135.4', 'Running', 'sysadmin, db_ssisadmin']) expect(result.textContent).toContain(text);
    expect(within(result).getByRole('row', { name: /SSISDB catalog Yes/ })).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(transport.callsTo('servers:add')).toEqual([
      { displayName: 'SRV1', host: '127.0.0.2', port: 14330, authentication: 'sql', userName: 'sa', encrypt: 'mandatory', trustServerCertificate: false, certificatePem: null, password: 'right' },
    ]);
    await waitFor(() => expect(node('SRV1').getAttribute('aria-description')).toBe('(SQL Server 16.0.4135.4 - sa)'));
    expect(node('SRV1').getAttribute('aria-expanded')).toBe('true');
    expect(within(serversTree()).getAllByRole('treeitem').map((el) => el.getAttribute('aria-label'))).toEqual([
      'SRV1',
      'Integration Services Catalogs',
      'Stored Packages',
      'SQL Server Agent',
    ]);
  });

  it('checks the form before sending: Windows users as DOMAIN\\user, ports in range', async () => {
    const { transport } = await renderApp();
    fireEvent.click(screen.getByRole('button', { name: 'Add Server...' }));
    const dialog = screen.getByRole('dialog', { name: 'Add Server' });
    fireEvent.change(within(dialog).getByLabelText('Server name'), { target: { value: 'db01\\SALES' } });
    fireEvent.change(within(dialog).getByLabelText('Port'), { target: { value: '70000' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('The port must be a number from 1 to 65535.');
    fireEvent.change(within(dialog).getByLabelText('Port'), { target: { value: '' } });
    fireEvent.change(within(dialog).getByLabelText('Authentication'), { target: { value: 'windows' } });
    fireEvent.change(within(dialog).getByLabelText('User name (DOMAIN\\user)'), { target: { value: 'alice' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('For Windows Authentication, enter the user as DOMAIN\\user.');
    expect(transport.callsTo('servers:add')).toEqual([]);
  });

  it('shows why a server is down with an error badge, and keeps the other server usable', async () => {
    await renderApp({
      'servers:list': () => ({ ok: true, value: serverList([serverEntry('a', 'SRV1'), serverEntry('b', 'DOWN')], true) }),
      'servers:test': (a) =>
        a.serverId === 'b'
          ? { ok: false, error: { code: 'CONNECTION_ERROR', message: 'DOWN (127.0.0.9:1433) could not be reached: the connection was refused.' } }
          : { ok: true, value: serverInfo('SRV1') },
      'servers:browse': (a) => ({ ok: true, value: browseAnswer(a.node, [job('Etl - Child1'), job('Nightly', { currentStatus: 'executing', currentStep: 'Load', lastOutcome: 'failed' })]) }),
    });
    await waitFor(() => expect(node('DOWN').getAttribute('data-status')).toBe('error'));
    expect(node('DOWN').getAttribute('aria-description')).toMatch(/Error: DOWN \(127.0.0.9:1433\) could not be reached/);
    expect(within(node('DOWN')).getByRole('img', { name: /could not be reached/ })).toBeTruthy();
    // The healthy server still browses: SQL Server Agent → Jobs with status and last outcome.
    act(() => node('SRV1').focus());
    expand('SRV1');
    await waitFor(() => expect(node('SQL Server Agent')).toBeTruthy());
    expand('SQL Server Agent');
    expand('Jobs');
    await waitFor(() => expect(node('Etl - Child1').getAttribute('aria-description')).toBe('Idle, last run Succeeded'));
    expect(node('Nightly').getAttribute('aria-description')).toBe('Executing (Load), last run Failed');
    fireEvent.contextMenu(node('Nightly'), { clientX: 5, clientY: 5 });
    const menu = screen.getByRole('menu', { name: 'Nightly context menu' });
    expect(within(menu).getAllByRole('menuitem').map((m) => m.querySelector('.menu-label')?.textContent)).toContain('Properties');
    fireEvent.click(within(menu).getByRole('menuitem', { name: 'Properties' }));
    expect(screen.getByRole('dialog', { name: 'Job Properties - Nightly' }).textContent).toContain('Executing (Load)');
  });

  it('browses SSISDB, MSDB and the SSIS proxies, and Connect asks for a password that is not saved', async () => {
    let given = false;
    const { transport } = await renderApp({
      'servers:list': () => ({ ok: true, value: serverList([serverEntry('a', 'SRV1', { passwordSaved: false })]) }),
      'servers:test': () =>
        given
          ? { ok: true, value: serverInfo('SRV1') }
          : { ok: false, error: { code: 'LOCKED', message: 'Enter the password for sa on SRV1.', details: { serverId: 'a', needsPassword: true } } },
      'servers:setPassword': () => {
        given = true;
        return { ok: true, value: serverList([serverEntry('a', 'SRV1')]) };
      },
      'servers:browse': (a) => ({ ok: true, value: browseAnswer(a.node, [], [proxy('EtlProxy'), proxy('CmdOnly', ['CmdExec'])]) }),
    });
    const dialog = await screen.findByRole('dialog', { name: 'Connect to Server - SRV1' });
    fireEvent.change(within(dialog).getByLabelText('Password for sa'), { target: { value: 'secret' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(node('SRV1').getAttribute('aria-description')).toMatch(/SQL Server 16/));
    expect(transport.callsTo('servers:setPassword')).toEqual([{ serverId: 'a', password: 'secret' }]);
    act(() => node('SRV1').focus());
    for (const name of ['SRV1', 'Integration Services Catalogs', 'SSISDB', 'Etl', 'Etl', 'Stored Packages', 'MSDB', 'SQL Server Agent', 'Proxies', 'SSIS Package Execution']) {
      await waitFor(() => expect(within(serversTree()).getAllByRole('treeitem', { name }).length).toBeGreaterThan(0));
      const el = within(serversTree()).getAllByRole('treeitem', { name }).at(-1)!;
      if (el.getAttribute('aria-expanded') === 'false') fireEvent.keyDown(el, { key: 'ArrowRight' });
      await settle();
    }
    const names = within(serversTree()).getAllByRole('treeitem').map((el) => el.getAttribute('aria-label'));
    expect(names).toEqual(expect.arrayContaining(['Child1.dtsx', 'Sales', 'EtlProxy']));
    expect(names).not.toContain('CmdOnly');
    expect(node('EtlProxy').getAttribute('aria-level')).toBe('5');
  });
});
