/** Build commands of the Solution Explorer's context menus: project Build / Create deployment utility, package Export... */
import type { ProjectNode } from '../../../shared/model/solution.js';
import type { AppStore } from '../../store/createAppStore.js';
import type { PackageRef } from '../../store/types.js';
import type { MenuEntry } from '../../components/menu-entry.js';

/** "Build" in the project deployment model, "Create deployment utility" in the package deployment model. */
export function projectBuildEntries(store: AppStore, project: ProjectNode): MenuEntry[] {
  const usable = project.status === 'loaded';
  if (project.deploymentModel === 'Package') {
    return [{ kind: 'item', label: 'Create deployment utility', disabled: !usable, run: () => void store.getState().createDeploymentUtility(project.path, project.name) }];
  }
  return [{ kind: 'item', label: 'Build', disabled: !usable || project.deploymentModel !== 'Project', run: () => void store.getState().buildProject(project.path, project.name) }];
}

export function packageExportEntries(store: AppStore, ref: PackageRef, exists: boolean): MenuEntry[] {
  return [{ kind: 'item', label: 'Export...', disabled: !exists, run: () => store.getState().openExportDialog(ref) }];
}
