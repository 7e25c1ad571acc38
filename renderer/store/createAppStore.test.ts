import { describe, expect, it } from 'vitest';
import { createAppStore } from './createAppStore.js';
import { CONFLICT_MESSAGE } from './solutionSlice.js';
import { FakeTransport } from '../test/fakeTransport.js';
import { etlProject, pkg, PROJECT, sampleView } from '../test/sampleView.js';
import { packageId, SOLUTION_ID } from '../features/solution-explorer/treeModel.js';
import type { SolutionView } from '../../shared/model/solution.js';

const ref = { projectPath: PROJECT, packageName: 'Child1.dtsx' };

function withEntryPoint(view: SolutionView, name: string, on: boolean): SolutionView {
  const p = view.projects[0]!;
  return { ...view, projects: [{ ...p, packages: p.packages.map((x) => (x.name === name ? { ...x, entryPoint: on } : x)) }] };
}

describe('createAppStore', () => {
  it('gives each caller a fresh store', () => {
    const a = createAppStore(new FakeTransport());
    const b = createAppStore(new FakeTransport());
    a.getState().setFilter('x');
    expect(b.getState().filter).toBe('');
  });

  it('loads the solution, opens the default nodes and marks itself loaded', async () => {
    const t = new FakeTransport({ 'solution:get': () => ({ ok: true, value: sampleView() }) });
    const store = createAppStore(t);
    await store.getState().load();
    const s = store.getState();
    expect(s.loaded).toBe(true);
    expect(s.view?.projects[0]?.name).toBe('Etl');
    expect(s.expanded[SOLUTION_ID]).toBe(true);
    expect(s.busy).toBe(0);
  });

  it('is loaded (with no view) when no solution is open', async () => {
    const store = createAppStore(new FakeTransport({ 'solution:get': () => ({ ok: true, value: null }) }));
    await store.getState().load();
    expect(store.getState().loaded).toBe(true);
    expect(store.getState().view).toBeNull();
  });

  it('sends the Entry-point toggle with the package reference and shows the answer', async () => {
    const t = new FakeTransport({
      'solution:get': () => ({ ok: true, value: sampleView() }),
      'solution:setEntryPoint': (a) => ({ ok: true, value: withEntryPoint(sampleView(), a.packageName, a.entryPoint) }),
    });
    const store = createAppStore(t);
    await store.getState().load();
    await store.getState().setEntryPoint(ref, true);
    expect(t.callsTo('solution:setEntryPoint')).toEqual([{ ...ref, entryPoint: true }]);
    expect(store.getState().view?.projects[0]?.packages.find((p) => p.name === 'Child1.dtsx')?.entryPoint).toBe(true);
  });

  it('turns CONFLICT into the reload question, and Reload clears it', async () => {
    const t = new FakeTransport({
      'solution:get': () => ({ ok: true, value: sampleView() }),
      'solution:setEntryPoint': () => ({ ok: false, error: { code: 'CONFLICT', message: 'Etl.dtproj changed on disk' } }),
      'solution:reload': () => ({ ok: true, value: sampleView([etlProject([pkg('Parent.dtsx', { entryPoint: true })])]) }),
    });
    const store = createAppStore(t);
    await store.getState().load();
    await store.getState().setEntryPoint(ref, true);
    expect(store.getState().conflict?.message).toBe(CONFLICT_MESSAGE);
    expect(store.getState().errors).toEqual([]);
    await store.getState().reload();
    expect(store.getState().conflict).toBeNull();
    expect(store.getState().view?.projects[0]?.packages).toHaveLength(1);
  });

  it('puts failures and transport exceptions in the error list until dismissed', async () => {
    const t = new FakeTransport({
      'solution:excludePackage': () => ({ ok: false, error: { code: 'IO_ERROR', message: 'Access to Etl.dtproj is denied.' } }),
      'solution:setStartupObject': () => Promise.reject(new Error('socket gone')),
    });
    const store = createAppStore(t);
    await store.getState().excludePackage(ref);
    await store.getState().setStartupObject(ref);
    const errors = store.getState().errors;
    expect(errors.map((e) => e.message)).toEqual(['Access to Etl.dtproj is denied.', 'socket gone']);
    expect(errors[1]!.code).toBe('INTERNAL');
    store.getState().dismissError(errors[0]!.id);
    expect(store.getState().errors.map((e) => e.message)).toEqual(['socket gone']);
  });

  it('keeps selection and expansion across solution:changed', async () => {
    const t = new FakeTransport({ 'solution:get': () => ({ ok: true, value: sampleView() }) });
    const store = createAppStore(t);
    const stop = store.getState().start();
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    const id = packageId(PROJECT, 'Child2.dtsx');
    store.getState().setSelection([id]);
    store.getState().setExpanded(SOLUTION_ID, true);
    store.getState().setExpanded(`folder:${PROJECT}|miscellaneous`, true);
    t.emit('solution:changed', withEntryPoint(sampleView(), 'Child2.dtsx', true));
    const s = store.getState();
    expect(s.selection).toEqual([id]);
    expect(s.expanded[`folder:${PROJECT}|miscellaneous`]).toBe(true);
    expect(s.view?.projects[0]?.packages.find((p) => p.name === 'Child2.dtsx')?.entryPoint).toBe(true);
    stop();
    expect(t.listenerCount('solution:changed')).toBe(0);
  });

  it('returns rename failures to the dialog instead of the error bar, and selects the renamed package', async () => {
    let fail = true;
    const t = new FakeTransport({
      'solution:renamePackage': (a) =>
        fail
          ? { ok: false, error: { code: 'ALREADY_EXISTS', message: `'${a.newName}' already exists.` } }
          : { ok: true, value: sampleView([etlProject([pkg(a.newName)])]) },
    });
    const store = createAppStore(t);
    expect((await store.getState().renamePackage(ref, 'Child2.dtsx'))?.code).toBe('ALREADY_EXISTS');
    expect(store.getState().errors).toEqual([]);
    fail = false;
    expect(await store.getState().renamePackage(ref, 'Loader.dtsx')).toBeNull();
    expect(store.getState().selection).toEqual([packageId(PROJECT, 'Loader.dtsx')]);
  });
});
