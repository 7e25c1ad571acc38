import { describe, expect, it } from 'vitest';
import { buildTree, findNode, matchesFilter, packageId, solutionLabel } from './treeModel.js';
import { mixedView, sampleView, PROJECT } from '../../test/sampleView.js';

describe('treeModel', () => {
  it('labels the solution as Visual Studio does', () => {
    expect(solutionLabel(sampleView())).toBe("Solution 'Sample' (1 of 1 project)");
    expect(solutionLabel(mixedView())).toBe("Solution 'Sample' (3 of 4 projects)");
  });

  it('names a lone .dtproj solution after the project', () => {
    const v = { ...sampleView(), solution: null, openedPath: PROJECT, kind: 'dtproj' as const };
    expect(solutionLabel(v)).toBe("Solution 'Etl' (1 of 1 project)");
  });

  it('builds the project folders in Visual Studio order', () => {
    const [root] = buildTree(sampleView());
    const project = root!.children![0]!;
    expect(project.name).toBe('Etl');
    expect(project.children!.map((c) => c.name)).toEqual(['Project.params', 'Connection Managers', 'SSIS Packages', 'Package Parts', 'Miscellaneous']);
    const packages = project.children![2]!;
    expect(packages.children!.map((c) => c.name)).toEqual(['Parent.dtsx', 'Child1.dtsx', 'Child2.dtsx', 'Broken.dtsx']);
    expect(findNode([root!], packageId(PROJECT, 'Broken.dtsx'))?.error).toMatch(/not well-formed/);
  });

  it('shows unavailable, foreign and locked projects without children', () => {
    const projects = buildTree(mixedView())[0]!.children!;
    expect(projects.map((p) => p.name)).toEqual(['Etl', 'Gone (unavailable)', 'Cube', 'Secret']);
    expect(projects[1]!.tooltip).toBe('The project file was not found.');
    expect(projects[2]!.dimmed).toBe(true);
    expect(projects[2]!.tooltip).toMatch(/Analysis Services/);
    expect(projects[3]!.children).toEqual([]);
  });

  it('filters case-insensitively on the label', () => {
    const node = findNode(buildTree(sampleView()), packageId(PROJECT, 'Child1.dtsx'))!;
    expect(matchesFilter(node, 'child')).toBe(true);
    expect(matchesFilter(node, ' CHILD1 ')).toBe(true);
    expect(matchesFilter(node, 'parent')).toBe(false);
  });
});
