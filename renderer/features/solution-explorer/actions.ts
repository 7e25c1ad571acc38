/**
 * What the Solution Explorer's commands do, shared by the context menu and the keyboard. Each takes the store,
 * so the same command behaves the same whichever way the user invoked it.
 */
import type { AppStore } from '../../store/createAppStore.js';
import type { PackageRef } from '../../store/types.js';
import { findNode, buildTree, type TreeNode } from './treeModel.js';

export function refOf(node: TreeNode): PackageRef | null {
  return node.kind === 'package' && node.project && node.pkg ? { projectPath: node.project.path, packageName: node.pkg.name } : null;
}

/** The tree nodes of the current selection, in tree order of selection. */
export function selectedNodes(store: AppStore): TreeNode[] {
  const { view, selection } = store.getState();
  if (!view) return [];
  const tree = buildTree(view);
  return selection.map((id) => findNode(tree, id)).filter((n): n is TreeNode => n !== null);
}

export async function viewCode(store: AppStore, node: TreeNode): Promise<void> {
  const path = node.pkg?.path ?? node.item?.path;
  if (!path) return;
  const code = await store.getState().viewCode(path);
  if (code) store.getState().openDialog({ kind: 'viewCode', code });
}

export function startRename(store: AppStore, node: TreeNode): void {
  const ref = refOf(node);
  if (ref) store.getState().openDialog({ kind: 'rename', ref });
}

export function confirmDelete(store: AppStore, nodes: readonly TreeNode[]): void {
  const refs = nodes.map(refOf).filter((r): r is PackageRef => r !== null);
  if (refs.length > 0) store.getState().openDialog({ kind: 'delete', refs });
}

export async function showProperties(store: AppStore, node: TreeNode): Promise<void> {
  const s = store.getState();
  const ref = refOf(node);
  if (ref) {
    const props = await s.packageProperties(ref);
    if (props) store.getState().openDialog({ kind: 'packageProperties', props });
  } else if (node.kind === 'project' && node.project) {
    const props = await s.projectProperties(node.project.path);
    if (props) store.getState().openDialog({ kind: 'projectProperties', props });
  }
}

export async function openSolution(store: AppStore): Promise<void> {
  const picked = await store.getState().pickFile('Open Project/Solution', ['sln', 'slnx', 'dtproj']);
  if ('code' in picked) {
    if (picked.code === 'UNSUPPORTED') store.getState().openDialog({ kind: 'typedPath', purpose: 'openSolution' });
    return;
  }
  if (picked.path) {
    const error = await store.getState().open(picked.path);
    if (error) store.getState().reportError(error);
  }
}

export async function addExistingPackage(store: AppStore, projectPath: string): Promise<void> {
  const picked = await store.getState().pickFile('Add Copy of Existing Package', ['dtsx']);
  if ('code' in picked) {
    if (picked.code === 'UNSUPPORTED') store.getState().openDialog({ kind: 'typedPath', purpose: 'addExistingPackage', projectPath });
    return;
  }
  if (picked.path) {
    const error = await store.getState().addExistingPackage(projectPath, picked.path);
    if (error) store.getState().reportError(error);
  }
}

export function enterPassword(store: AppStore, node: TreeNode): void {
  if (node.project) store.getState().openDialog({ kind: 'password', projectPath: node.project.path, projectName: node.project.name });
}

/** Enter on a node: packages and files open their code (no designer here); containers expand/collapse. */
export async function activate(store: AppStore, node: TreeNode): Promise<void> {
  if (node.kind === 'package' || node.kind === 'params' || node.kind === 'connectionManager' || node.kind === 'item') {
    if (node.error && node.pkg?.status === 'missing') return;
    await viewCode(store, node);
  } else if (node.kind === 'project' && node.project?.status === 'locked') {
    enterPassword(store, node);
  } else {
    const s = store.getState();
    s.setExpanded(node.id, !s.expanded[node.id]);
  }
}
