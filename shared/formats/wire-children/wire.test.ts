// Wire Child Jobs on the bundled sample parent and on hand-made packages: what is written, that re-runs touch
// only the marked elements, and that every other byte of the file stays as it was.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../../xml/reader.js';
import { attrValue, childElements, firstChild } from '../../xml/query.js';
import { NS_DTS } from '../namespaces.js';
import { readWiring, wireChildJobs, type WireOptions } from './wire.js';
import { NS_SQLTASK } from './xml.js';

const SAMPLE = readFileSync(resolve(__dirname, '../../../samples/LoadBalancing/LoadBalancing/Parent.dtsx'), 'utf8');
const NL = SAMPLE.includes('\r\n') ? '\r\n' : '\n';

let n = 0;
const newGuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const SERVERS: WireOptions['servers'] = [
  { name: 'SRV1', dataSource: '127.0.0.2,51433' },
  { name: 'SQL02\\PROD', dataSource: 'sql02\\PROD' },
];
const CHILDREN: WireOptions['children'] = [
  { packageName: 'LoadCustomers.dtsx', server: 'SRV1', jobName: 'LoadBalancing - LoadCustomers' },
  { packageName: 'LoadOrders.dtsx', server: 'SQL02\\PROD', jobName: "LoadBalancing - O'Orders" },
];
const opts = (o: Partial<WireOptions> = {}): WireOptions => ({ children: CHILDREN, servers: SERVERS, mode: 'wait', order: 'sequence', newGuid, ...o });

/** Top-level elements of the root by local name, as text. */
function parts(text: string) {
  const doc = parseXml(text);
  const holder = (local: string) => firstChild(doc.root, local, NS_DTS);
  return { doc, holder };
}

