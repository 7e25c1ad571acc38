import { describe, expect, it } from 'vitest';
import type { RunNode } from '../../shared/contract/runs.js';
import { FakeTransport } from '../test/fakeTransport.js';
import { etlProject, PROJECT, sampleView } from '../test/sampleView.js';
import { createAppStore } from './createAppStore.js';
import { RUN_OUTPUT_SOURCE, startupTarget } from './runsSlice.js';

const node = (id: string, parentId: string | null, state: RunNode['state'], more: Partial<RunNode> = {}): RunNode => ({
  id, parentId, path: `\\${id}`, name: id, kind: parentId ? 'task' : 'package', taskType: '', state, start: null, end: null, messages: [], ...more,
});

function setup(handlers: ConstructorParameters<typeof FakeTransport>[0] = {}) {
  const transport = new FakeTransport({ 'run:start': () => ({ ok: true, value: { runId: 'r1', engine: 'builtin' } }), 'run:stop': () => ({ ok: true, value: { stopping: true } }), ...handlers });
  const store = createAppStore(transport);
  store.setState({ view: sampleView() });
  const debug = () => (store.getState().outputLines[RUN_OUTPUT_SOURCE] ?? []).map((l) => l.text);
  return { transport, store, debug };
}

describe('runs slice', () => {
  it('Start Without Debugging runs the StartUp object; events build the Progress tree and the Debug output', async () => {
    const { transport, store, debug } = setup();
    await store.getState().startWithoutDebugging();
    expect(transport.callsTo('run:start')).toEqual([{ projectPath: PROJECT, packageName: 'Parent.dtsx' }]);
    expect(store.getState()).toMatchObject({ progressOpen: true, outputShown: 'Debug', run: { runId: 'r1', state: 'running' } });

    transport.emit('run:progress', { runId: 'r1', node: node('Parent', null, 'running') });
    transport.emit('run:output', { runId: 'r1', lines: ['SSIS package "Parent.dtsx" starting.'] });
    transport.emit('run:progress', { runId: 'r1', node: node('Start job', 'Parent', 'success') });
    transport.emit('run:progress', { runId: 'r1', node: node('Parent', null, 'success') });
    transport.emit('run:output', { runId: 'r1', lines: ['SSIS package "Parent.dtsx" finished: Success.'] });
    transport.emit('run:finished', { runId: 'r1', outcome: 'success', exitCode: 0 });
    // Events of another run are not this run's.
    transport.emit('run:output', { runId: 'other', lines: ['not mine'] });

    const run = store.getState().run!;
    expect(run.order).toEqual(['Parent', 'Start job']);
    expect(run.nodes.Parent!.state).toBe('success');
    expect(run).toMatchObject({ state: 'success', exitCode: 0 });
    expect(run.firstOutputAt).not.toBeNull();
    expect(debug()).toEqual([
      '------ Start Without Debugging: Parent.dtsx ------',
      'SSIS package "Parent.dtsx" starting.',
      'SSIS package "Parent.dtsx" finished: Success.',
      'Package execution completed: Success (exit code 0).',
    ]);
  });

  it('a package the built-in engine cannot run is not started: the blockers are listed and nothing runs', async () => {
    const { store, debug } = setup({
      'run:start': () => ({ ok: true, value: { runId: 'r2', engine: 'builtin', blocked: [{ path: '\\Package\\Data Flow Task', taskType: 'Microsoft.Pipeline', message: 'The built-in engine cannot run Data Flow tasks; install SSIS (dtexec) to run this package.' }] } }),
    });
    await store.getState().executePackage({ projectPath: PROJECT, packageName: 'Child1.dtsx' });
    expect(store.getState().run).toBeNull();
    expect(debug()).toEqual([
      '------ Execute Package: Child1.dtsx ------',
      'The package "Child1.dtsx" was not run: the built-in engine cannot run everything in it. Nothing was executed.',
      'Error: \\Package\\Data Flow Task (Microsoft.Pipeline): The built-in engine cannot run Data Flow tasks; install SSIS (dtexec) to run this package.',
    ]);
    expect(store.getState().errors[0]!.message).toContain('"Child1.dtsx" was not run: 1 executable the built-in engine cannot run');
  });

  it('Stop asks the runner to cancel; the run ends Canceled with exit code 3', async () => {
    const { transport, store, debug } = setup();
    await store.getState().executePackage({ projectPath: PROJECT, packageName: 'Child2.dtsx' });
    await store.getState().stopRun();
    expect(transport.callsTo('run:stop')).toEqual([{ runId: 'r1' }]);
    expect(store.getState().run!.stopping).toBe(true);
    transport.emit('run:finished', { runId: 'r1', outcome: 'cancelled', exitCode: 3 });
    expect(store.getState().run).toMatchObject({ state: 'cancelled', exitCode: 3, stopping: false });
    expect(debug().slice(-2)).toEqual(['Stop requested: canceling the package execution...', 'Package execution completed: Canceled (exit code 3).']);
  });

  it('one run at a time, as in Visual Studio', async () => {
    const { transport, store } = setup();
    await store.getState().startWithoutDebugging();
    await store.getState().executePackage({ projectPath: PROJECT, packageName: 'Child1.dtsx' });
    expect(transport.callsTo('run:start')).toHaveLength(1);
    expect(store.getState().errors[0]!.message).toBe('"Parent.dtsx" is still running. Stop it (Shift+F5) before starting another run.');
  });

  it('events that arrive before run:start answers are kept for the run', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const { transport, store } = setup({
      'run:start': async () => {
        await gate;
        return { ok: true, value: { runId: 'r9', engine: 'dtexec' } };
      },
    });
    const started = store.getState().startWithoutDebugging();
    await Promise.resolve();
    transport.emit('run:output', { runId: 'r9', lines: ['early line'] });
    release();
    await started;
    expect(store.getState().run).toMatchObject({ runId: 'r9', engine: 'dtexec' });
    expect(store.getState().outputLines.Debug!.map((l) => l.text)).toContain('early line');
  });

  it('a load error is reported and leaves no run', async () => {
    const { store, debug } = setup({ 'run:start': () => ({ ok: false, error: { code: 'PARSE_ERROR', message: 'Child1.dtsx is not well-formed XML.' } }) });
    await store.getState().executePackage({ projectPath: PROJECT, packageName: 'Child1.dtsx' });
    expect(store.getState().run).toBeNull();
    expect(debug()).toContain('Error: Child1.dtsx is not well-formed XML.');
    expect(store.getState().errors.map((e) => e.message)).toEqual(['Child1.dtsx is not well-formed XML.']);
  });
});

describe('startupTarget', () => {
  it('is the StartUp object of the project; none when no project has one', () => {
    expect(startupTarget(sampleView(), [])).toEqual({ projectPath: PROJECT, packageName: 'Parent.dtsx' });
    expect(startupTarget(sampleView([{ ...etlProject(), startupObject: null }]), [])).toBeNull();
    expect(startupTarget(null, [])).toBeNull();
  });

  it('Ctrl+F5 without a StartUp object says how to set one', async () => {
    const { transport, store } = setup();
    store.setState({ view: sampleView([{ ...etlProject(), startupObject: null }]) });
    await store.getState().startWithoutDebugging();
    expect(transport.callsTo('run:start')).toHaveLength(0);
    expect(store.getState().errors[0]!.message).toMatch(/Set as StartUp Object/);
  });
});
