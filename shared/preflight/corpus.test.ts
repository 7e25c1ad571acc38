// The preflight rules on the real projects in ../shared/corpus, read through projectInput as the service does.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDtproj } from '../formats/dtproj.js';
import { projectInput } from './project-input.js';
import { runPreflight } from './rules.js';
import { assignment, server } from './test-fixtures.js';
import type { PreflightAssignment, RuleId } from './types.js';

const CORPUS = resolve(__dirname, '../../../shared/corpus');

function load(rel: string) {
  const path = rel.startsWith('/') ? rel : join(CORPUS, rel);
  const dir = dirname(path);
  const text = readFileSync(path, 'utf8');
  const parsed = parseDtproj(text);
  const read = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : null);
  return projectInput({
    name: basename(path, '.dtproj'),
    path,
    dtproj: text,
    conmgrs: parsed.connectionManagers.map((c) => ({ name: c.name, text: read(c.fullPath) })),
    packages: parsed.packages.map((p) => ({ name: p.name, text: read(p.fullPath) })),
  });
}

const fired = (rel: string, assignments: PreflightAssignment[], servers = [server('SRV1')]) => {
  const r = runPreflight({ project: load(rel), assignments, servers });
  return (rule: RuleId) => r.findings.filter((f) => f.rule === rule);
};

describe('preflight on the corpus', () => {
  it('WideWorldImporters: project connections to "." with Windows authentication', () => {
    const f = fired('microsoft__sql-server-samples/samples/databases/wide-world-importers/wwi-ssis/wwi-ssis/Daily ETL.dtproj', [
      assignment({ packageName: 'DailyETLMain.dtsx', job: { proxy: null } }),
    ]);
    expect(f('local-data-source').map((x) => x.subject).sort()).toEqual(['WWI_DW_Destination_DB', 'WWI_Source_DB']);
    expect(f('windows-auth-no-proxy')).toHaveLength(1);
    expect(f('protection-user-key')).toHaveLength(0); // DontSaveSensitive
  });

  it('SSIS Framework 2022 test project: user key protection (attribute omitted); disabled Execute Package Tasks need no child', () => {
    const f = fired('aleonard763__SSIS-Framework-Community-Edition-2022/FrameworkTest1/FrameworkTest1.dtproj', [assignment({ packageName: 'Driver.dtsx' })]);
    expect(f('protection-user-key').map((x) => x.packageName)).toEqual(['Driver.dtsx']);
    // Both "EPT Child1" and "EPT Child2" are DTS:Disabled="True" in the file.
    expect(f('child-not-on-server')).toEqual([]);
  });

  it('bundled LoadBalancing sample: the parent’s project-reference children must be on the same server', () => {
    const f = fired(resolve(__dirname, '../../samples/LoadBalancing/LoadBalancing/LoadBalancing.dtproj'), [
      assignment({ packageName: 'Parent.dtsx' }),
      assignment({ packageName: 'LoadCustomers.dtsx' }),
      assignment({ packageName: 'LoadOrders.dtsx', server: 'SRV2' }),
    ], [server('SRV1'), server('SRV2')]);
    expect(f('child-not-on-server').map((x) => x.subject)).toEqual(['\\Package\\Run LoadOrders', '\\Package\\Run LoadProducts']);
    // Warehouse.conmgr: Data Source=localhost with Integrated Security.
    expect(f('local-data-source').map((x) => x.subject)).toContain('Warehouse');
  });

  it('SSIS Framework 2022 parent: "(local)\\FwCe2" is the local server', () => {
    const f = fired('aleonard763__SSIS-Framework-Community-Edition-2022/Framework2022/Framework2022.dtproj', [assignment({ packageName: 'Parent.dtsx' })]);
    expect(f('local-data-source').some((x) => x.title.includes('(local)\\FwCe2'))).toBe(true);
  });

  it('ssis-build sample: EncryptSensitiveWithPassword needs /DECRYPT; SQLServer2017 is too new for a 2014 server', () => {
    const rel = 'rtumaykin__ssis-build/example/SampleSSISProject/SampleSSISProject/SampleSSISProject.dtproj';
    const f = fired(rel, [assignment({ packageName: 'Package1.dtsx' })], [server('SRV1', { majorVersion: 12, productVersion: '12.0.6024.0' })]);
    expect(f('protection-password-no-decrypt').map((x) => x.packageName)).toEqual(['Package1.dtsx']);
    const project = load(rel);
    expect(f('target-version-newer')).toHaveLength(project.targetServerVersion && project.targetServerVersion > 'SQLServer2014' ? 1 : 0);
    expect(project.targetServerVersion).not.toBeNull();
  });
});
