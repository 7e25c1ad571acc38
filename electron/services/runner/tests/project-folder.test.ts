/**
 * The runner finds a project's files as the .dtproj names them, in any case (Visual Studio on Windows does not
 * care; Linux does), through the same lookup as Build and the Solution Explorer.
 */
import { renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SAMPLE_DIR, tempCopy } from '../../solution/test-helpers.js';
import { loadProjectFolder } from '../package-files.js';

const copy = tempCopy(SAMPLE_DIR, 'ssisd-runner-folder-');
afterAll(() => rmSync(dirname(copy), { recursive: true, force: true }));

describe('a project folder', () => {
  it('reads the .conmgr and child packages whose file names differ in case', async () => {
    const dir = join(copy, 'LoadBalancing');
    renameSync(join(dir, 'LoadOrders.dtsx'), join(dir, 'loadorders.DTSX'));
    renameSync(join(dir, 'Warehouse.conmgr'), join(dir, 'WAREHOUSE.conmgr'));
    const project = await loadProjectFolder(join(dir, 'LoadBalancing.dtproj'), null);
    expect(project.connections.map((c) => c.name)).toEqual(['Warehouse']);
    expect(await project.packagePath('LoadOrders.dtsx')).toBe(join(dir, 'loadorders.DTSX'));
    expect(await project.loadPackage('LoadOrders.dtsx')).toMatchObject({ name: 'loadorders.DTSX' });
    expect(await project.packagePath('Missing.dtsx')).toBeNull();
  });
});
