/** The context menu of each node, with Visual Studio's labels and order. */
import type { AppStore } from '../../store/createAppStore.js';
import type { PackageRef } from '../../store/types.js';
import { packageRunEntries } from '../runs/packageMenu.js';
import * as act from './actions.js';
import { packageExportEntries, projectBuildEntries } from '../build/buildMenu.js';
import { packageWireEntries, projectPreflightEntries } from '../preflight/preflightMenu.js';
import type { TreeNode } from './treeModel.js';
import type { MenuEntry } from '../../components/menu-entry.js';

const sep: MenuEntry = { kind: 'separator' };

/**
 * "Deploy to Server 'X'..." per registered server (the keyboard's way to do what a drag onto the Servers pane
 * does, for the package or the selection it belongs to), Deploy (this package's saved assignments) and one
 * "Remove from Server 'X'..." per server it is assigned to.
 */
function deployEntries(store: AppStore, ref: PackageRef, targets: readonly TreeNode[]): MenuEntry[] {
  const s = store.getState();
  const name = ref.packageName.toLowerCase();
  const assigned = s.assignments[ref.projectPath]?.assignments.filter((a) => a.packageName.toLowerCase() === name) ?? [];
  const refs = targets.map(act.refOf).filter((r) => r !== null);
  const entries: MenuEntry[] = s.servers.map((server) => ({
    kind: 'item',
    label: `Deploy to Server '${server.displayName}'...`,
    run: () => void s.openDeployDrop({ serverId: server.id, hint: null, refs }),
  }));
  if (assigned.length) {
    entries.push({ kind: 'item', label: 'Deploy', run: () => void s.deployAssignments([ref.projectPath], assigned.map((a) => a.id)) });
    for (const a of assigned) {
      entries.push({ kind: 'item', label: `Remove from Server '${a.server}'...`, run: () => s.askRemoveFromServer({ projectPath: ref.projectPath, assignments: [a] }) });
    }
  }
  return entries.length ? [sep, ...entries] : [];
}

export function menuFor(store: AppStore, node: TreeNode, selection: readonly TreeNode[]): MenuEntry[] {
  const s = store.getState();
  switch (node.kind) {
    case 'solution':
      return [
        { kind: 'item', label: 'Reload', run: () => void s.reload() },
        { kind: 'item', label: 'Open Solution...', run: () => void act.openSolution(store) },
      ];
    case 'project': {
      const p = node.project;
      if (!p) return [];
      if (p.status === 'locked') {
        return [{ kind: 'item', label: 'Enter Password...', run: () => act.enterPassword(store, node) }, sep, { kind: 'item', label: 'Properties', run: () => void act.showProperties(store, node) }];
      }
      const usable = p.status === 'loaded';
      return [
        ...projectBuildEntries(store, p),
        sep,
        { kind: 'item', label: 'New SSIS Package', disabled: !usable, run: () => void s.newPackage(p.path) },
        { kind: 'item', label: 'Add Existing Package...', disabled: !usable, run: () => void act.addExistingPackage(store, p.path) },
        sep,
        { kind: 'item', label: 'Deploy All', disabled: !usable || !(s.assignments[p.path]?.assignments.length), run: () => void s.deployAll([p.path]) },
        ...projectPreflightEntries(store, p),
        sep,
        // EncryptSensitiveWithPassword: the project opens without it; runs need it to read connection passwords.
        ...(p.protectionLevel === 2 ? [{ kind: 'item' as const, label: 'Enter Password...', disabled: !usable, run: () => act.enterPassword(store, node) }] : []),
        { kind: 'item', label: 'Properties', disabled: !usable, run: () => void act.showProperties(store, node) },
      ];
    }
    case 'folder':
      if (node.folder === 'packages' && node.project) {
        const path = node.project.path;
        return [
          { kind: 'item', label: 'New SSIS Package', run: () => void s.newPackage(path) },
          { kind: 'item', label: 'Add Existing Package...', run: () => void act.addExistingPackage(store, path) },
        ];
      }
      return [];
    case 'package': {
      const ref = act.refOf(node);
      const pkg = node.pkg;
      if (!ref || !pkg) return [];
      const projectModel = node.project?.deploymentModel === 'Project';
      const readable = pkg.status === 'ok';
      const targets = selection.some((n) => n.id === node.id) ? selection : [node];
      return [
        { kind: 'check', label: 'Entry-point Package', checked: pkg.entryPoint === true, disabled: !projectModel, run: () => void s.setEntryPoint(ref, pkg.entryPoint !== true) },
        { kind: 'item', label: 'Set as StartUp Object', run: () => void s.setStartupObject(ref) },
        ...packageRunEntries(store, ref, readable),
        sep,
        { kind: 'item', label: 'View Code', shortcut: 'F7', disabled: pkg.status === 'missing', run: () => void act.viewCode(store, node) },
        ...packageExportEntries(store, ref, pkg.status !== 'missing'),
        sep,
        { kind: 'item', label: 'Exclude From Project', run: () => void s.excludePackage(ref) },
        { kind: 'item', label: 'Delete', shortcut: 'Del', run: () => act.confirmDelete(store, targets) },
        { kind: 'item', label: 'Rename', shortcut: 'F2', run: () => act.startRename(store, node) },
        ...deployEntries(store, ref, targets),
        sep,
        ...packageWireEntries(store, ref, pkg),
        sep,
        { kind: 'item', label: 'Properties', shortcut: 'Alt+Enter', disabled: !readable, run: () => void act.showProperties(store, node) },
      ];
    }
    case 'params':
    case 'connectionManager':
    case 'item':
      return [{ kind: 'item', label: 'View Code', shortcut: 'F7', disabled: node.item?.status === 'missing', run: () => void act.viewCode(store, node) }];
  }
}
