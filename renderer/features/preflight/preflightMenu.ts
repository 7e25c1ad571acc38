/** Solution Explorer menu entries of preflight: Wire Child Jobs... on an Entry-point package, checks on a project. */
import type { PackageNode, ProjectNode } from '../../../shared/model/solution.js';
import type { AppStore } from '../../store/createAppStore.js';
import type { PackageRef } from '../../store/types.js';
import type { MenuEntry } from '../../components/menu-entry.js';

export function packageWireEntries(store: AppStore, ref: PackageRef, pkg: PackageNode): MenuEntry[] {
  const usable = pkg.status === 'ok' && pkg.entryPoint !== false;
  return [{ kind: 'item', label: 'Wire Child Jobs...', disabled: !usable, run: () => store.getState().openWireDialog(ref.projectPath, ref.packageName) }];
}

export function projectPreflightEntries(store: AppStore, project: ProjectNode): MenuEntry[] {
  const usable = project.status === 'loaded';
  return [
    { kind: 'item', label: 'Run Preflight Checks', disabled: !usable, run: () => void store.getState().runPreflight([project.path]) },
    { kind: 'item', label: 'Compare with Servers', disabled: !usable, run: () => void store.getState().compareWithServers([project.path]) },
  ];
}
