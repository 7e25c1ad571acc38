import { afterEach, describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { cleanupApp, renderApp, settle } from '../../test/renderApp.js';
import { PROJECT } from '../../test/sampleView.js';
import { assignment, browseAnswer, progress, projectAssignments, proposal, proxy, serverEntry, serverInfo, serverList, summary } from '../../test/serverFixtures.js';
import { PACKAGES_MIME } from './dragData.js';
import type { FakeHandlers } from '../../test/fakeTransport.js';
import { defaultDialogDefaults } from '../../../shared/model/deploy.js';

afterEach(cleanupApp);

const solutionItem = (name: string) => within(screen.getByRole('tree', { name: 'Solution Explorer' })).getByRole('treeitem', { name });
const serverItem = (name: string) => within(screen.getByRole('tree', { name: 'Servers' })).getByRole('treeitem', { name });

/** A DataTransfer as Chromium gives one: setData during dragstart, types during dragover, getData on drop (testing-library copies its fields per event). */
function dataTransfer() {
  const data = new Map<string, string>();
  return {
    get types() {
      return [...data.keys()];
    },
    setData: (t: string, v: string) => void data.set(t, v),
    getData: (t: string) => data.get(t) ?? '',
    dropEffect: 'none',
    effectAllowed: 'all',
  };
}

function servers(): FakeHandlers {
  return {
    'servers:list': () => ({ ok: true, value: serverList([serverEntry('s1', 'SRV1'), serverEntry('s2', 'SRV2')]) }),
    'servers:test': (a) => ({ ok: true, value: serverInfo(a.serverId === 's1' ? 'SRV1' : 'SRV2') }),
    'servers:browse': (a) => ({ ok: true, value: browseAnswer(a.node, [], [proxy('EtlProxy')]) }),
  };
}

async function dragPackages(names: string[], onto: string) {
  const dt = dataTransfer();
  fireEvent.click(solutionItem(names[0]!));
  for (const n of names.slice(1)) fireEvent.click(solutionItem(n), { ctrlKey: true });
  fireEvent.dragStart(solutionItem(names[0]!), { dataTransfer: dt });
  expect(JSON.parse(dt.getData(PACKAGES_MIME))).toEqual(names.map((packageName) => ({ projectPath: PROJECT, packageName })));
  fireEvent.dragOver(serverItem(onto), { dataTransfer: dt });
  expect(serverItem(onto).className).toContain('drop-target');
  fireEvent.drop(serverItem(onto), { dataTransfer: dt });
  await settle();
}

describe('drag to deploy', () => {
  it('drops two packages on a server, deploys them with the chosen proxy, shows progress, errors and the summary', async () => {
    let assigned = projectAssignments([]);
    const { transport } = await renderApp({
      ...servers(),
      'deploy:listAssignments': () => ({ ok: true, value: assigned }),
      'deploy:dialogDefaults': (a) => ({ ok: true, value: proposal('SRV1', a.packageNames) }),
      'deploy:assign': (a) => {
        assigned = projectAssignments(a.packageNames.map((p, i) => assignment(`a${i}`, p, 'SRV1', 's1', 'not-deployed')));
        return { ok: true, value: assigned };
      },
      'deploy:run': () => ({ ok: true, value: { deployId: 'd1' } }),
      'deploy:retry': () => ({ ok: true, value: { deployId: 'd2' } }),
    });
    await waitFor(() => expect(serverItem('SRV1').getAttribute('aria-description')).toMatch(/SQL Server/));
    await dragPackages(['Child1.dtsx', 'Child2.dtsx'], 'SRV1');
    const dialog = await screen.findByRole('dialog', { name: 'Deploy to SRV1' });
    expect(within(dialog).getByText('Packages (2): Child1.dtsx, Child2.dtsx')).toBeTruthy();
    expect(within(dialog).getByRole('radio', { name: 'SSIS Catalog (SSISDB)' })).toHaveProperty('checked', true);
    expect(within(dialog).getByLabelText('Folder')).toHaveProperty('value', 'Etl');
    expect(within(dialog).getByText('Etl - Child1; Etl - Child2')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('radio', { name: 'SQL Server (msdb)' }));
    fireEvent.change(within(dialog).getByLabelText('Folder under MSDB'), { target: { value: 'Sales' } });
    const runAs = within(dialog).getByLabelText('Run as');
    await waitFor(() => expect(within(runAs).getAllByRole('option').map((o) => o.textContent)).toEqual(['SQL Server Agent Service Account', 'EtlProxy']));
    fireEvent.change(runAs, { target: { value: 'EtlProxy' } });
    fireEvent.click(within(dialog).getByLabelText('32-bit runtime'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Deploy' }));
    await settle();
    expect(transport.callsTo('deploy:assign')).toEqual([
      {
        projectPath: PROJECT,
        serverId: 's1',
        packageNames: ['Child1.dtsx', 'Child2.dtsx'],
        target: { kind: 'msdb', folder: 'Sales' },
        job: { createJob: true, name: null, description: null, owner: null, proxy: 'EtlProxy', use32bit: true },
        rememberDefaults: true,
      },
    ]);
    expect(transport.callsTo('deploy:run')).toEqual([{ projectPaths: [PROJECT], assignmentIds: ['a0', 'a1'], servers: null }]);

    const run = await screen.findByRole('dialog', { name: 'Deploy' });
    act(() => {
      transport.emit('deploy:progress', progress('d1', 'SRV1', { done: 1, total: 2, message: "SRV1: Child1.dtsx: job 'Etl - Child1' created" }));
      transport.emit('deploy:progress', progress('d1', 'SRV2', { phase: 'failed', done: 0, total: 1, packageName: 'Child2.dtsx', message: 'SRV2: Child2.dtsx: the job could not be created', error: { step: 'job', message: "The specified @proxy_name ('EtlProxy') is invalid.", sqlErrorNumber: 14262, procedure: 'msdb.dbo.sp_add_jobstep', connection: false } }));
    });
    expect(within(run).getByRole('progressbar', { name: 'SRV1 progress' }).getAttribute('value')).toBe('1');
    expect(within(run).getByRole('listitem', { name: 'SRV2' }).textContent).toContain("Child2.dtsx: SQL Server error 14262 in msdb.dbo.sp_add_jobstep: The specified @proxy_name ('EtlProxy') is invalid.");
    const log = screen.getByRole('log', { name: 'Output from Deploy' });
    expect(log.textContent).toContain("SRV1: Child1.dtsx: job 'Etl - Child1' created");
    expect(log.textContent).toContain('SRV2: Child2.dtsx: the job could not be created (SQL Server error 14262, msdb.dbo.sp_add_jobstep)');
    act(() => transport.emit('deploy:finished', summary('d1', { created: 1, failed: 1 })));
    const counts = within(run).getByRole('table', { name: 'Deploy summary counts' });
    expect(within(counts).getAllByRole('row').map((r) => r.textContent)).toEqual(['Created1', 'Updated0', 'Unchanged0', 'Failed1']);
    expect(log.textContent).toContain('========== Deploy: 1 created, 0 updated, 0 unchanged, 1 failed (1.2 s) ==========');
    fireEvent.click(within(run).getByRole('button', { name: 'Retry' }));
    await settle();
    expect(transport.callsTo('deploy:retry')).toEqual([{ deployId: 'd1' }]);
    expect(screen.getByRole('dialog', { name: 'Deploy (Retry)' })).toBeTruthy();
  });

  it('warns when the Entry-point package is dropped, and starts from the catalog folder dropped on', async () => {
    await renderApp({
      ...servers(),
      'deploy:dialogDefaults': (a) => ({ ok: true, value: proposal('SRV1', a.packageNames, ['Parent.dtsx']) }),
    });
    await waitFor(() => expect(serverItem('SRV1').getAttribute('aria-description')).toMatch(/SQL Server/));
    act(() => serverItem('SRV1').focus());
    fireEvent.keyDown(serverItem('SRV1'), { key: 'ArrowRight' });
    fireEvent.keyDown(serverItem('Integration Services Catalogs'), { key: 'ArrowRight' });
    fireEvent.keyDown(serverItem('SSISDB'), { key: 'ArrowRight' });
    await waitFor(() => expect(serverItem('Etl')).toBeTruthy());
    await dragPackages(['Parent.dtsx'], 'Etl');
    const dialog = await screen.findByRole('dialog', { name: 'Deploy to SRV1' });
    expect(within(dialog).getByRole('note').textContent).toBe(
      'Parent.dtsx is the Entry-point package. Child packages are what is usually deployed to other servers; the parent starts their jobs.',
    );
    expect(within(dialog).getByLabelText('Job name')).toHaveProperty('value', 'Etl - Parent');
    fireEvent.change(within(dialog).getByLabelText('Job name'), { target: { value: '100% load' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Deploy' }));
    expect(within(dialog).getByRole('alert').textContent).toBe("A job name cannot contain '%' (SQL Server Agent rule).");
  });

  it('shows on each package the servers it is deployed to, and Remove from Server asks about the job and the package', async () => {
    let assigned = projectAssignments([assignment('a1', 'Child1.dtsx', 'SRV1', 's1', 'deployed'), assignment('a2', 'Child1.dtsx', 'SRV2', 's2', 'out-of-date'), assignment('a3', 'Child2.dtsx', 'OLD', null, 'failed')]);
    const { transport } = await renderApp({
      ...servers(),
      'deploy:listAssignments': () => ({ ok: true, value: assigned }),
      'deploy:unassign': (a) => {
        assigned = projectAssignments(assigned.assignments.filter((x) => !a.assignmentIds.includes(x.id)));
        return { ok: true, value: { assignments: assigned, removed: ["SRV2: job 'Etl - Child1' deleted"] } };
      },
      'deploy:run': () => ({ ok: true, value: { deployId: 'all' } }),
    });
    await waitFor(() => expect(solutionItem('Child1.dtsx').getAttribute('aria-description')).toBe('Servers: SRV1: deployed, SRV2: out of date'));
    expect(solutionItem('Child2.dtsx').getAttribute('aria-description')).toBe('Servers: OLD: failed (not registered)');
    expect(solutionItem('Child2.dtsx').querySelector('[data-status="failed"]')?.getAttribute('title')).toContain('SQL Server error 14262');

    fireEvent.contextMenu(solutionItem('Child1.dtsx'), { clientX: 5, clientY: 5 });
    fireEvent.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: "Remove from Server 'SRV2'..." }));
    const dialog = screen.getByRole('dialog', { name: 'Remove from Server' });
    expect(within(dialog).getByLabelText('Also delete the SQL Server Agent job on the server')).toHaveProperty('checked', true);
    fireEvent.click(within(dialog).getByLabelText('Also delete the package on the server'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(transport.callsTo('deploy:unassign')).toEqual([{ projectPath: PROJECT, assignmentIds: ['a2'], deleteJob: true, deletePackage: true }]);
    expect(solutionItem('Child1.dtsx').getAttribute('aria-description')).toBe('Servers: SRV1: deployed');

    fireEvent.click(screen.getByRole('button', { name: 'Deploy All' }));
    await settle();
    expect(transport.callsTo('deploy:run')).toEqual([{ projectPaths: [PROJECT], assignmentIds: null, servers: null }]);
    const run = screen.getByRole('dialog', { name: 'Deploy All' });
    act(() => transport.emit('deploy:finished', summary('all', { updated: 1, unchanged: 1 })));
    expect(within(run).getByRole('status', { name: 'Deploy summary' }).textContent).toContain('The deployment succeeded.');
    expect(within(run).queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('offers the same from the keyboard: Deploy to Server on the package menu opens the dialog for the selection', async () => {
    // A server whose default is msdb (its SSISDB refuses SQL logins): the catalog, chosen, starts from the project's name.
    const msdbFirst = (names: string[]) => ({ ...proposal('SRV2', names), defaults: defaultDialogDefaults('Etl', true) });
    const { transport } = await renderApp({ ...servers(), 'deploy:dialogDefaults': (a) => ({ ok: true, value: msdbFirst(a.packageNames) }) });
    await waitFor(() => expect(serverItem('SRV2').getAttribute('aria-description')).toMatch(/SQL Server/));
    fireEvent.click(solutionItem('Child1.dtsx'));
    fireEvent.click(solutionItem('Child2.dtsx'), { ctrlKey: true });
    fireEvent.keyDown(solutionItem('Child2.dtsx'), { key: 'F10', shiftKey: true });
    const menu = screen.getByRole('menu');
    expect(within(menu).getByRole('menuitem', { name: "Deploy to Server 'SRV1'..." })).toBeTruthy();
    fireEvent.click(within(menu).getByRole('menuitem', { name: "Deploy to Server 'SRV2'..." }));
    expect(await screen.findByRole('radio', { name: 'SQL Server (msdb)' })).toHaveProperty('checked', true);
    const dialog = screen.getByRole('dialog', { name: 'Deploy to SRV2' });
    expect(transport.callsTo('deploy:dialogDefaults')).toEqual([{ projectPath: PROJECT, serverId: 's2', packageNames: ['Child1.dtsx', 'Child2.dtsx'] }]);
    fireEvent.click(within(dialog).getByRole('radio', { name: 'SSIS Catalog (SSISDB)' }));
    expect([within(dialog).getByLabelText('Folder'), within(dialog).getByLabelText('Project')].map((f) => (f as HTMLInputElement).value)).toEqual(['Etl', 'Etl']);
    // The server is registered with a SQL Server login, which SSISDB refuses: the dialog says so before the deploy fails.
    expect(dialog.textContent).toContain('SSISDB accepts Windows authentication only');
  });

  it("asks for the project password when the deploy answers LOCKED, says when it is wrong, and sends it with that call only", async () => {
    const locked = { code: 'LOCKED', message: 'Etl is encrypted with a password (EncryptAllWithPassword).', details: { path: PROJECT, needsPassword: true } } as const;
    const { transport } = await renderApp({
      ...servers(),
      'deploy:listAssignments': () => ({ ok: true, value: projectAssignments([assignment('a1', 'Child1.dtsx', 'SRV1', 's1', 'not-deployed')]) }),
      'deploy:run': (a) => {
        const given = a.projectPasswords?.[0]?.password;
        if (given === undefined) return { ok: false, error: locked };
        if (given !== 'ssis123') return { ok: false, error: { code: 'BAD_PASSWORD', message: 'The password is not correct.', details: { path: PROJECT, needsPassword: true } } };
        return { ok: true, value: { deployId: 'pw1' } };
      },
    });
    await waitFor(() => expect(solutionItem('Child1.dtsx').getAttribute('aria-description')).toBe('Servers: SRV1: not deployed'));
    fireEvent.click(screen.getByRole('button', { name: 'Deploy All' }));
    let prompt = await screen.findByRole('dialog', { name: 'Project Password' });
    expect(within(prompt).queryByRole('alert')).toBeNull();
    fireEvent.change(within(prompt).getByLabelText("Enter the password for project 'Etl'"), { target: { value: 'nope' } });
    fireEvent.click(within(prompt).getByRole('button', { name: 'OK' }));
    await settle();
    prompt = await screen.findByRole('dialog', { name: 'Project Password' });
    expect(within(prompt).getByRole('alert').textContent).toBe('The password is not correct.');
    const field = within(prompt).getByLabelText("Enter the password for project 'Etl'") as HTMLInputElement;
    expect(field.value).toBe('');
    fireEvent.change(field, { target: { value: 'ssis123' } });
    fireEvent.click(within(prompt).getByRole('button', { name: 'OK' }));
    await settle();
    expect(await screen.findByRole('dialog', { name: 'Deploy All' })).toBeTruthy();
    const base = { projectPaths: [PROJECT], assignmentIds: null, servers: null };
    expect(transport.callsTo('deploy:run')).toEqual([base, { ...base, projectPasswords: [{ projectPath: PROJECT, password: 'nope' }] }, { ...base, projectPasswords: [{ projectPath: PROJECT, password: 'ssis123' }] }]);
    act(() => transport.emit('deploy:finished', summary('pw1', { created: 1 })));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Deploy All' })).getByRole('button', { name: 'Close' }));

    // The password was for that deploy only: the next one asks again; Cancel deploys nothing and reports nothing.
    fireEvent.click(screen.getByRole('button', { name: 'Deploy All' }));
    prompt = await screen.findByRole('dialog', { name: 'Project Password' });
    fireEvent.click(within(prompt).getByRole('button', { name: 'Cancel' }));
    await settle();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(transport.callsTo('deploy:run').at(-1)).toEqual(base);
    expect(transport.callsTo('deploy:run')).toHaveLength(4);
    expect(screen.queryByText(locked.message)).toBeNull();
  });
});
