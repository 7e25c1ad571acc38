/**
 * Solution state and every call to the 'solution:*' channels. Failures land in `errors` (the error bar) or,
 * for CONFLICT, in `conflict` (the reload question); actions whose dialog shows the error itself return it.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { RequestArgs, RequestChannel, ResponseOf, Transport } from '../../shared/contract/channels.js';
import type { AppError, Result } from '../../shared/result.js';
import type { SolutionView } from '../../shared/model/solution.js';
import { defaultExpanded, packageId } from '../features/solution-explorer/treeModel.js';
import type { AppState, SolutionSlice } from './types.js';
import { invokeSafely } from './invoke-safely.js';

export const CONFLICT_MESSAGE = 'The file has been modified outside the editor. Do you want to reload it?';

type Report = 'bar' | 'caller';

export function createSolutionSlice(transport: Transport): StateCreator<AppState, [], [], SolutionSlice> {
  return (set, get) => {
    let nextErrorId = 1;

    function pushError(error: AppError): void {
      set((s) => ({ errors: [...s.errors, { id: nextErrorId++, code: error.code, message: error.message }] }));
    }

    /** Calls a channel; never throws. CONFLICT always becomes the reload question. */
    async function call<C extends RequestChannel>(channel: C, args: RequestArgs<C>, report: Report = 'bar'): Promise<Result<ResponseOf<C>>> {
      set((s) => ({ busy: s.busy + 1 }));
      const result = await invokeSafely(transport, channel, args);
      set((s) => ({ busy: Math.max(0, s.busy - 1) }));
      if (!result.ok) {
        if (result.error.code === 'CONFLICT') set({ conflict: { message: CONFLICT_MESSAGE } });
        else if (report === 'bar') pushError(result.error);
      }
      return result;
    }

    /** A new view keeps selection and expansion of the ids that still exist. */
    function applyView(view: SolutionView, fresh = false): void {
      set((s) => {
        const expanded = fresh || !s.view ? defaultExpanded(view) : s.expanded;
        return { view, expanded };
      });
    }

    return {
      view: null,
      loaded: false,
      selection: [],
      expanded: {},
      filter: '',
      busy: 0,
      errors: [],
      conflict: null,

      start() {
        const off = transport.on('solution:changed', (view) => applyView(view));
        void get().load();
        return off;
      },
      async load() {
        const r = await call('solution:get', {});
        if (r.ok && r.value) applyView(r.value, true);
        set({ loaded: true });
      },
      async open(path) {
        const r = await call('solution:open', { path }, 'caller');
        if (!r.ok) return r.error.code === 'CONFLICT' ? null : r.error;
        applyView(r.value, true);
        set({ selection: [] });
        return null;
      },
      async reload() {
        const r = await call('solution:reload', {});
        if (r.ok) {
          applyView(r.value);
          set({ conflict: null });
        }
      },
      async setEntryPoint(ref, entryPoint) {
        const r = await call('solution:setEntryPoint', { ...ref, entryPoint });
        if (r.ok) applyView(r.value);
      },
      async setStartupObject(ref) {
        const r = await call('solution:setStartupObject', { ...ref });
        if (r.ok) applyView(r.value);
      },
      async renamePackage(ref, newName) {
        const r = await call('solution:renamePackage', { ...ref, newName }, 'caller');
        if (!r.ok) return r.error.code === 'CONFLICT' ? null : r.error;
        applyView(r.value);
        set({ selection: [packageId(ref.projectPath, newName)] });
        return null;
      },
      async deletePackages(refs) {
        for (const ref of refs) {
          const r = await call('solution:deletePackage', { ...ref });
          if (!r.ok) return;
          applyView(r.value);
        }
        set({ selection: [] });
      },
      async excludePackage(ref) {
        const r = await call('solution:excludePackage', { ...ref });
        if (r.ok) applyView(r.value);
      },
      async newPackage(projectPath) {
        const r = await call('solution:newPackage', { projectPath });
        if (!r.ok) return;
        applyView(r.value.view);
        set({ selection: [packageId(projectPath, r.value.packageName)] });
      },
      async addExistingPackage(projectPath, sourcePath) {
        const r = await call('solution:addExistingPackage', { projectPath, sourcePath }, 'caller');
        if (!r.ok) return r.error.code === 'CONFLICT' ? null : r.error;
        applyView(r.value);
        return null;
      },
      async unlockProject(projectPath, password) {
        const r = await call('solution:unlockProject', { projectPath, password }, 'caller');
        if (!r.ok) return r.error.code === 'CONFLICT' ? null : r.error;
        applyView(r.value);
        return null;
      },
      async viewCode(path) {
        const r = await call('solution:viewCode', { path });
        return r.ok ? r.value : null;
      },
      async packageProperties(ref) {
        const r = await call('solution:packageProperties', { ...ref });
        return r.ok ? r.value : null;
      },
      async projectProperties(projectPath) {
        const r = await call('solution:projectProperties', { projectPath });
        return r.ok ? r.value : null;
      },
      async pickFile(title, extensions) {
        const r = await call('dialog:openFile', { title, extensions }, 'caller');
        if (r.ok) return r.value;
        if (r.error.code !== 'UNSUPPORTED') pushError(r.error);
        return r.error;
      },
      async pickSaveFile(title, extensions, defaultName) {
        const r = await call('dialog:saveFile', { title, extensions, defaultName }, 'caller');
        if (r.ok) return r.value.path;
        pushError(r.error);
        return null;
      },

      setSelection(ids) {
        set({ selection: ids });
      },
      setExpanded(id, open) {
        set((s) => ({ expanded: { ...s.expanded, [id]: open } }));
      },
      setFilter(filter) {
        set({ filter });
      },
      reportError(error) {
        pushError(error);
      },
      dismissError(id) {
        set((s) => ({ errors: s.errors.filter((e) => e.id !== id) }));
      },
      clearConflict() {
        set({ conflict: null });
      },
    };
  };
}
