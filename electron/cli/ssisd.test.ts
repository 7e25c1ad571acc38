import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli as run } from './run-cli.js';
import { CORPUS_DIR, SAMPLE_DIR, tempCopy } from '../services/solution/test-helpers.js';

const cleanup: string[] = [];
afterEach(() => {
  for (const d of cleanup.splice(0)) rmSync(dirname(d), { recursive: true, force: true });
});

function sample() {
  const dir = tempCopy(SAMPLE_DIR);
  cleanup.push(dir);
  return { sln: join(dir, 'LoadBalancing.sln'), dtproj: join(dir, 'LoadBalancing', 'LoadBalancing.dtproj') };
}

describe('ssisd', () => {
  it('solution show prints the tree as Visual Studio shows it', async () => {
    const s = sample();
    const r = await run('solution', 'show', s.sln);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').slice(0, 7)).toEqual([
      "Solution 'LoadBalancing' (1 of 1 project)",
      '  LoadBalancing',
      '    Project.params',
      '    Connection Managers',
      '      Warehouse.conmgr',
      '    SSIS Packages',
      '      Parent.dtsx (Entry-point)',
    ]);
  });

  it('solution show --json has the documented shape with absolute paths', async () => {
    const s = sample();
    const r = await run('solution', 'show', s.sln, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.solution).toEqual({ name: 'LoadBalancing', path: s.sln });
    expect(Object.keys(j.projects[0])).toEqual(['name', 'path', 'status', 'deploymentModel', 'packages', 'connectionManagers']);
    expect(j.projects[0].packages[1]).toEqual({ name: 'LoadCustomers.dtsx', path: join(dirname(s.dtproj), 'LoadCustomers.dtsx'), entryPoint: false, protectionLevel: 0, formatVersion: 8, status: 'ok' });
    expect(j.projects[0].connectionManagers).toEqual([{ name: 'Warehouse.conmgr' }]);
  });

  it('exit code 0 with broken nodes; non-zero with one clear line when nothing can be read', async () => {
    const s = sample();
    writeFileSync(join(dirname(s.dtproj), 'LoadOrders.dtsx'), '<oops');
    const r = await run('solution', 'show', s.sln, '--json');
    expect(r.code).toBe(0);
    const pkg = JSON.parse(r.out).projects[0].packages.find((p: { name: string }) => p.name === 'LoadOrders.dtsx');
    expect(pkg.status).toBe('error');
    expect(pkg.error).toMatch(/line 1, column/);
    const missing = await run('solution', 'show', '/no/such/file.sln');
    expect(missing.code).toBe(1);
    expect(missing.err).toBe('ssisd: File not found: /no/such/file.sln\n');
    expect((await run('solution', 'show')).code).toBe(2);
    expect((await run('solution', 'show', s.sln, '--yaml')).err).toMatch(/unknown option --yaml/);
    expect((await run('frobnicate')).code).toBe(2);
  });

  it('entry-point on/off writes only that attribute; twice gives identical bytes', async () => {
    const s = sample();
    const before = readFileSync(s.dtproj);
    const on = await run('entry-point', s.dtproj, 'LoadOrders.dtsx', 'on');
    expect(on).toMatchObject({ code: 0, out: 'LoadBalancing: LoadOrders.dtsx Entry-point on\n' });
    expect(readFileSync(s.dtproj, 'utf8')).toContain('SSIS:Name="LoadOrders.dtsx" SSIS:EntryPoint="1"');
    const off = await run('solution', 'entry-point', s.sln, 'loadorders.dtsx', 'off');
    expect(off.code).toBe(0);
    expect(readFileSync(s.dtproj).equals(before)).toBe(true);
    expect((await run('entry-point', s.dtproj, 'Nope.dtsx', 'on')).err).toMatch(/no project .* lists a package named "Nope.dtsx"/);
    expect((await run('entry-point', s.dtproj, 'Parent.dtsx', 'maybe')).code).toBe(2);
  });

  it('entry-point on a package-model project explains why not', async () => {
    const dir = tempCopy(join(CORPUS_DIR, 'aleonard763__SSIS-Framework-Community-Edition-File/SSIS-Framework-Community-Edition-File/SSIS Framework Community Edition File/FileFrameworkTest1'));
    cleanup.push(dir);
    const r = await run('entry-point', join(dir, 'FileFrameworkTest1.dtproj'), 'Child1.dtsx', 'off');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/only in the project deployment model/);
  });
});
