/**
 * SolutionView → the nodes Visual Studio's Solution Explorer shows. Pure, so the labels and structure are
 * tested without a DOM. Ids are derived from paths so selection and expansion survive a reload.
 */
import type { ItemNode, PackageNode, ProjectNode, SolutionView } from '../../../shared/model/solution.js';

export type NodeKind = 'solution' | 'project' | 'folder' | 'params' | 'connectionManager' | 'package' | 'item';
export type FolderKind = 'connectionManagers' | 'packages' | 'packageParts' | 'miscellaneous';

export interface TreeNode {
  readonly id: string;
  /** The visible label, also the treeitem's accessible name. */
  readonly name: string;
  readonly kind: NodeKind;
  readonly children?: TreeNode[];
  readonly folder?: FolderKind;
  readonly project?: ProjectNode;
  readonly pkg?: PackageNode;
  readonly item?: ItemNode;
  /** A message for the error badge, when the node failed to load. */
  readonly error?: string;
  /** Tooltip text (reason a project is unavailable, foreign kind ...). */
  readonly tooltip?: string;
  readonly dimmed?: boolean;
}

export const SOLUTION_ID = 'solution';
export const projectId = (p: { path: string }): string => `project:${p.path}`;
export const packageId = (projectPath: string, name: string): string => `package:${projectPath}|${name.toLowerCase()}`;
export const folderId = (projectPath: string, folder: FolderKind): string => `folder:${projectPath}|${folder}`;

const FOLDER_LABELS: Record<FolderKind, string> = {
  connectionManagers: 'Connection Managers',
  packages: 'SSIS Packages',
  packageParts: 'Package Parts',
  miscellaneous: 'Miscellaneous',
};

function baseName(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? path;
  return name.replace(/\.(sln|slnx|dtproj)$/i, '');
}

/** Projects Visual Studio counts as loaded in "(N of M projects)". */
export function isLoaded(p: ProjectNode): boolean {
  return p.status === 'loaded' || p.status === 'locked' || p.status === 'foreign';
}

export function solutionLabel(view: SolutionView): string {
  const name = view.solution?.name ?? view.projects[0]?.name ?? baseName(view.openedPath);
  const total = view.projects.length;
  const loaded = view.projects.filter(isLoaded).length;
  return `Solution '${name}' (${loaded} of ${total} ${total === 1 ? 'project' : 'projects'})`;
}

export function projectLabel(p: ProjectNode): string {
  return p.status === 'unavailable' ? `${p.name} (unavailable)` : p.name;
}

function itemNode(item: ItemNode, kind: NodeKind): TreeNode {
  return {
    id: `item:${item.path}`,
    name: item.name,
    kind,
    item,
    error: item.status === 'ok' ? undefined : (item.error ?? (item.status === 'missing' ? `The file '${item.path}' could not be found.` : 'The file could not be read.')),
  };
}

function packageNode(project: ProjectNode, pkg: PackageNode): TreeNode {
  const error =
    pkg.status === 'ok' ? undefined : (pkg.error ?? (pkg.status === 'missing' ? `The file '${pkg.path}' could not be found.` : 'The package could not be read.'));
  return { id: packageId(project.path, pkg.name), name: pkg.name, kind: 'package', project, pkg, error };
}

function folderNode(project: ProjectNode, folder: FolderKind, children: TreeNode[]): TreeNode {
  return { id: folderId(project.path, folder), name: FOLDER_LABELS[folder], kind: 'folder', folder, project, children };
}

function projectNode(p: ProjectNode): TreeNode {
  const base = { id: projectId(p), name: projectLabel(p), kind: 'project' as const, project: p };
  switch (p.status) {
    case 'unavailable':
      return { ...base, tooltip: p.error ?? 'The project could not be loaded.', dimmed: true, children: [] };
    case 'foreign':
      return { ...base, tooltip: `${p.foreignKind ?? 'Other'} project: not an Integration Services project.`, dimmed: true, children: [] };
    case 'locked':
      return { ...base, tooltip: p.error ?? 'This project is encrypted with a password (EncryptAllWithPassword). Enter the password to open it.', children: [] };
    case 'error':
      return { ...base, error: p.error ?? 'The project could not be read.', children: [] };
    case 'loaded': {
      const children: TreeNode[] = [];
      if (p.projectParams) children.push({ ...itemNode(p.projectParams, 'params'), project: p });
      children.push(folderNode(p, 'connectionManagers', p.connectionManagers.map((c) => ({ ...itemNode(c, 'connectionManager'), project: p }))));
      children.push(folderNode(p, 'packages', p.packages.map((pkg) => packageNode(p, pkg))));
      children.push(folderNode(p, 'packageParts', p.packageParts.map((i) => ({ ...itemNode(i, 'item'), project: p }))));
      children.push(folderNode(p, 'miscellaneous', p.miscellaneous.map((i) => ({ ...itemNode(i, 'item'), project: p }))));
      return { ...base, children };
    }
  }
}

/** The whole tree: one root node, the solution. */
export function buildTree(view: SolutionView): TreeNode[] {
  return [{ id: SOLUTION_ID, name: solutionLabel(view), kind: 'solution', children: view.projects.map(projectNode) }];
}

/** Finds a node by id (depth-first; the tree is small per level). */
export function findNode(nodes: readonly TreeNode[], id: string): TreeNode | null {
  for (const n of nodes) {
    if (n.id === id) return n;
    if (n.children) {
      const hit = findNode(n.children, id);
      if (hit) return hit;
    }
  }
  return null;
}

/** Ids opened the first time a solution is shown: as Visual Studio, the solution, projects and SSIS Packages. */
export function defaultExpanded(view: SolutionView): Record<string, boolean> {
  const open: Record<string, boolean> = { [SOLUTION_ID]: true };
  for (const p of view.projects) {
    open[projectId(p)] = true;
    open[folderId(p.path, 'packages')] = true;
  }
  return open;
}

/** The search box matches labels case-insensitively, as Visual Studio's does. */
export function matchesFilter(node: TreeNode, filter: string): boolean {
  return node.name.toLowerCase().includes(filter.trim().toLowerCase());
}
