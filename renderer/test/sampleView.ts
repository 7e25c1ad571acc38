/** A solution shaped like the bundled sample plus the awkward cases: unavailable, foreign, locked, broken. */
import type { ProjectAssignments } from '../../shared/contract/deploy.js';
import type { PackageNode, ProjectNode, SolutionView } from '../../shared/model/solution.js';

const root = '/work/sample';
export const PROJECT = `${root}/Etl/Etl.dtproj`;

export function pkg(name: string, extra: Partial<PackageNode> = {}): PackageNode {
  return { name, path: `${root}/Etl/${name}`, entryPoint: false, protectionLevel: 1, formatVersion: 8, status: 'ok', ...extra };
}

export function etlProject(packages: PackageNode[] = defaultPackages()): ProjectNode {
  return {
    name: 'Etl',
    path: PROJECT,
    status: 'loaded',
    deploymentModel: 'Project',
    protectionLevel: 1,
    targetServerVersion: 'SQLServer2019',
    projectParams: { name: 'Project.params', path: `${root}/Etl/Project.params`, status: 'ok' },
    connectionManagers: [{ name: 'Warehouse.conmgr', path: `${root}/Etl/Warehouse.conmgr`, status: 'ok' }],
    packages,
    packageParts: [],
    miscellaneous: [{ name: 'readme.txt', path: `${root}/Etl/readme.txt`, status: 'ok' }],
    startupObject: 'Parent.dtsx',
  };
}

export function defaultPackages(): PackageNode[] {
  return [
    pkg('Parent.dtsx', { entryPoint: true }),
    pkg('Child1.dtsx'),
    pkg('Child2.dtsx'),
    pkg('Broken.dtsx', { status: 'error', protectionLevel: null, formatVersion: null, error: 'Broken.dtsx is not well-formed XML (line 3, column 7).' }),
  ];
}

export function sampleView(projects: ProjectNode[] = [etlProject()]): SolutionView {
  return { solution: { name: 'Sample', path: `${root}/Sample.sln` }, projects, openedPath: `${root}/Sample.sln`, kind: 'sln' };
}

export function mixedView(): SolutionView {
  return sampleView([
    etlProject(),
    { name: 'Gone', path: `${root}/Gone/Gone.dtproj`, status: 'unavailable', error: 'The project file was not found.', deploymentModel: null, connectionManagers: [], packages: [], packageParts: [], miscellaneous: [] },
    { name: 'Cube', path: `${root}/Cube/Cube.dwproj`, status: 'foreign', foreignKind: 'Analysis Services', deploymentModel: null, connectionManagers: [], packages: [], packageParts: [], miscellaneous: [] },
    { name: 'Secret', path: `${root}/Secret/Secret.dtproj`, status: 'locked', deploymentModel: 'Project', connectionManagers: [], packages: [], packageParts: [], miscellaneous: [] },
  ]);
}

/** A project with `count` packages, for the virtualization test. */
export function bigView(count: number): SolutionView {
  const packages = Array.from({ length: count }, (_, i) => pkg(`Package${String(i).padStart(5, '0')}.dtsx`));
  return sampleView([etlProject(packages)]);
}

/** A project with no package assigned to any server (no sidecar file yet). */
export function noAssignments(projectPath: string): ProjectAssignments {
  return { projectPath, projectName: projectPath.replace(/^.*[\\/]/, '').replace(/\.dtproj$/i, ''), sidecarPath: `${projectPath}.deploy.json`, assignments: [], defaults: {} };
}
