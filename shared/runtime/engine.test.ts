import { describe, expect, it } from 'vitest';
import type { RunNode } from '../contract/runs.js';
import { PackageRun, RunCancel } from './engine.js';
import { findBlockers } from './blockers.js';
import { parsePackage } from './load-package.js';
import type { PackageDef, ProjectDef } from './model.js';
import { executePackageTask, expressionTask as expressionTaskImpl } from './tasks/package-tasks.js';
import type { EngineHost, TaskImpl } from './task-api.js';
import { TASK } from './task-types.js';
import { buildPackageXml, expressionTask, type TestPackage } from './test-packages.js';

function host(extra: Record<string, TaskImpl> = {}, files: Record<string, string> = {}): EngineHost {
  const tasks = new Map<string, TaskImpl>([[TASK.expression, expressionTaskImpl], ...Object.entries(extra)]);
  const h: EngineHost = {
    tasks,
    enumerateFiles: async (folder, spec) => Object.keys(files).filter((f) => f.startsWith(folder) && f.endsWith(spec.replace('*', ''))).sort(),
    readPackageFile: async (path) => {
      if (!(path in files)) throw new Error(`Could not find file '${path}'.`);
      return files[path]!;
    },
    loadMsdbPackage: async () => {
      throw new Error('no msdb in these tests');
    },
    now: () => new Date(2024, 0, 31, 13, 45, 0),
    machineName: 'TESTBOX',
    userName: 'tester',
  };
  tasks.set(TASK.executePackage, executePackageTask(h));
  return h;
}

interface Ran {
  outcome: string;
  lines: string[];
  nodes: Map<string, RunNode>;
  pkg: PackageDef;
}

async function run(p: TestPackage, opts: { host?: EngineHost; project?: ProjectDef | null; parameters?: Map<string, { type: 'DT_WSTR'; value: string }>; sets?: { path: string; value: string }[]; signal?: RunCancel } = {}): Promise<Ran> {
  const pkg = parsePackage(buildPackageXml(p), `${p.name}.dtsx`, `C:\\ssis\\${p.name}.dtsx`);
  const lines: string[] = [];
  const nodes = new Map<string, RunNode>();
  const r = new PackageRun({
    pkg, displayPath: pkg.source, project: opts.project ?? null, host: opts.host ?? host(), parameters: opts.parameters, sets: opts.sets, signal: opts.signal,
    listener: { output: (l) => lines.push(l), node: (n) => nodes.set(n.id, n) },
  });
  const outcome = await r.run();
  return { outcome, lines, nodes, pkg };
}

const counter = { name: 'log', type: 8, value: '' };
const append = (name: string, text: string) => expressionTask(name, `@[User::log] = @[User::log] + "${text}"`);
const fail = (name: string, attrs?: Record<string, string>) => expressionTask(name, '@[User::n] = 1 / 0', attrs);

