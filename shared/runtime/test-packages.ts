/**
 * Builds .dtsx text for tests and benchmarks, in the format-8 shape Visual Studio writes (attributes in the
 * DTS namespace, payloads under DTS:ObjectData), so tests exercise the same loader real packages go through.
 */
import { escapeAttr } from '../xml/edit.js';

export interface TestExecutable {
  readonly name: string;
  /** Moniker (`Microsoft.ExpressionTask`, `STOCK:SEQUENCE`, ...). */
  readonly type: string;
  /** Extra DTS: attributes (`Disabled: 'True'`, `MaxErrorCount: '2'`, `EvalExpression: ...`). */
  readonly attrs?: Readonly<Record<string, string>>;
  /** Raw XML inside DTS:ObjectData. */
  readonly data?: string;
  /** Raw XML placed first inside the executable (ForEachEnumerator, PropertyExpression, ...). */
  readonly inner?: string;
  readonly variables?: readonly TestVariable[];
  readonly children?: readonly TestExecutable[];
  readonly constraints?: readonly TestConstraint[];
  readonly handlers?: readonly { readonly event: string; readonly children: readonly TestExecutable[]; readonly variables?: readonly TestVariable[] }[];
}

export interface TestVariable {
  readonly name: string;
  readonly namespace?: string;
  /** VARIANT code: 3 Int32, 8 String, 11 Boolean, 13 Object, 7 DateTime. */
  readonly type: number;
  readonly value: string;
  readonly expression?: string;
}

export interface TestConstraint {
  readonly from: string;
  readonly to: string;
  /** 0 success (default), 1 failure, 2 completion. */
  readonly value?: 0 | 1 | 2;
  readonly expression?: string;
  readonly evalOp?: 1 | 2 | 3 | 4;
  readonly and?: boolean;
}

const attr = (name: string, value: string) => ` DTS:${name}="${escapeAttr(value)}"`;

function variables(vars: readonly TestVariable[] | undefined): string {
  if (!vars?.length) return '<DTS:Variables />';
  return `<DTS:Variables>${vars
    .map((v) => `<DTS:Variable${attr('Namespace', v.namespace ?? 'User')}${attr('ObjectName', v.name)}${v.expression ? `${attr('EvaluateAsExpression', 'True')}${attr('Expression', v.expression)}` : ''}><DTS:VariableValue${attr('DataType', String(v.type))}>${escapeAttr(v.value)}</DTS:VariableValue></DTS:Variable>`)
    .join('')}</DTS:Variables>`;
}

function body(ref: string, e: { children?: readonly TestExecutable[]; constraints?: readonly TestConstraint[] }): string {
  const execs = e.children?.length ? `<DTS:Executables>${e.children.map((c) => executable(c, `${ref}\\${c.name}`)).join('')}</DTS:Executables>` : '';
  const cons = e.constraints?.length
    ? `<DTS:PrecedenceConstraints>${e.constraints
        .map(
          (c, i) =>
            `<DTS:PrecedenceConstraint${attr('refId', `${ref}.PrecedenceConstraints[C${i}]`)}${attr('ObjectName', `C${i}`)}${attr('From', `${ref}\\${c.from}`)}${attr('To', `${ref}\\${c.to}`)}${attr('LogicalAnd', c.and === false ? 'False' : 'True')}${c.value ? attr('Value', String(c.value)) : ''}${c.expression ? `${attr('EvalOp', String(c.evalOp ?? 3))}${attr('Expression', c.expression)}` : ''} />`,
        )
        .join('')}</DTS:PrecedenceConstraints>`
    : '';
  return execs + cons;
}

