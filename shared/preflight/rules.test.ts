// One test per preflight rule on hand-made packages (what fires, what does not, and the one-click fix).
import { describe, expect, it } from 'vitest';
import { runPreflight } from './rules.js';
import { assignment, dtsx, input, project, server } from './test-fixtures.js';
import type { RuleId } from './types.js';

const rules = (r: ReturnType<typeof runPreflight>, rule: RuleId) => r.findings.filter((f) => f.rule === rule);
const OLEDB = (name: string, cs: string) => ({ name, creationName: 'OLEDB', connectionString: cs });
const SQL_AUTH = 'Data Source=SQL02;Initial Catalog=Stage;Provider=MSOLEDBSQL.1;User ID=etl;';

describe('protection-user-key', () => {
  it('is an error for EncryptSensitiveWithUserKey with secrets, also when the attribute is omitted (= 1)', () => {
    const p = project({ 'P.dtsx': dtsx({ protectionLevel: null, cms: [OLEDB('Stage', SQL_AUTH)], sensitive: true }) });
    const [f] = rules(runPreflight(input(p, [assignment()])), 'protection-user-key');
    expect(f).toMatchObject({ severity: 'error', title: 'Protection level EncryptSensitiveWithUserKey', packageName: 'P.dtsx', server: 'SRV1' });
    expect(f!.explanation).toMatch(/cannot decrypt/);
  });
  it('is a warning without sensitive values, an error for EncryptAllWithUserKey, nothing for DontSaveSensitive', () => {
    const r = runPreflight(input(project({ 'A.dtsx': dtsx({ protectionLevel: 1 }), 'B.dtsx': dtsx({ protectionLevel: 4 }), 'C.dtsx': dtsx({ protectionLevel: 0 }) }), [
      assignment({ packageName: 'A.dtsx' }),
      assignment({ packageName: 'B.dtsx' }),
      assignment({ packageName: 'C.dtsx' }),
    ]));
    expect(rules(r, 'protection-user-key').map((f) => [f.packageName, f.severity])).toEqual([['B.dtsx', 'error'], ['A.dtsx', 'warning']]);
  });
});

describe('protection-password-no-decrypt', () => {
  it('fires for password levels on msdb/file jobs without /DECRYPT, not with it or in the catalog', () => {
    const p = project({ 'P.dtsx': dtsx({ protectionLevel: 2 }) });
    expect(rules(runPreflight(input(p, [assignment()])), 'protection-password-no-decrypt')).toHaveLength(1);
    expect(rules(runPreflight(input(p, [assignment({ job: { decrypt: true } })])), 'protection-password-no-decrypt')).toHaveLength(0);
    expect(rules(runPreflight(input(p, [assignment({ target: { kind: 'catalog', folder: 'F', project: 'P' } })])), 'protection-password-no-decrypt')).toHaveLength(0);
  });
});

describe('local-file-path', () => {
  it('warns about C:\\ paths in file, flat file and Excel connections; UNC paths and expressions are fine or info', () => {
    const p = project({
      'P.dtsx': dtsx({
        cms: [
          { name: 'In', creationName: 'FLATFILE', connectionString: 'C:\\data\\in.csv' },
          { name: 'Share', creationName: 'FILE', connectionString: '\\\\fs01\\ssis\\in.csv' },
          { name: 'Book', creationName: 'EXCEL', connectionString: 'Provider=Microsoft.ACE.OLEDB.12.0;Data Source=D:\\x.xlsx;Extended Properties="Excel 12.0 XML;HDR=YES";' },
          { name: 'Dyn', creationName: 'FILE', connectionString: 'C:\\tmp\\a.txt', expression: '@[$Project::InPath]' },
        ],
      }),
    });
    const f = rules(runPreflight(input(p, [assignment()])), 'local-file-path');
    expect(f.map((x) => [x.subject, x.severity])).toEqual([['In', 'warning'], ['Book', 'warning'], ['Dyn', 'info']]);
    expect(f[0]!.explanation).toContain('SRV1');
  });
});

describe('local-data-source', () => {
  it.each(['localhost', '.', '(local)', '(local)\\SQL2019', '.\\SQLEXPRESS', 'tcp:localhost,1433'])('fires for Data Source=%s', (ds) => {
    const p = project({ 'P.dtsx': dtsx({ cms: [OLEDB('Src', `Data Source=${ds};Initial Catalog=A;User ID=x;`)] }) });
    expect(rules(runPreflight(input(p, [assignment()])), 'local-data-source')).toHaveLength(1);
  });
  it('does not fire for a named server, and reads ADO.NET "Server="', () => {
    const p = project({
      'P.dtsx': dtsx({ cms: [OLEDB('Src', SQL_AUTH), { name: 'Ado', creationName: 'ADO.NET:SQL', connectionString: 'Server=localhost;Database=A;User ID=x;' }] }),
    });
    expect(rules(runPreflight(input(p, [assignment()])), 'local-data-source').map((f) => f.subject)).toEqual(['Ado']);
  });
});