/** The final value of User::log, read from the last Expression Task message that set it. */
function finalLog(r: Ran): string {
  const msgs = r.lines.filter((l) => /The expression "@\[User::log\]/.test(l));
  const last = msgs.at(-1);
  return last ? /evaluated to "(.*)"\.$/.exec(last)![1]! : '';
}

describe('built-in engine: control flow', () => {
  it('runs a success chain in order and says so in SSIS words', async () => {
    const r = await run({ name: 'Chain', variables: [counter], children: [append('A', 'a'), append('B', 'b'), append('C', 'c')], constraints: [{ from: 'A', to: 'B' }, { from: 'B', to: 'C' }] });
    expect(r.outcome).toBe('success');
    expect(finalLog(r)).toBe('abc');
    expect(r.lines[0]).toBe('SSIS package "C:\\ssis\\Chain.dtsx" starting.');
    expect(r.lines.at(-1)).toBe('SSIS package "C:\\ssis\\Chain.dtsx" finished: Success.');
    expect(r.lines).toContain('Information: 0x0 at B, ExpressionTask: The expression "@[User::log] = @[User::log] + "b"" evaluated to "ab".');
    expect([...r.nodes.values()].map((n) => [n.name, n.state])).toEqual([['Chain', 'success'], ['A', 'success'], ['B', 'success'], ['C', 'success']]);
  });

  it('follows failure and completion paths, and skips success paths after a failure', async () => {
    const r = await run({
      name: 'Paths', variables: [counter, { name: 'n', type: 3, value: '0' }],
      children: [fail('Bad'), append('OnOk', 'ok'), append('OnFail', 'fail'), append('Always', 'always')],
      constraints: [{ from: 'Bad', to: 'OnOk' }, { from: 'Bad', to: 'OnFail', value: 1 }, { from: 'Bad', to: 'Always', value: 2 }],
    });
    expect(r.outcome).toBe('failure');
    expect(r.nodes.has('Package\\OnOk')).toBe(false);
    expect(r.nodes.get('Package\\OnFail')!.state).toBe('success');
    expect(r.nodes.get('Package\\Always')!.state).toBe('success');
    expect(r.lines).toContain('Error: 0xC0000000 at Bad, ExpressionTask: Divide by zero error encountered in the expression.');
    expect(r.lines).toContain('Task failed: Bad');
    expect(r.lines.some((l) => l.includes('DTS_W_MAXIMUMERRORCOUNTREACHED') && l.includes('errors raised (1) reached the maximum allowed (1)'))).toBe(true);
    expect(r.lines.at(-1)).toMatch(/finished: Failure\.$/);
  });

  it('lets MaximumErrorCount absorb a handled failure', async () => {
    const r = await run({ name: 'Tolerant', attrs: { MaxErrorCount: '2' }, variables: [counter, { name: 'n', type: 3, value: '0' }], children: [fail('Bad'), append('Handle', 'h')], constraints: [{ from: 'Bad', to: 'Handle', value: 1 }] });
    expect(r.outcome).toBe('success');
  });

  it('evaluates expression constraints with AND/OR and EvalOp', async () => {
    const vars = [counter, { name: 'go', type: 11, value: '-1' }];
    const r = await run({
      name: 'Expr', variables: vars,
      children: [append('A', 'a'), append('B', 'b'), append('OnlyExpr', 'x'), append('ExprAndOk', 'y'), append('Never', 'n'), append('OrJoin', 'o'), append('AndJoin', 'j')],
      constraints: [
        { from: 'A', to: 'OnlyExpr', expression: '@[User::go]', evalOp: 1 },
        { from: 'A', to: 'ExprAndOk', expression: '@[User::go] && LEN(@[User::log]) >= 1', evalOp: 3 },
        { from: 'A', to: 'Never', expression: '!@[User::go]', evalOp: 3 },
        { from: 'A', to: 'OrJoin', and: false, value: 1 },
        { from: 'B', to: 'OrJoin', and: false },
        { from: 'A', to: 'AndJoin', value: 1 },
        { from: 'B', to: 'AndJoin' },
      ],
    });
    expect(r.outcome).toBe('success');
    expect(r.nodes.has('Package\\OnlyExpr')).toBe(true);
    expect(r.nodes.has('Package\\ExprAndOk')).toBe(true);
    expect(r.nodes.has('Package\\Never')).toBe(false);
    expect(r.nodes.has('Package\\OrJoin')).toBe(true);
    expect(r.nodes.has('Package\\AndJoin')).toBe(false);
  });

  it('treats disabled executables as succeeded without running them, also through Disable expressions and /SET', async () => {
    const r = await run(
      {
        name: 'Disabled', variables: [counter],
        children: [
          { ...fail('Off'), attrs: { Disabled: 'True' } },
          { ...fail('OffByExpr'), inner: '<DTS:PropertyExpression DTS:Name="Disable">1 == 1</DTS:PropertyExpression>' },
          fail('OffBySet'),
          append('After', 'x'),
        ],
        constraints: [{ from: 'Off', to: 'After' }],
      },
      { sets: [{ path: '\\Package\\OffBySet.Disable', value: 'true' }] },
    );
    expect(r.outcome).toBe('success');
    expect(r.nodes.has('Package\\Off')).toBe(false);
    expect(finalLog(r)).toBe('x');
  });

  it('fails the package from a sequence only through FailParentOnFailure / MaximumErrorCount, and FailPackageOnFailure', async () => {
    const seq = (name: string, attrs: Record<string, string>, inner: Record<string, string>) => ({ name, type: 'STOCK:SEQUENCE', attrs, children: [fail('Bad', inner)] });
    const vars = [counter, { name: 'n', type: 3, value: '0' }];
    const tolerant = await run({ name: 'P1', attrs: { MaxErrorCount: '0' }, variables: vars, children: [seq('S', { MaxErrorCount: '0' }, {})] });
    expect(tolerant.outcome).toBe('success');
    expect(tolerant.nodes.get('Package\\S')!.state).toBe('success');
    const parentFails = await run({ name: 'P2', attrs: { MaxErrorCount: '0' }, variables: vars, children: [seq('S', { MaxErrorCount: '0' }, { FailParentOnFailure: 'True' })] });
    expect(parentFails.nodes.get('Package\\S')!.state).toBe('failure');
    const packageFails = await run({ name: 'P3', attrs: { MaxErrorCount: '0' }, variables: vars, children: [seq('S', { MaxErrorCount: '0' }, { FailPackageOnFailure: 'True' })] });
    expect(packageFails.nodes.get('Package\\S')!.state).toBe('success');
    expect(packageFails.outcome).toBe('failure');
  });

  it('runs For Loops with init/eval/assign, one node per iteration', async () => {
    const r = await run({
      name: 'Loop', variables: [counter, { name: 'i', type: 3, value: '0' }],
      children: [{ name: 'L', type: 'STOCK:FORLOOP', attrs: { InitExpression: '@[User::i] = 1', EvalExpression: '@[User::i] <= 3', AssignExpression: '@[User::i] = @[User::i] + 1' }, children: [expressionTask('Add', '@[User::log] = @[User::log] + (DT_WSTR, 2) @[User::i]')] }],
    });
    expect(r.outcome).toBe('success');
    expect(finalLog(r)).toBe('123');
    expect(r.nodes.has('Package\\L#3\\Add')).toBe(true);
  });

  it('stops a loop at its first failing iteration', async () => {
    const r = await run({
      name: 'LoopFail', variables: [counter, { name: 'i', type: 3, value: '0' }],
      children: [{ name: 'L', type: 'STOCK:FORLOOP', attrs: { InitExpression: '@[User::i] = 0', EvalExpression: '@[User::i] < 5', AssignExpression: '@[User::i] = @[User::i] + 1' }, children: [expressionTask('Div', '@[User::i] = 10 / (2 - @[User::i]) * 0 + @[User::i]')] }],
    });
    expect(r.outcome).toBe('failure');
    expect(r.nodes.has('Package\\L#3\\Div')).toBe(true);
    expect(r.nodes.has('Package\\L#4\\Div')).toBe(false);
  });

  it('enumerates Foreach File, Item and ADO items into mapped variables', async () => {
    const files = { '/data/a.csv': '', '/data/b.csv': '', '/data/c.txt': '' };
    const mapping = '<DTS:ForEachVariableMappings><DTS:ForEachVariableMapping DTS:ValueIndex="0" DTS:VariableName="User::item" /></DTS:ForEachVariableMappings>';
    const body = [expressionTask('Add', '@[User::log] = @[User::log] + @[User::item] + ";"')];
    const fileEnum = '<DTS:ForEachEnumerator DTS:CreationName="Microsoft.ForEachFileEnumerator"><DTS:PropertyExpression DTS:Name="FileSpec">"*" + ".csv"</DTS:PropertyExpression><DTS:ObjectData><ForEachFileEnumeratorProperties><FEFEProperty Folder="/data" /><FEFEProperty FileSpec="*.txt" /><FEFEProperty FileNameRetrievalType="1" /><FEFEProperty Recurse="0" /></ForEachFileEnumeratorProperties></DTS:ObjectData></DTS:ForEachEnumerator>';
    const r1 = await run({ name: 'F', variables: [counter, { name: 'item', type: 8, value: '' }], children: [{ name: 'Each', type: 'STOCK:FOREACHLOOP', inner: fileEnum + mapping, children: body }] }, { host: host({}, files) });
    expect(finalLog(r1)).toBe('a.csv;b.csv;');
    const none = await run({ name: 'F0', variables: [counter, { name: 'item', type: 8, value: '' }], children: [{ name: 'Each', type: 'STOCK:FOREACHLOOP', inner: fileEnum.replace('/data', '/nothing-here') + mapping, children: body }] }, { host: host({}, files) });
    expect(none.outcome).toBe('success');
    expect(none.lines).toContain('Warning: 0x80000000 at Each: The For Each File enumerator is empty. The For Each File enumerator did not find any files that matched the file pattern, or the specified directory was empty.');
    const itemEnum = '<DTS:ForEachEnumerator DTS:CreationName="Microsoft.ForEachItemEnumerator"><DTS:ObjectData><FEIEItems><FEIEItem><FEIEItemValue Type="18" Value="x" /></FEIEItem><FEIEItem><FEIEItemValue Type="18" Value="y" /></FEIEItem></FEIEItems></DTS:ObjectData></DTS:ForEachEnumerator>';
    const r2 = await run({ name: 'I', variables: [counter, { name: 'item', type: 8, value: '' }], children: [{ name: 'Each', type: 'STOCK:FOREACHLOOP', inner: itemEnum + mapping, children: body }] });
    expect(finalLog(r2)).toBe('x;y;');
    const fill: TaskImpl = async (ctx) => ctx.write('User::rows', { type: 'DT_OBJECT', value: { kind: 'rowset', columns: ['name'], rows: [['p'], ['q']] } });
    const adoEnum = '<DTS:ForEachEnumerator DTS:CreationName="Microsoft.ForEachADOEnumerator"><DTS:ObjectData><FEEADO EnumType="EnumerateRowsInFirstTable" VarName="User::rows" /></DTS:ObjectData></DTS:ForEachEnumerator>';
    const r3 = await run(
      { name: 'A', variables: [counter, { name: 'item', type: 8, value: '' }, { name: 'rows', type: 13, value: '' }], children: [{ name: 'Fill', type: 'Test.Fill' }, { name: 'Each', type: 'STOCK:FOREACHLOOP', inner: adoEnum + mapping, children: body }], constraints: [{ from: 'Fill', to: 'Each' }] },
      { host: host({ 'TEST.FILL': fill }) },
    );
    expect(finalLog(r3)).toBe('p;q;');
  });

  it('raises OnPreExecute/OnPostExecute/OnError to handlers up the chain until Propagate is False', async () => {
    const r = await run({
      name: 'Events', variables: [counter, { name: 'n', type: 3, value: '0' }],
      handlers: [
        { event: 'OnError', children: [expressionTask('PkgOnError', '@[User::log] = @[User::log] + "E(" + @[System::SourceName] + ")"')] },
        { event: 'OnPreExecute', children: [expressionTask('PkgPre', '@[User::log] = @[User::log] + "<" + @[System::SourceName]')] },
        { event: 'OnPostExecute', children: [expressionTask('PkgPost', '@[User::log] = @[User::log] + ">" + @[System::SourceName]')] },
        { event: 'OnTaskFailed', children: [expressionTask('PkgTaskFailed', '@[User::log] = @[User::log] + "F(" + @[System::SourceName] + ")"')] },
      ],
      children: [
        {
          name: 'S', type: 'STOCK:SEQUENCE', attrs: { MaxErrorCount: '0' },
          handlers: [{ event: 'OnError', children: [expressionTask('SeqOnError', '@[System::Propagate] = FALSE')] }],
          children: [fail('Bad')],
        },
        fail('Bad2'),
      ],
    });
    expect(r.outcome).toBe('failure');
    expect(r.nodes.has('Package.EventHandlers[OnError]#3\\PkgOnError') || [...r.nodes.keys()].some((k) => k.endsWith('\\PkgOnError'))).toBe(true);
    const log = finalLog(r);
    expect(log).toContain('<Events');
    expect(log).toContain('<Bad2');
    expect(log).toContain('E(Bad2)');
    expect(log).toContain('>Bad2');
    expect(log.indexOf('<Bad2')).toBeLessThan(log.indexOf('E(Bad2)'));
    expect(log.indexOf('E(Bad2)')).toBeLessThan(log.indexOf('F(Bad2)'));
    expect(log.indexOf('F(Bad2)')).toBeLessThan(log.indexOf('>Bad2'));
    expect(log).not.toContain('E(Bad)');
  });

  it('applies package and project parameters, /Par values, /SET and property expressions', async () => {
    const project: ProjectDef = { name: 'P', parameters: [{ name: 'Env', type: 'DT_WSTR', value: { type: 'DT_WSTR', value: 'DEV' }, required: false, sensitive: false }], connections: [], loadPackage: async () => null };
    const r = await run(
      { name: 'Params', variables: [counter, { name: 'x', type: 8, value: 'v0' }], parameters: [{ name: 'Batch', dataType: 3, value: '10' }], children: [expressionTask('Set', '@[User::log] = @[$Project::Env] + (DT_WSTR, 5) (@[$Package::Batch] * 2) + @[User::x]')] },
      { project, parameters: new Map([['$Package::Batch', { type: 'DT_WSTR', value: '21' }]]), sets: [{ path: '\\Package.Variables[User::x].Properties[Value]', value: 'set' }] },
    );
    expect(finalLog(r)).toBe('DEV42set');
    const nested = await run(
      { name: 'NestedSet', variables: [counter], children: [{ name: 'S', type: 'STOCK:SEQUENCE', variables: [{ name: 'y', type: 3, value: '1' }], children: [expressionTask('Use', '@[User::log] = (DT_WSTR, 5) (@[User::y] + 1)')] }] },
      { sets: [{ path: '\\Package\\S.Variables[User::y].Value', value: '41' }] },
    );
    expect(finalLog(nested)).toBe('42');
    const bad = await run({ name: 'BadSet', variables: [counter] }, { sets: [{ path: '\\Package.Variables[User::nope].Value', value: '1' }] });
    expect(bad.outcome).toBe('failure');
    expect(bad.lines.some((l) => l.includes('The package path referenced an object that cannot be found'))).toBe(true);
  });

  it('evaluates expression variables on every read and refuses to assign them or parameters', async () => {
    const r = await run({
      name: 'ExprVars', variables: [counter, { name: 'n', type: 3, value: '1' }, { name: 'twice', type: 3, value: '0', expression: '@[User::n] * 2' }],
      children: [expressionTask('Bump', '@[User::n] = 5'), expressionTask('Read', '@[User::log] = (DT_WSTR, 5) @[User::twice]'), expressionTask('Assign', '@[User::twice] = 1')],
      constraints: [{ from: 'Bump', to: 'Read' }, { from: 'Read', to: 'Assign' }],
    });
    expect(finalLog(r)).toBe('10');
    expect(r.lines.some((l) => l.includes('"User::twice" is read-only'))).toBe(true);
    expect(r.outcome).toBe('failure');
  });

  it('applies property expressions on connection managers (a File connection chosen by a variable)', async () => {
    const child = buildPackageXml({ name: 'Picked', variables: [counter], children: [expressionTask('Here', '@[User::log] = "picked"')] });
    const r = await run(
      {
        name: 'ByExpr', variables: [{ name: 'dir', type: 8, value: '/pkgs' }],
        connections: [{ name: 'Child', id: '{AAAAAAAA-0000-0000-0000-000000000002}', type: 'FILE', connectionString: 'C:\\old\\Picked.dtsx', expression: '@[User::dir] + "/Picked.dtsx"' }],
        children: [{ name: 'Run', type: 'Microsoft.ExecutePackageTask', data: '<ExecutePackageTask><Connection>{AAAAAAAA-0000-0000-0000-000000000002}</Connection></ExecutePackageTask>' }],
      },
      { host: host({}, { '/pkgs/Picked.dtsx': child }) },
    );
    expect(r.outcome).toBe('success');
    expect(r.lines).toContain('SSIS package "/pkgs/Picked.dtsx" starting.');
  });

  it('runs child packages by project reference and file connection with parameter assignments; a failing child fails the task', async () => {
    const child = buildPackageXml({ name: 'Child', parameters: [{ name: 'Who', dataType: 8, value: '' }], variables: [counter], children: [expressionTask('Greet', '@[User::log] = "hi " + @[$Package::Who]')] });
    const badChild = buildPackageXml({ name: 'Bad', variables: [{ name: 'n', type: 3, value: '0' }], children: [fail('Boom')] });
    const project: ProjectDef = { name: 'Proj', parameters: [], connections: [], loadPackage: async (n) => (n === 'Child.dtsx' ? parsePackage(child, n, `/proj/${n}`) : null) };
    const ept = (name: string, inner: string) => ({ name, type: 'Microsoft.ExecutePackageTask', data: `<ExecutePackageTask>${inner}</ExecutePackageTask>` });
    const r = await run(
      {
        name: 'Parent', variables: [{ name: 'who', type: 8, value: 'there' }],
        connections: [{ name: 'BadFile', id: '{AAAAAAAA-0000-0000-0000-000000000001}', type: 'FILE', connectionString: '/x/Bad.dtsx' }],
        children: [
          ept('Run Child', '<UseProjectReference>True</UseProjectReference><PackageName>Child.dtsx</PackageName><ParameterAssignment><ParameterName>Who</ParameterName><BindedVariableOrParameterName>User::who</BindedVariableOrParameterName></ParameterAssignment>'),
          ept('Run Bad', '<Connection>{AAAAAAAA-0000-0000-0000-000000000001}</Connection>'),
        ],
        constraints: [{ from: 'Run Child', to: 'Run Bad' }],
      },
      { project, host: host({}, { '/x/Bad.dtsx': badChild }) },
    );
    expect(r.lines).toContain('SSIS package "/proj/Child.dtsx" starting.');
    expect(r.lines.some((l) => l.includes('evaluated to "hi there"'))).toBe(true);
    expect(r.lines).toContain('SSIS package "/x/Bad.dtsx" finished: Failure.');
    expect(r.nodes.get('Package\\Run Bad')!.state).toBe('failure');
    expect(r.nodes.get('Package\\Run Child\\Package')!.parentId).toBe('Package\\Run Child');
    expect(r.outcome).toBe('failure');
  });

  it('fails only the executable whose property expression cannot be evaluated; its siblings still run', async () => {
    const r = await run({
      name: 'BadExpr', attrs: { MaxErrorCount: '0' }, variables: [counter],
      children: [{ ...append('Broken', 'b'), inner: '<DTS:PropertyExpression DTS:Name="Disable">@[User::nope]</DTS:PropertyExpression>' }, append('Sibling', 's'), append('After', 'a')],
      constraints: [{ from: 'Broken', to: 'After', value: 1 }],
    });
    expect(r.nodes.get('Package\\Broken')!.state).toBe('failure');
    expect(r.nodes.get('Package\\Broken')!.messages[0]!.text).toMatch(/"User::nope" was not found/);
    expect(r.nodes.get('Package\\Sibling')!.state).toBe('success');
    expect(r.nodes.get('Package\\After')!.state).toBe('success');
  });

  it('says at the start what it runs without: distributed transactions, configurations, checkpoints', async () => {
    const r = await run({
      name: 'Limits', attrs: { EnableConfig: 'True', SaveCheckpoints: 'True' }, variables: [counter],
      children: [{ ...append('T', 'x'), attrs: { TransactionOption: '2' } }],
    });
    expect(r.outcome).toBe('success');
    expect(r.lines[1]).toMatch(/^Warning: 0x80000000 at Limits: TransactionOption is Required on \\Package\\T; the built-in engine runs without a distributed \(MSDTC\) transaction/);
    expect(r.lines[2]).toMatch(/^Warning: 0x80000000 at Limits: SaveCheckpoints is True/);
  });

  it('cancels between executables', async () => {
    const signal = new RunCancel();
    const stop: TaskImpl = async () => signal.cancel();
    const r = await run({ name: 'Cancel', variables: [counter], children: [{ name: 'Stop', type: 'Test.Stop' }, append('Later', 'x')], constraints: [{ from: 'Stop', to: 'Later' }] }, { host: host({ 'TEST.STOP': stop }), signal });
    expect(r.outcome).toBe('cancelled');
    expect(r.nodes.has('Package\\Later')).toBe(false);
    expect(r.lines.at(-1)).toMatch(/finished: Canceled\.$/);
  });
});

describe('built-in engine: what it cannot run', () => {
  it('lists Data Flow, Script and third-party tasks (also in handlers and child packages) before the run, but not disabled ones', async () => {
    const child = buildPackageXml({ name: 'Child', children: [{ name: 'Script', type: 'Microsoft.ScriptTask' }] });
    const project: ProjectDef = { name: 'P', parameters: [], connections: [], loadPackage: async (n) => parsePackage(child, n) };
    const pkg = parsePackage(
      buildPackageXml({
        name: 'Mixed',
        children: [
          { name: 'DFT', type: 'Microsoft.Pipeline' },
          { name: 'Old DFT', type: 'Microsoft.Pipeline', attrs: { Disabled: 'True' } },
          { name: 'Zip', type: 'CozyRoc.Zip, CozyRoc.SSISPlus' },
          { name: 'Run', type: 'Microsoft.ExecutePackageTask', data: '<ExecutePackageTask><UseProjectReference>True</UseProjectReference><PackageName>Child.dtsx</PackageName></ExecutePackageTask>' },
        ],
        handlers: [{ event: 'OnError', children: [{ name: 'Mail', type: 'Microsoft.SendMailTask' }] }],
      }),
      'Mixed.dtsx',
    );
    const supported = new Set([...host().tasks.keys()]);
    const b = await findBlockers(pkg, supported, project);
    expect(b.map((x) => x.path)).toEqual(['\\Package.EventHandlers[OnError]\\Mail', '\\Package\\DFT', '\\Package\\Zip', '\\Package\\Script']);
    expect(b[1]!.message).toMatch(/Data Flow Task.*install SQL Server Integration Services/);
    expect(b[3]!.message).toMatch(/^Child\.dtsx: "Script" is a Script Task/);
  });
});