describe('wireChildJobs', () => {
  it('writes a connection manager per server, an Execute SQL Task per child and sequence constraints, as Visual Studio does', () => {
    const r = wireChildJobs(SAMPLE, opts());
    expect(r.changed).toBe(true);
    expect(r.tasks.map((t) => [t.name, t.connectionManager, t.outcome])).toEqual([
      ['LoadBalancing - LoadCustomers on SRV1', 'SRV1.msdb', 'created'],
      ["LoadBalancing - O'Orders on SQL02 PROD", 'SQL02 PROD.msdb', 'created'],
    ]);
    const { doc, holder } = parts(r.text);
    const cms = childElements(holder('ConnectionManagers')!, 'ConnectionManager', NS_DTS);
    expect(cms.map((c) => attrValue(c, 'CreationName', NS_DTS))).toEqual(['OLEDB', 'OLEDB']);
    const cs = cms.map((c) => attrValue(firstChild(firstChild(c, 'ObjectData', NS_DTS)!, 'ConnectionManager', NS_DTS)!, 'ConnectionString', NS_DTS));
    expect(cs[0]).toBe('Data Source=127.0.0.2,51433;Initial Catalog=msdb;Provider=MSOLEDBSQL.1;Integrated Security=SSPI;Application Name=SSIS Designer wired parent;Auto Translate=False;');
    expect(cs[1]).toContain('Data Source=sql02\\PROD;Initial Catalog=msdb;Provider=MSOLEDBSQL.1;Integrated Security=SSPI;');

    const tasks = childElements(holder('Executables')!, 'Executable', NS_DTS).filter((e) => attrValue(e, 'CreationName', NS_DTS) === 'Microsoft.ExecuteSQLTask');
    expect(tasks).toHaveLength(2);
    const data = firstChild(firstChild(tasks[1]!, 'ObjectData', NS_DTS)!, 'SqlTaskData', NS_SQLTASK)!;
    expect(attrValue(tasks[1]!, 'ExecutableType', NS_DTS)).toBe('Microsoft.ExecuteSQLTask');
    expect(attrValue(tasks[1]!, 'refId', NS_DTS)).toBe("Package\\LoadBalancing - O'Orders on SQL02 PROD");
    expect(attrValue(data, 'Connection', NS_SQLTASK)).toBe(attrValue(cms[1]!, 'DTSID', NS_DTS));
    const sql = attrValue(data, 'SqlStatementSource', NS_SQLTASK)!;
    expect(sql).toContain("DECLARE @job sysname = N'LoadBalancing - O''Orders';");
    expect(sql).toContain('WAITFOR DELAY');
    expect(r.text).toContain('&#xA;'); // line breaks of the statement as character references

    const pcs = childElements(holder('PrecedenceConstraints')!, 'PrecedenceConstraint', NS_DTS);
    const wired = pcs.filter((p) => attrValue(p, 'ObjectName', NS_DTS)!.startsWith('ssisd wire'));
    expect(wired.map((p) => [attrValue(p, 'From', NS_DTS), attrValue(p, 'To', NS_DTS)])).toEqual([
      ['Package\\LoadBalancing - LoadCustomers on SRV1', "Package\\LoadBalancing - O'Orders on SQL02 PROD"],
    ]);
    // The user's three Execute Package Tasks and two constraints are still there, byte for byte.
    const original = parseXml(SAMPLE);
    for (const el of [...childElements(firstChild(original.root, 'Executables', NS_DTS)!), ...childElements(firstChild(original.root, 'PrecedenceConstraints', NS_DTS)!)]) {
      expect(r.text).toContain(SAMPLE.slice(el.start, el.end));
    }
    expect(doc.newline).toBe(original.newline);
    expect(readWiring(r.text)).toEqual({
      order: 'sequence',
      tasks: [
        { name: 'LoadBalancing - LoadCustomers on SRV1', connectionManager: 'SRV1.msdb', jobName: 'LoadBalancing - LoadCustomers', mode: 'wait' },
        { name: "LoadBalancing - O'Orders on SQL02 PROD", connectionManager: 'SQL02 PROD.msdb', jobName: "LoadBalancing - O'Orders", mode: 'wait' },
      ],
    });
  });

  it('gives the package a new VersionGUID and the next VersionBuild, like a save in Visual Studio', () => {
    const r = wireChildJobs(SAMPLE, opts());
    const before = parseXml(SAMPLE).root;
    const after = parseXml(r.text).root;
    expect(attrValue(after, 'VersionBuild', NS_DTS)).toBe(String(Number(attrValue(before, 'VersionBuild', NS_DTS)) + 1));
    expect(attrValue(after, 'VersionGUID', NS_DTS)).not.toBe(attrValue(before, 'VersionGUID', NS_DTS));
    expect(attrValue(after, 'DTSID', NS_DTS)).toBe(attrValue(before, 'DTSID', NS_DTS));
  });

  it('a re-run with the same choices changes nothing; a new mode updates only the wired tasks in place', () => {
    const first = wireChildJobs(SAMPLE, opts());
    const again = wireChildJobs(first.text, opts());
    expect(again.changed).toBe(false);
    expect(again.text).toBe(first.text);
    expect(again.tasks.map((t) => t.outcome)).toEqual(['unchanged', 'unchanged']);

    const start = wireChildJobs(first.text, opts({ mode: 'start', order: 'parallel' }));
    expect(start.tasks.map((t) => t.outcome)).toEqual(['updated', 'updated']);
    const w = readWiring(start.text);
    expect(w.order).toBe('parallel');
    expect(w.tasks.map((t) => t.mode)).toEqual(['start', 'start']);
    expect(start.text).toContain("EXEC msdb.dbo.sp_start_job @job_name = N'LoadBalancing - LoadCustomers';");
    // Same DTSIDs: the designer keeps its layout and the tasks keep their identity.
    expect(readIds(start.text)).toEqual(readIds(first.text));
  });

  it('removing an assignment removes its task, its connection manager and constraints that pointed at it; unwiring gives the file back', () => {
    const withHolders = SAMPLE.replace('  <DTS:Variables />', `  <DTS:ConnectionManagers>${NL}  </DTS:ConnectionManagers>${NL}  <DTS:Variables />`);
    const first = wireChildJobs(withHolders, opts());
    // The user links their own task to a wired one.
    const linked = first.text.replace(
      '  </DTS:PrecedenceConstraints>',
      [
        '    <DTS:PrecedenceConstraint',
        '      DTS:refId="Package.PrecedenceConstraints[Mine]"',
        '      DTS:CreationName=""',
        '      DTS:DTSID="{ABCDEF00-0000-0000-0000-000000000000}"',
        `      DTS:From="Package\\LoadBalancing - O'Orders on SQL02 PROD"`,
        '      DTS:LogicalAnd="True"',
        '      DTS:ObjectName="Mine"',
        '      DTS:To="Package\\Run LoadProducts" />',
        '  </DTS:PrecedenceConstraints>',
      ].join(NL),
    );
    const one = wireChildJobs(linked, opts({ children: CHILDREN.slice(0, 1) }));
    expect(one.removed).toEqual(["LoadBalancing - O'Orders on SQL02 PROD", 'SQL02 PROD.msdb']);
    expect(one.text).not.toContain('Mine');
    expect(one.text).not.toContain('SQL02 PROD.msdb');
    const none = wireChildJobs(one.text, opts({ children: [] }));
    const strip = (t: string) => t.replace(/DTS:VersionGUID="[^"]*"/, '').replace(/DTS:VersionBuild="\d+"/, '');
    expect(strip(none.text)).toBe(strip(withHolders));
  });

  it('keeps CRLF line endings and a BOM, and refuses 2008-format and encrypted packages', () => {
    const crlf = '\uFEFF' + SAMPLE.replace(/\r?\n/g, '\r\n');
    const r = wireChildJobs(crlf, opts());
    expect(r.text.startsWith('\uFEFF')).toBe(true);
    expect(r.text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    expect(() => wireChildJobs('<EncryptedData xmlns="http://www.w3.org/2001/04/xmlenc#"/>', opts())).toThrow(/encrypted/);
    expect(() => wireChildJobs('<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts"><DTS:Property DTS:Name="ObjectName">P</DTS:Property></DTS:Executable>', opts())).toThrow(/2008 format/);
    expect(() => wireChildJobs(SAMPLE, opts({ children: [{ packageName: 'X.dtsx', server: 'NOPE', jobName: 'J' }] }))).toThrow(/NOPE/);
  });
});

function readIds(text: string): string[] {
  const doc = parseXml(text);
  const ex = firstChild(doc.root, 'Executables', NS_DTS)!;
  return childElements(ex, 'Executable', NS_DTS).map((e) => attrValue(e, 'DTSID', NS_DTS)!);
}
