/**
 * The run and job UI over the typed fake transport: Ctrl+F5 / Shift+F5 and the Progress view, Start Job at
 * Step (started vs. outcome, live status), and the Log File Viewer.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunNode } from '../../../shared/contract/runs.js';
import type { JobHistoryRow } from '../../../shared/model/server.js';
import type { JobRun, JobStatus } from '../../../shared/model/job-run.js';
import { StoreProvider } from '../../store/context.js';
import { createAppStore } from '../../store/createAppStore.js';
import { JOBS_OUTPUT_SOURCE } from '../../store/jobsSlice.js';
import { FakeTransport, type FakeHandlers } from '../../test/fakeTransport.js';
import { PROJECT, sampleView } from '../../test/sampleView.js';
import { JobDialogs } from './JobDialogs.js';
import { tidySeparators } from '../../components/menu-entry.js';
import { serverMenu } from '../servers/serverMenus.js';
import { ProgressPane } from './ProgressPane.js';
import { RunCommands } from './RunCommands.js';

afterEach(() => {
  cleanup();
});

const text = (el: HTMLElement) => el.textContent ?? '';
const disabled = (el: HTMLElement) => (el as HTMLButtonElement).disabled;

function mount(handlers: FakeHandlers) {
  const transport = new FakeTransport(handlers);
  const store = createAppStore(transport);
  store.setState({ view: sampleView() });
  render(
    <StoreProvider store={store}>
      <div role="toolbar" aria-label="Main toolbar">
        <RunCommands />
      </div>
      <ProgressPane />
      <JobDialogs />
    </StoreProvider>,
  );
  return { transport, store };
}

const node = (id: string, parentId: string | null, state: RunNode['state'], more: Partial<RunNode> = {}): RunNode => ({
  id, parentId, path: `\\${id}`, name: id, kind: parentId ? 'task' : 'package', taskType: '', state, start: null, end: null, messages: [], ...more,
});

describe('Start Without Debugging, Stop and the Progress view', () => {
  it('Ctrl+F5 runs the StartUp object and the Progress view shows the executables to success', async () => {
    const { transport } = mount({ 'run:start': () => ({ ok: true, value: { runId: 'r1', engine: 'builtin' } }) });
    fireEvent.keyDown(document, { key: 'F5', ctrlKey: true });
    await waitFor(() => expect(transport.callsTo('run:start')).toEqual([{ projectPath: PROJECT, packageName: 'Parent.dtsx' }]));
    await screen.findByRole('region', { name: 'Progress' });
    act(() => {
      transport.emit('run:progress', { runId: 'r1', node: node('Parent.dtsx', null, 'running', { start: '2026-01-01T10:00:00.000Z' }) });
      transport.emit('run:progress', {
        runId: 'r1',
        node: node('Start job on SRV1', 'Parent.dtsx', 'success', {
          start: '2026-01-01T10:00:00.000Z',
          end: '2026-01-01T10:00:01.234Z',
          messages: [{ level: 'information', text: "Job 'Child1' started successfully.", time: '2026-01-01T10:00:01.000Z' }],
        }),
      });
    });
    expect(disabled(screen.getByRole('button', { name: 'Stop' }))).toBe(false);
    expect(disabled(screen.getByRole('button', { name: 'Start Without Debugging' }))).toBe(true);
    const tree = screen.getByRole('tree', { name: 'Progress: Parent.dtsx' });
    const task = within(tree).getAllByRole('treeitem')[1]!;
    expect(text(task)).toContain('Start job on SRV1Success');
    expect(text(task)).toContain("[Information] Job 'Child1' started successfully.");
    expect(text(task)).toContain('Elapsed time: 00:00:01.234');
    act(() => {
      transport.emit('run:progress', { runId: 'r1', node: node('Parent.dtsx', null, 'success', { start: '2026-01-01T10:00:00.000Z', end: '2026-01-01T10:00:02.000Z' }) });
      transport.emit('run:finished', { runId: 'r1', outcome: 'success', exitCode: 0 });
    });
    expect(text(screen.getByRole('status', { name: 'Run status' }))).toContain('Succeeded (exit code 0)');
    expect(disabled(screen.getByRole('button', { name: 'Stop' }))).toBe(true);
  });

  it('Shift+F5 stops the run', async () => {
    const { transport } = mount({
      'run:start': () => ({ ok: true, value: { runId: 'r2', engine: 'builtin' } }),
      'run:stop': () => ({ ok: true, value: { stopping: true } }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Start Without Debugging' }));
    await screen.findByRole('region', { name: 'Progress' });
    await waitFor(() => expect(disabled(screen.getByRole('button', { name: 'Stop' }))).toBe(false));
    fireEvent.keyDown(document, { key: 'F5', shiftKey: true });
    await waitFor(() => expect(transport.callsTo('run:stop')).toEqual([{ runId: 'r2' }]));
    expect(text(screen.getByRole('status', { name: 'Run status' }))).toContain('Running (stopping…)');
    act(() => transport.emit('run:finished', { runId: 'r2', outcome: 'cancelled', exitCode: 3 }));
    expect(text(screen.getByRole('status', { name: 'Run status' }))).toContain('Canceled (exit code 3)');
  });
});

const TARGET = { serverId: 's1', serverName: 'SRV1', jobId: 'AAAAAAAA-0000-0000-0000-000000000001', jobName: 'Nightly Load' };

function status(run: JobRun | null, more: Partial<JobStatus> = {}): JobStatus {
  return {
    serverId: 's1', jobId: TARGET.jobId, jobName: TARGET.jobName, enabled: true, state: 'idle', currentStep: null,
    steps: [{ id: 1, name: 'Extract', subsystem: 'CmdExec' }, { id: 2, name: 'Publish', subsystem: 'CmdExec' }],
    startStepId: 1, lastOutcome: null, lastRunAt: null, run, ...more,
  };
}

const hrow = (instanceId: number, stepId: number, outcome: JobHistoryRow['outcome'], message: string): JobHistoryRow => ({
  instanceId, stepId, stepName: stepId === 0 ? '(Job outcome)' : stepId === 1 ? 'Extract' : 'Publish', outcome, runAt: '2026-01-01T10:00:00', durationSeconds: 3,
  message, sqlMessageId: 0, sqlSeverity: 0, retriesAttempted: 0, server: 'SRV1',
});

describe('Start Job at Step...', () => {
  it('starts at the chosen step, says "started" first, then follows the job to its real outcome', async () => {
    const statuses = [
      status(null),
      status(null),
      status({ requestedAt: '2026-01-01T10:00:00.000', startedAt: '2026-01-01T10:00:00.000', finishedAt: null, lastStepId: null, outcome: null, message: null, historyId: null }, { state: 'executing', currentStep: { id: 2, name: 'Publish' } }),
      status({ requestedAt: '2026-01-01T10:00:00.000', startedAt: '2026-01-01T10:00:00.000', finishedAt: '2026-01-01T10:00:03.000', lastStepId: 2, outcome: 'failed', message: 'The job failed.  The Job was invoked by User sa.  The last step to run was step 2 (Publish).', historyId: 9 }),
    ];
    let refreshed = 0;
    const { transport, store } = mount({
      'jobs:status': () => ({ ok: true, value: statuses.length > 1 ? statuses.shift()! : statuses[0]! }),
      'jobs:start': (a) => ({ ok: true, value: { serverId: 's1', jobId: TARGET.jobId, jobName: TARGET.jobName, stepName: a.stepName ?? null, message: "Job 'Nightly Load' started successfully.", previousRequestAt: null } }),
    });
    act(() => store.getState().openJobDialog({ kind: 'startAtStep', target: TARGET, onChange: () => refreshed++ }));
    const dialog = await screen.findByRole('dialog', { name: "Start Job on 'SRV1'" });
    fireEvent.click(await within(dialog).findByRole('radio', { name: '2 (Publish)' }));
    expect((within(dialog).getByRole('checkbox', { name: 'Wait for the outcome' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Start' }));
    await waitFor(() => expect(transport.callsTo('jobs:start')).toEqual([{ serverId: 's1', jobId: TARGET.jobId, stepName: 'Publish' }]));
    const live = within(dialog).getByRole('status', { name: 'Job status' });
    await waitFor(() => expect(text(live)).toContain('Executing step 2 (Publish)'), { timeout: 3000 });
    await waitFor(() => expect(text(live)).toContain('Failed'), { timeout: 3000 });
    expect(text(live)).toContain('The job failed.');
    expect(live.dataset.outcome).toBe('failed');
    expect(refreshed).toBeGreaterThan(0);
    expect(store.getState().outputLines[JOBS_OUTPUT_SOURCE]!.map((l) => l.text)).toEqual([
      "SRV1: Job 'Nightly Load' started successfully. (at step 'Publish')",
      "SRV1: Job 'Nightly Load': Executing step 2 (Publish)",
      "SRV1: Job 'Nightly Load' finished: Failed. The job failed.  The Job was invoked by User sa.  The last step to run was step 2 (Publish).",
    ]);
  });

  it('without waiting it says only that the run is queued', async () => {
    const { transport, store } = mount({
      'jobs:status': () => ({ ok: true, value: status(null) }),
      'jobs:start': () => ({ ok: true, value: { serverId: 's1', jobId: TARGET.jobId, jobName: TARGET.jobName, stepName: null, message: "Job 'Nightly Load' started successfully.", previousRequestAt: null } }),
    });
    act(() => store.getState().openJobDialog({ kind: 'startAtStep', target: TARGET }));
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByRole('radio', { name: '1 (Extract) — start step' });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Wait for the outcome' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Start' }));
    await waitFor(() => expect(text(within(dialog).getByRole('status', { name: 'Job status' }))).toContain('its outcome is not awaited here'));
    // The job's own start step is started without @step_name.
    expect(transport.callsTo('jobs:start')).toEqual([{ serverId: 's1', jobId: TARGET.jobId }]);
  });

  it('a refused start shows the server\'s words', async () => {
    const { store } = mount({
      'jobs:status': () => ({ ok: true, value: status(null) }),
      'jobs:start': () => ({ ok: false, error: { code: 'SQL_ERROR', message: 'SRV1: SQLServerAgent Error: Request to run job Nightly Load (from User sa) refused because the job is already running from a request by User sa. (SQL Server error 22022)' } }),
    });
    act(() => store.getState().openJobDialog({ kind: 'startAtStep', target: TARGET }));
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByRole('radio', { name: '1 (Extract) — start step' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Start' }));
    await waitFor(() => expect(text(within(dialog).getByRole('status', { name: 'Job status' }))).toContain('refused because the job is already running'));
  });
});

describe('View History (Log File Viewer)', () => {
  it('lists each run\'s job row with its step rows and shows the selected row\'s message', async () => {
    const { store } = mount({
      'jobs:history': () => ({
        ok: true,
        value: {
          serverId: 's1', jobId: TARGET.jobId, jobName: TARGET.jobName,
          runs: [{ job: hrow(3, 0, 'failed', 'The job failed.'), steps: [hrow(1, 1, 'succeeded', 'extracted 42 rows'), hrow(2, 2, 'failed', 'Process Exit Code 5.  The step failed.')] }],
        },
      }),
    });
    act(() => store.getState().openJobDialog({ kind: 'history', target: TARGET }));
    const dialog = await screen.findByRole('dialog', { name: 'Log File Viewer - SRV1' });
    const table = await within(dialog).findByRole('table', { name: 'Job history of Nightly Load' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').slice(1, 3).map((c) => c.textContent))).toEqual([
      ['Failed', "Job 'Nightly Load'"],
      ['Succeeded', 'Step 1 (Extract)'],
      ['Failed', 'Step 2 (Publish)'],
    ]);
    fireEvent.click(rows[2]!);
    expect(text(within(dialog).getByRole('region', { name: 'Selected row details' }))).toContain('Process Exit Code 5.  The step failed.');
  });
});

describe('Execute... of a catalog package', () => {
  it('follows the run, offers Stop while it runs, and shows how it ended with its messages', async () => {
    let status: 'running' | 'canceled' = 'running';
    const execution = () => ({
      serverId: 's1', executionId: 41, folder: 'Etl', project: 'Loader', packageName: 'Child1.dtsx', status, startTime: null, endTime: null,
      messages: status === 'canceled' ? [{ time: null, type: 120, text: 'Operation canceled by sa.' }] : [],
    });
    const { transport, store } = mount({
      'catalog:execute': () => ({ ok: true, value: { executionId: 41 } }),
      'catalog:execution': () => ({ ok: true, value: execution() }),
      'catalog:stop': () => {
        status = 'canceled';
        return { ok: true, value: { message: 'Stop requested for execution 41; it ends as Canceled.' } };
      },
    });
    const target = { serverId: 's1', serverName: 'SRV1', folder: 'Etl', project: 'Loader', packageName: 'Child1.dtsx' };
    act(() => store.getState().openJobDialog({ kind: 'executeCatalog', target }));
    const dialog = screen.getByRole('dialog', { name: 'Execute Package - Child1.dtsx' });
    fireEvent.click(within(dialog).getByLabelText('32-bit runtime'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(within(dialog).getByRole('status', { name: 'Execution status' }).getAttribute('data-status')).toBe('running'));
    expect(transport.callsTo('catalog:execute')).toEqual([{ serverId: 's1', folder: 'Etl', project: 'Loader', packageName: 'Child1.dtsx', use32bit: true }]);
    expect(disabled(within(dialog).getByRole('button', { name: 'OK' }))).toBe(true);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(within(dialog).getByRole('status', { name: 'Execution status' }).getAttribute('data-phase')).toBe('finished'), { timeout: 3000 });
    expect(transport.callsTo('catalog:stop')).toEqual([{ serverId: 's1', executionId: 41 }]);
    expect(text(within(dialog).getByRole('status', { name: 'Execution status' }))).toContain('Execution 41: Canceled');
    expect(text(within(dialog).getByRole('list', { name: 'Execution messages' }))).toBe('Error: Operation canceled by sa.');
    expect(within(dialog).queryByRole('button', { name: 'Stop' })).toBeNull();
  });
});

describe('job menu', () => {
  it('offers Execute... on the catalog packages that are entry points only (SSISDB runs no other)', () => {
    const store = createAppStore(new FakeTransport());
    const server = { id: 's1', displayName: 'SRV1', host: 'h', port: null, authentication: 'sql', userName: 'sa', encrypt: 'optional', trustServerCertificate: true, passwordSaved: true } as const;
    const menu = (entryPoint: boolean) =>
      serverMenu(store, { id: 'k', label: 'P.dtsx', kind: 'catalogPackage', server, catalogPackage: { folder: 'F', project: 'Pr', packageName: 'P.dtsx', entryPoint } })
        .filter((e) => e.kind === 'item')
        .map((e) => (e.kind === 'item' ? `${e.label}${e.disabled ? ' (off)' : ''}` : ''));
    expect(menu(true)).toEqual(['Execute...', 'Refresh']);
    expect(menu(false)).toEqual(['Execute... (off)', 'Refresh']);
  });

  it('offers SSMS\'s job commands on a job of the Servers pane, before Refresh and Properties', () => {
    const store = createAppStore(new FakeTransport());
    const server = { id: 's1', displayName: 'SRV1', host: 'h', port: null, authentication: 'sql', userName: 'sa', encrypt: 'optional', trustServerCertificate: true, passwordSaved: true } as const;
    const job = { jobId: TARGET.jobId, name: TARGET.jobName, enabled: true, description: null, category: null, owner: 'sa', lastOutcome: null, lastRunAt: null, currentStatus: 'idle', currentStep: null, hasSteps: true, hasTarget: true, dateCreated: null, dateModified: null } as const;
    const entries = tidySeparators(serverMenu(store, { id: 'job', label: job.name, kind: 'job', server, job }));
    expect(entries.map((e) => (e.kind === 'separator' ? '-' : e.label))).toEqual(['Start Job at Step...', 'Stop Job', 'Enable', 'Disable', 'View History', '-', 'Delete', '-', 'Refresh', 'Properties']);
    // An enabled job can be disabled, not enabled.
    expect(entries.filter((e) => e.kind === 'item' && e.disabled).map((e) => (e.kind === 'item' ? e.label : ''))).toEqual(['Enable']);
  });
});