describe('windows-auth-no-proxy', () => {
  const p = project({ 'P.dtsx': dtsx({ cms: [OLEDB('Dw', 'Data Source=SQL02;Initial Catalog=DW;Provider=MSOLEDBSQL.1;Integrated Security=SSPI;')] }) });
  it('fires without a proxy and offers New Proxy... when the server has none usable', () => {
    const [f] = rules(runPreflight(input(p, [assignment({ job: { proxy: null } })])), 'windows-auth-no-proxy');
    expect(f).toMatchObject({ severity: 'warning', fix: { label: 'New Proxy...', action: { kind: 'create-proxy', server: 'SRV1' } } });
    expect(f!.explanation).toMatch(/SQL Server Agent service account/);
  });
  it('offers to choose a proxy when the server has one, and is quiet with a proxy', () => {
    const withProxy = [server('SRV1', {}, [{ name: 'ETL Proxy', enabled: true, ssis: true }])];
    expect(rules(runPreflight(input(p, [assignment({ job: { proxy: null } })], withProxy)), 'windows-auth-no-proxy')[0]!.fix!.action.kind).toBe('choose-proxy');
    expect(rules(runPreflight(input(p, [assignment()], withProxy)), 'windows-auth-no-proxy')).toHaveLength(0);
  });
});

describe('provider-32bit', () => {
  it('Jet is an error, ACE/Excel a warning, both with the "Use 32-bit runtime" fix; quiet with /X86', () => {
    const p = project({
      'P.dtsx': dtsx({
        cms: [OLEDB('Mdb', 'Provider=Microsoft.Jet.OLEDB.4.0;Data Source=\\\\fs\\a.mdb;'), { name: 'Xl', creationName: 'EXCEL', connectionString: 'Provider=Microsoft.ACE.OLEDB.16.0;Data Source=\\\\fs\\b.xlsx;' }],
      }),
    });
    const a = assignment();
    const f = rules(runPreflight(input(p, [a])), 'provider-32bit');
    expect(f.map((x) => [x.subject, x.severity])).toEqual([['Mdb', 'error'], ['Xl', 'warning']]);
    expect(f[0]!.fix).toEqual({ label: 'Use 32-bit runtime', action: { kind: 'set-32bit', assignmentId: a.id } });
    expect(rules(runPreflight(input(p, [assignment({ job: { use32bit: true } })])), 'provider-32bit')).toHaveLength(0);
  });
});

describe('child-not-on-server', () => {
  const p = project({ 'Parent.dtsx': dtsx({ children: ['Child1.dtsx', 'Child2.dtsx'] }), 'Child1.dtsx': dtsx({}), 'Child2.dtsx': dtsx({}) });
  it('fires for each Execute Package Task child missing on the parent’s server, with an "Assign" fix', () => {
    const parent = assignment({ packageName: 'Parent.dtsx' });
    const r = runPreflight(input(p, [parent, assignment({ packageName: 'child1.DTSX' }), assignment({ packageName: 'Child2.dtsx', server: 'SRV2' })], [server('SRV1'), server('SRV2')]));
    const f = rules(r, 'child-not-on-server');
    expect(f.map((x) => x.title)).toEqual(['Child package Child2.dtsx is not deployed to SRV1']);
    expect(f[0]!.fix!.action).toEqual({ kind: 'assign-child', assignmentId: parent.id, childPackage: 'Child2.dtsx' });
  });
});

describe('target-version-newer', () => {
  it('fires when TargetServerVersion is newer than the server', () => {
    const p = project({ 'P.dtsx': dtsx({}) }, { targetServerVersion: 'SQLServer2022' });
    const [f] = rules(runPreflight(input(p, [assignment()], [server('SRV1', { majorVersion: 15, productVersion: '15.0.2000.5' })])), 'target-version-newer');
    expect(f!.title).toBe('Built for SQL Server 2022, SRV1 runs SQL Server 2019');
    expect(f!.explanation).toContain('SQLServer2019');
    expect(rules(runPreflight(input(p, [assignment()], [server('SRV1', { majorVersion: 16 })])), 'target-version-newer')).toHaveLength(0);
  });
});

