/**
 * The preflight and proxy UI over the typed fake transport: the findings pane and its one-click fixes, Compare
 * with Servers with Deploy, Wire Child Jobs (preview, then write), and New Proxy... with SQL Server's error.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DriftReport, PreflightResult, WireSummary } from '../../../shared/contract/preflight.js';
import type { AssignmentView } from '../../../shared/contract/deploy.js';
import type { Finding } from '../../../shared/preflight/types.js';
import { StoreProvider } from '../../store/context.js';
import { createAppStore } from '../../store/createAppStore.js';
import { FakeTransport, type FakeHandlers } from '../../test/fakeTransport.js';
import { noAssignments, PROJECT, sampleView } from '../../test/sampleView.js';
import { proxiesFolderEntries } from '../proxies/proxyMenu.js';
import { PreflightDialogs } from './PreflightDialogs.js';
import { PreflightPane } from './PreflightPane.js';
import { packageWireEntries } from './preflightMenu.js';

afterEach(() => cleanup());

const finding = (f: Partial<Finding>): Finding => ({
  key: 'k', rule: 'provider-32bit', severity: 'error', packageName: 'Child1.dtsx', server: 'SRV1', assignmentId: 'a1', subject: 'Mdb',
  title: '"Mdb" uses the Jet provider without the 32-bit runtime', explanation: 'Microsoft.Jet.OLEDB exists only as a 32-bit provider.',
  fix: { label: 'Use 32-bit runtime', action: { kind: 'set-32bit', assignmentId: 'a1' } }, ...f,
});

const result = (findings: Finding[]): PreflightResult => ({
  projectPath: PROJECT,
  projectName: 'Etl',
  report: { findings, counts: { error: findings.filter((f) => f.severity === 'error').length, warning: findings.filter((f) => f.severity === 'warning').length, info: 0 } },
  servers: [{ server: 'SRV1', serverId: 'id1', reachable: true, error: null }],
});

const assignment: AssignmentView = {
  id: 'a1', packageName: 'Child1.dtsx', server: 'SRV1', serverId: 'id1', target: { kind: 'msdb', folder: 'ETL' },
  job: { createJob: true, name: 'Etl - Child1', description: null, owner: null, proxy: null, use32bit: false },
  status: 'deployed', state: { deployed: null, failure: null },
};

function mount(handlers: FakeHandlers) {
  const transport = new FakeTransport({
    'deploy:listAssignments': () => ({ ok: true, value: { ...noAssignments(PROJECT), assignments: [assignment] } }),
    'servers:list': () => ({ ok: true, value: { servers: [{ id: 'id1', displayName: 'SRV1', host: 'h', port: null, authentication: 'sql', userName: 'sa', encrypt: 'optional', trustServerCertificate: true, passwordSaved: true }], secretStore: { kind: 'memory', persistent: false } } }),
    ...handlers,
  });
  const store = createAppStore(transport);
  store.setState({ view: sampleView() });
  render(
    <StoreProvider store={store}>
      <PreflightPane />
      <PreflightDialogs />
    </StoreProvider>,
  );
  return { transport, store };
}

describe('Preflight pane', () => {
  it('lists the findings with their explanation; "Use 32-bit runtime" re-assigns with /X86 and checks again', async () => {
    let fixed = false;
    const { transport, store } = mount({
      'preflight:check': () => ({ ok: true, value: result(fixed ? [] : [finding({})]) }),
      'deploy:assign': (a) => {
        fixed = a.job.use32bit;
        return { ok: true, value: noAssignments(PROJECT) };
      },
    });
    await store.getState().runPreflight();
    const pane = await screen.findByRole('region', { name: 'Preflight' });
    const table = within(pane).getByRole('table');
    expect(within(table).getByText('"Mdb" uses the Jet provider without the 32-bit runtime')).toBeTruthy();
    expect(within(table).getByText('Microsoft.Jet.OLEDB exists only as a 32-bit provider.')).toBeTruthy();
    expect(within(pane).getByText(/Etl: 1 error, 0 warnings/)).toBeTruthy();
    fireEvent.click(within(table).getByRole('button', { name: 'Use 32-bit runtime' }));
    await waitFor(() => expect(transport.callsTo('deploy:assign')).toHaveLength(1));
    expect(transport.callsTo('deploy:assign')[0]).toMatchObject({ projectPath: PROJECT, serverId: 'id1', packageNames: ['Child1.dtsx'], target: { kind: 'msdb', folder: 'ETL' }, job: { name: 'Etl - Child1', use32bit: true } });
    await within(pane).findByText('Nothing found that would fail under SQL Server Agent.');
  });

  it('"New Proxy..." from a finding opens the dialog for that server; "Choose a proxy" sets Run as', async () => {
    const { transport, store } = mount({
      'preflight:check': () => ({ ok: true, value: result([finding({ rule: 'windows-auth-no-proxy', severity: 'warning', fix: { label: 'Choose a proxy (Run as)', action: { kind: 'choose-proxy', assignmentId: 'a1' } } })]) }),
      'proxies:listSsis': () => ({ ok: true, value: { server: 'SRV1', login: 'sa', proxies: [{ proxyId: 1, name: 'ETL Proxy', enabled: true, description: null, credentialIdentity: 'CORP\\etl' }] } }),
      'deploy:assign': () => ({ ok: true, value: noAssignments(PROJECT) }),
    });
    await store.getState().loadServers();
    await store.getState().runPreflight();
    fireEvent.click(await screen.findByRole('button', { name: 'Choose a proxy (Run as)' }));
    const dialog = await screen.findByRole('dialog', { name: 'Run as - Child1.dtsx on SRV1' });
    await waitFor(() => expect((within(dialog).getByRole('combobox') as HTMLSelectElement).value).toBe('ETL Proxy'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(transport.callsTo('deploy:assign')[0]?.job.proxy).toBe('ETL Proxy'));
  });

  it('Compare with Servers shows each difference with what the server has, and Deploy deploys those rows', async () => {
    const drift: DriftReport = {
      projectPath: PROJECT,
      differences: 1,
      rows: [
        {
          assignmentId: 'a1', packageName: 'Child1.dtsx', server: 'SRV1', jobName: 'Etl - Child1', inSync: false,
          cells: [
            { check: 'version', state: 'differs', detail: 'Deployed version {A}, the solution has {B}.' },
            { check: 'job', state: 'ok', detail: 'Job "Etl - Child1"' },
            { check: 'step', state: 'ok', detail: 'Runs \\ETL\\Child1' },
            { check: 'proxy', state: 'missing', detail: 'Proxy "ETL Proxy" is no longer granted to the SSIS subsystem.' },
          ],
        },
      ],
    };
    const { transport, store } = mount({ 'preflight:drift': () => ({ ok: true, value: drift }), 'deploy:run': () => ({ ok: true, value: { deployId: 'd1' } }), 'preflight:check': () => ({ ok: true, value: result([]) }) });
    store.getState().startDeploy();
    await store.getState().compareWithServers();
    const pane = await screen.findByRole('region', { name: 'Preflight' });
    expect(within(pane).getByRole('tab', { name: 'Compare with Servers' }).getAttribute('aria-selected')).toBe('true');
    expect(within(pane).getByText('Deployed version {A}, the solution has {B}.')).toBeTruthy();
    expect(within(pane).getByText('Proxy "ETL Proxy" is no longer granted to the SSIS subsystem.')).toBeTruthy();
    const row = within(pane).getByText('Child1.dtsx').closest('tr')!;
    fireEvent.click(within(row).getByRole('button', { name: 'Deploy' }));
    await waitFor(() => expect(transport.callsTo('deploy:run')).toEqual([{ projectPaths: [PROJECT], assignmentIds: ['a1'], servers: null }]));
    // When that deploy finishes, the differences are compared again.
    act(() => transport.emit('deploy:finished', { deployId: 'd1', retryOf: null, startedAt: '', finishedAt: '', elapsedMs: 1, counts: { created: 0, updated: 1, unchanged: 0, failed: 0, cancelled: 0 }, servers: [], outcomes: [], cancelled: false }));
    await waitFor(() => expect(transport.callsTo('preflight:drift')).toHaveLength(2));
  });
});

describe('Wire Child Jobs...', () => {
  it('explains both modes, previews the tasks with a dry run, then writes them', async () => {
    const summary = (dryRun: boolean, mode: 'start' | 'wait', order: 'parallel' | 'sequence'): WireSummary => ({
      packagePath: '/x/Parent.dtsx', changed: true, written: !dryRun, mode, order, removed: [],
      tasks: [{ name: 'Etl - Child1 on SRV1', packageName: 'Child1.dtsx', server: 'SRV1', jobName: 'Etl - Child1', connectionManager: 'SRV1.msdb', outcome: 'created' }],
    });
    const { transport, store } = mount({ 'preflight:wire': (a) => ({ ok: true, value: summary(a.dryRun, a.mode, a.order) }) });
    const [entry] = packageWireEntries(store, { projectPath: PROJECT, packageName: 'Parent.dtsx' }, sampleView().projects[0]!.packages.find((p) => p.name === 'Parent.dtsx')!);
    expect(entry).toMatchObject({ label: 'Wire Child Jobs...', disabled: false });
    (entry as { run: () => void }).run();
    const dialog = await screen.findByRole('dialog', { name: 'Wire Child Jobs - Parent.dtsx' });
    expect(within(dialog).getByText(/the task succeeds as soon as the job has started/)).toBeTruthy();
    expect(within(dialog).getByText(/fails when the job failed/)).toBeTruthy();
    await within(dialog).findByText('Etl - Child1 on SRV1 — job "Etl - Child1" on SRV1');
    fireEvent.click(within(dialog).getByRole('radio', { name: /In sequence/ }));
    await waitFor(() => expect(transport.callsTo('preflight:wire').at(-1)).toMatchObject({ order: 'sequence', dryRun: true }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Wire' }));
    await waitFor(() => expect(transport.callsTo('preflight:wire').at(-1)).toEqual({ projectPath: PROJECT, packageName: 'Parent.dtsx', mode: 'wait', order: 'sequence', dryRun: false }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});

describe('New Proxy...', () => {
  it('sends the credential, proxy and logins in one call and shows SQL Server’s error in the dialog', async () => {
    let attempt = 0;
    const { transport, store } = mount({
      'proxies:create': () =>
        ++attempt === 1
          ? { ok: false, error: { code: 'SQL_ERROR', message: "SRV1: The credential 'ETL Proxy' already exists. (SQL Server error 15025) — while creating the credential. Nothing was created." } }
          : { ok: true, value: { server: 'SRV1', proxyId: 3, name: 'ETL Proxy', messages: [] } },
      'servers:browse': () => ({ ok: true, value: { node: 'proxies', proxies: [] } }),
    });
    const [entry] = proxiesFolderEntries(store, 'id1', 'SRV1');
    (entry as { run: () => void }).run();
    const dialog = await screen.findByRole('dialog', { name: 'New Proxy - SRV1' });
    const type = (label: RegExp, value: string) => fireEvent.change(within(dialog).getByLabelText(label), { target: { value } });
    type(/^Proxy name/, 'ETL Proxy');
    type(/^Identity/, 'CORP\\etl');
    type(/^Password/, 'Pa$$');
    type(/^Logins/, 'etl, loader');
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('SQL Server error 15025');
    expect(transport.callsTo('proxies:create')[0]).toEqual({ serverId: 'id1', name: 'ETL Proxy', credentialName: null, identity: 'CORP\\etl', secret: 'Pa$$', description: null, logins: ['etl', 'loader'] });
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(JSON.stringify(store.getState())).not.toContain('Pa$$');
  });
});

describe('Topology', () => {
  it('pictures parent → job → server → child and turns the failing child’s job red during a run', async () => {
    const topology = {
      projectPath: PROJECT,
      parents: [
        {
          packageName: 'Parent.dtsx',
          order: 'parallel' as const,
          links: [
            { taskName: 'Etl - Child1 on SRV1', jobName: 'Etl - Child1', server: 'SRV1', childPackage: 'Child1.dtsx', mode: 'wait' as const },
            { taskName: 'Etl - Child2 on SRV2', jobName: 'Etl - Child2', server: 'SRV2', childPackage: 'Child2.dtsx', mode: 'wait' as const },
          ],
        },
      ],
      unwired: [{ packageName: 'Child3.dtsx', server: 'SRV1', jobName: 'Etl - Child3' }],
    };
    const { store } = mount({ 'preflight:topology': () => ({ ok: true, value: topology }) });
    await store.getState().showTopology();
    const parent = await screen.findByRole('region', { name: 'Topology of Parent.dtsx' });
    const job = (name: string) => within(parent).getByRole('listitem', { name: new RegExp(`^Job ${name}`) });
    expect(job('Etl - Child2').getAttribute('aria-label')).toBe('Job Etl - Child2 on SRV2 runs Child2.dtsx: not running');
    expect(screen.getByText('Jobs no parent starts: Etl - Child3 on SRV1')).toBeTruthy();
    const node = (name: string, state: 'running' | 'failure' | 'success') => ({ id: name, parentId: 'Parent', path: `\\Package\\${name}`, name, kind: 'task' as const, taskType: 'Microsoft.ExecuteSQLTask', state, start: null, end: null, messages: [] });
    act(() =>
      store.setState({
        run: {
          runId: 'r1', ref: { projectPath: PROJECT, packageName: 'Parent.dtsx' }, engine: 'builtin', state: 'running', exitCode: null, stopping: false,
          nodes: { a: node('Etl - Child1 on SRV1', 'success'), b: node('Etl - Child2 on SRV2', 'failure') }, order: ['a', 'b'], requestedAt: 0, finishedAt: null, firstOutputAt: null,
        },
      }),
    );
    expect(job('Etl - Child1').getAttribute('data-state')).toBe('success');
    expect(job('Etl - Child2').getAttribute('data-state')).toBe('failure');
    expect(job('Etl - Child2').getAttribute('aria-label')).toBe('Job Etl - Child2 on SRV2 runs Child2.dtsx: failed');
    expect(parent.className).toContain('failure');
  });
});

describe('Preflight when a deploy starts', () => {
  it('checks the projects with assignments when packages are dropped / Deploy All starts, and opens the pane only if something is found', async () => {
    let found: Finding[] = [];
    const { transport, store } = mount({ 'preflight:check': () => ({ ok: true, value: result(found) }), 'deploy:run': () => ({ ok: true, value: { deployId: 'd1' } }) });
    await store.getState().loadAssignments();
    await store.getState().deployAll();
    await waitFor(() => expect(transport.callsTo('preflight:check')).toEqual([{ projectPath: PROJECT }]));
    expect(store.getState().preflightPane).toBeNull();
    store.getState().closeDeployRun();
    found = [finding({ severity: 'warning' })];
    await store.getState().deployAll();
    await screen.findByRole('region', { name: 'Preflight' });
  });
});