function executable(e: TestExecutable, ref: string): string {
  const extra = Object.entries(e.attrs ?? {}).map(([k, v]) => attr(k, v)).join('');
  const handlers = e.handlers?.length
    ? `<DTS:EventHandlers>${e.handlers
        .map((h) => `<DTS:EventHandler${attr('refId', `${ref}.EventHandlers[${h.event}]`)}${attr('EventName', h.event)}${attr('CreationName', h.event)}>${variables(h.variables)}${body(`${ref}.EventHandlers[${h.event}]`, h)}</DTS:EventHandler>`)
        .join('')}</DTS:EventHandlers>`
    : '';
  return `<DTS:Executable${attr('refId', ref)}${attr('CreationName', e.type)}${attr('ExecutableType', e.type)}${attr('ObjectName', e.name)}${attr('Description', e.type.replace(/^Microsoft\./, ''))}${extra}>${e.inner ?? ''}${variables(e.variables)}${body(ref, e)}${handlers}${e.data ? `<DTS:ObjectData>${e.data}</DTS:ObjectData>` : ''}</DTS:Executable>`;
}

export interface TestPackage {
  readonly name: string;
  readonly attrs?: Readonly<Record<string, string>>;
  /** `password`: a readable DTS:Password beside the connection string (as ServerStorage packages keep it). */
  readonly connections?: readonly { readonly name: string; readonly id: string; readonly type: string; readonly connectionString: string; readonly expression?: string; readonly password?: string }[];
  /** DataType is a VARIANT code as in DTS:PackageParameter: 8 String, 3 Int32, 11 Boolean. */
  readonly parameters?: readonly { readonly name: string; readonly dataType: number; readonly value: string; readonly required?: boolean }[];
  readonly variables?: readonly TestVariable[];
  readonly children?: readonly TestExecutable[];
  readonly constraints?: readonly TestConstraint[];
  readonly handlers?: TestExecutable['handlers'];
}

export function buildPackageXml(p: TestPackage): string {
  const extra = Object.entries(p.attrs ?? {}).map(([k, v]) => attr(k, v)).join('');
  const cms = p.connections?.length
    ? `<DTS:ConnectionManagers>${p.connections
        .map(
          (c) =>
            `<DTS:ConnectionManager${attr('refId', `Package.ConnectionManagers[${c.name}]`)}${attr('CreationName', c.type)}${attr('DTSID', c.id)}${attr('ObjectName', c.name)}>${c.expression ? `<DTS:PropertyExpression DTS:Name="ConnectionString">${escapeAttr(c.expression)}</DTS:PropertyExpression>` : ''}<DTS:ObjectData><DTS:ConnectionManager${attr('ConnectionString', c.connectionString)}>${c.password !== undefined ? `<DTS:Password DTS:Name="Password" Sensitive="1">${escapeAttr(c.password)}</DTS:Password>` : ''}</DTS:ConnectionManager></DTS:ObjectData></DTS:ConnectionManager>`,
        )
        .join('')}</DTS:ConnectionManagers>`
    : '';
  const params = p.parameters?.length
    ? `<DTS:PackageParameters>${p.parameters
        .map((x) => `<DTS:PackageParameter${attr('ObjectName', x.name)}${attr('DataType', String(x.dataType))}${x.required ? attr('Required', 'True') : ''}><DTS:Property${attr('DataType', String(x.dataType))} DTS:Name="ParameterValue">${escapeAttr(x.value)}</DTS:Property></DTS:PackageParameter>`)
        .join('')}</DTS:PackageParameters>`
    : '';
  const root: TestExecutable = { name: p.name, type: 'Microsoft.Package', children: p.children, constraints: p.constraints, handlers: p.handlers };
  const inner = executable({ ...root, variables: p.variables }, 'Package');
  const open = inner.indexOf('>');
  return `<?xml version="1.0"?>\n<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts"${inner.slice('<DTS:Executable'.length, open)}${extra}${attr('DTSID', '{11111111-2222-3333-4444-555555555555}')}${attr('ProtectionLevel', '0')}><DTS:Property DTS:Name="PackageFormatVersion">8</DTS:Property>${cms}${params}${inner.slice(open + 1)}`;
}

export function expressionTask(name: string, expression: string, attrs?: Readonly<Record<string, string>>): TestExecutable {
  return { name, type: 'Microsoft.ExpressionTask', data: `<ExpressionTask Expression="${escapeAttr(expression)}" />`, attrs };
}