describe('server rules', () => {
  const p = project({ 'P.dtsx': dtsx({}) });
  it('no-ssis-subsystem: only when a job is wanted', () => {
    const s = [server('SRV1', { ssisSubsystem: false })];
    expect(rules(runPreflight(input(p, [assignment()], s)), 'no-ssis-subsystem')[0]!.explanation).toContain('14234');
    expect(rules(runPreflight(input(p, [assignment({ job: { createJob: false } })], s)), 'no-ssis-subsystem')).toHaveLength(0);
  });
  it('no-ssisdb: only for a catalog target', () => {
    const s = [server('SRV1', { ssisdb: false })];
    expect(rules(runPreflight(input(p, [assignment({ target: { kind: 'catalog', folder: 'F', project: 'P' } })], s)), 'no-ssisdb')).toHaveLength(1);
    expect(rules(runPreflight(input(p, [assignment()], s)), 'no-ssisdb')).toHaveLength(0);
  });
  it('missing-roles: a non-sysadmin without Agent and msdb SSIS roles', () => {
    const roles = { sysadmin: false, sqlAgentUserRole: false, sqlAgentReaderRole: false, sqlAgentOperatorRole: false, dbSsisAdmin: false, dbSsisLtdUser: false, dbSsisOperator: true };
    const [f] = rules(runPreflight(input(p, [assignment()], [server('SRV1', { roles, login: 'etl' })])), 'missing-roles');
    expect(f!.explanation).toMatch(/SQLAgentUserRole.*db_ssisltduser/);
    const agentOnly = { ...roles, sqlAgentOperatorRole: true, dbSsisLtdUser: true };
    expect(rules(runPreflight(input(p, [assignment()], [server('SRV1', { roles: agentOnly })])), 'missing-roles')).toHaveLength(0);
  });
  it('owner-needs-proxy: a non-sysadmin owner with no proxy', () => {
    const roles = { sysadmin: false, sqlAgentUserRole: true, sqlAgentReaderRole: false, sqlAgentOperatorRole: false, dbSsisAdmin: false, dbSsisLtdUser: true, dbSsisOperator: false };
    const [f] = rules(runPreflight(input(p, [assignment({ job: { proxy: null } })], [server('SRV1', { roles })])), 'owner-needs-proxy');
    expect(f!.explanation).toContain('Non-SysAdmins have been denied permission to run SSIS job steps without a proxy account.');
    expect(rules(runPreflight(input(p, [assignment()], [server('SRV1', { roles })])), 'owner-needs-proxy')).toHaveLength(0);
  });
  it('proxy-not-usable: missing, disabled or not granted to SSIS', () => {
    const check = (proxies: { name: string; enabled: boolean; ssis: boolean | null }[]) =>
      rules(runPreflight(input(p, [assignment()], [server('SRV1', {}, proxies)])), 'proxy-not-usable').map((f) => f.explanation);
    expect(check([])[0]).toContain('no proxy named "ETL Proxy"');
    expect(check([{ name: 'etl proxy', enabled: false, ssis: true }])[0]).toContain('14537');
    expect(check([{ name: 'ETL Proxy', enabled: true, ssis: false }])[0]).toContain('not granted to the SSIS subsystem');
    expect(check([{ name: 'ETL Proxy', enabled: true, ssis: true }])).toEqual([]);
  });
  it('server-not-checked: an unreachable server is a warning that says why', () => {
    const [f] = rules(runPreflight(input(p, [assignment()], [{ name: 'SRV1', info: null, error: 'Cannot connect to 10.0.0.9:1433', proxies: null }])), 'server-not-checked');
    expect(f).toMatchObject({ severity: 'warning' });
    expect(f!.explanation).toContain('Cannot connect to 10.0.0.9:1433');
  });
});

describe('report', () => {
  it('lists errors first, counts by severity and reports an unreadable package once', () => {
    const p = project({ 'P.dtsx': dtsx({ cms: [OLEDB('Src', 'Data Source=.;User ID=x;')] }) });
    const r = runPreflight(
      input({ ...p, packages: [...p.packages, { name: 'Bad.dtsx', facts: null, error: 'Bad.dtsx: unexpected end (line 3, column 1)' }] }, [
        assignment(),
        assignment({ packageName: 'Bad.dtsx' }),
        assignment({ packageName: 'Bad.dtsx', server: 'SRV2' }),
      ], [server('SRV1'), server('SRV2')]),
    );
    expect(r.findings.map((f) => [f.rule, f.severity])).toEqual([['package-unreadable', 'error'], ['local-data-source', 'warning']]);
    expect(r.counts).toEqual({ error: 1, warning: 1, info: 0 });
  });
});
