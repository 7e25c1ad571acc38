/** The run command of a package's context menu in Solution Explorer ("Execute Package", as in SSDT). */
import type { AppStore } from '../../store/createAppStore.js';
import type { PackageRef } from '../../store/types.js';
import type { MenuEntry } from '../../components/menu-entry.js';

export function packageRunEntries(store: AppStore, ref: PackageRef, readable: boolean): MenuEntry[] {
  const run = store.getState().run;
  const busy = run !== null && (run.state === 'running' || run.state === 'starting');
  return [{ kind: 'item', label: 'Execute Package', disabled: !readable || busy, run: () => void store.getState().executePackage(ref) }];
}
