/**
 * Reads .dtsx (format 6/8, attribute based), .conmgr and Project.params XML into the executable model.
 * Format 2/3 packages (SQL Server 2005/2008) are refused with a message: Visual Studio upgrades them first.
 */
import { NS_DTS, NS_SSIS } from '../formats/namespaces.js';
import { attrValue, childElements, firstChild, textContent } from '../xml/query.js';
import { parseXml } from '../xml/reader.js';
import type { XmlElement } from '../xml/types.js';
import type {
  ConnectionDef,
  ConstraintDef,
  EvalOp,
  EventHandlerDef,
  ExecutableDef,
  ExecutableKind,
  PackageDef,
  ParameterDef,
  PropertyExpression,
  VariableDef,
} from './model.js';
import { fromStoredText, RuntimeError, typeOfTypeCode, typeOfVariant } from './values.js';

export class PackageLoadError extends RuntimeError {
  constructor(message: string) {
    super(message);
    this.name = 'PackageLoadError';
  }
}

const a = (el: XmlElement, name: string): string | null => attrValue(el, name, NS_DTS);

function bool(text: string | null, fallback: boolean): boolean {
  if (text === null) return fallback;
  const t = text.trim().toLowerCase();
  return t === 'true' || t === '-1' || t === '1';
}

function int(text: string | null, fallback: number): number {
  const n = text === null ? NaN : Number(text.trim());
  return Number.isFinite(n) ? n : fallback;
}

function propertyExpressions(el: XmlElement): PropertyExpression[] {
  return childElements(el, 'PropertyExpression', NS_DTS).map((p) => ({ name: a(p, 'Name') ?? '', expression: textContent(p) }));
}

function readVariables(el: XmlElement): VariableDef[] {
  const holder = firstChild(el, 'Variables', NS_DTS);
  if (!holder) return [];
  return childElements(holder, 'Variable', NS_DTS).map((v) => {
    const valueEl = firstChild(v, 'VariableValue', NS_DTS);
    const type = typeOfVariant(int(valueEl ? a(valueEl, 'DataType') : null, 8));
    return {
      namespace: a(v, 'Namespace') ?? 'User',
      name: a(v, 'ObjectName') ?? '',
      type,
      value: fromStoredText(type, valueEl ? textContent(valueEl) : ''),
      expression: bool(a(v, 'EvaluateAsExpression'), false) ? (a(v, 'Expression') ?? '') : null,
      readOnly: bool(a(v, 'ReadOnly'), false),
    };
  });
}

function readConstraints(el: XmlElement): ConstraintDef[] {
  const holder = firstChild(el, 'PrecedenceConstraints', NS_DTS);
  if (!holder) return [];
  return childElements(holder, 'PrecedenceConstraint', NS_DTS).map((c) => ({
    name: a(c, 'ObjectName') ?? '',
    from: a(c, 'From') ?? '',
    to: a(c, 'To') ?? '',
    value: Math.min(2, Math.max(0, int(a(c, 'Value'), 0))) as 0 | 1 | 2,
    evalOp: (int(a(c, 'EvalOp'), 2) as EvalOp) || 2,
    expression: a(c, 'Expression'),
    logicalAnd: bool(a(c, 'LogicalAnd'), true),
  }));
}

function kindOf(moniker: string): ExecutableKind {
  switch (moniker.toUpperCase()) {
    case 'STOCK:SEQUENCE':
      return 'sequence';
    case 'STOCK:FORLOOP':
      return 'forLoop';
    case 'STOCK:FOREACHLOOP':
      return 'foreachLoop';
    case 'MICROSOFT.PACKAGE':
    case 'SSIS.PACKAGE.3':
      return 'package';
    default:
      return 'task';
  }
}

function payload(el: XmlElement): XmlElement | null {
  const od = firstChild(el, 'ObjectData', NS_DTS);
  return od ? (childElements(od)[0] ?? null) : null;
}

function readEventHandlers(el: XmlElement, parentRef: string): EventHandlerDef[] {
  const holder = firstChild(el, 'EventHandlers', NS_DTS);
  if (!holder) return [];
  return childElements(holder, 'EventHandler', NS_DTS).map((h) => {
    const event = a(h, 'EventName') ?? a(h, 'CreationName') ?? '';
    const refId = a(h, 'refId') ?? `${parentRef}.EventHandlers[${event}]`;
    return { event, body: readExecutable(h, refId, `${event} event handler`, 'EventHandler') };
  });
}

function readExecutable(el: XmlElement, refIdOverride?: string, nameOverride?: string, typeOverride?: string): ExecutableDef {
  const moniker = typeOverride ?? a(el, 'ExecutableType') ?? a(el, 'CreationName') ?? '';
  const kind = typeOverride ? 'sequence' : kindOf(moniker);
  const refId = refIdOverride ?? a(el, 'refId') ?? a(el, 'ObjectName') ?? '';
  const execHolder = firstChild(el, 'Executables', NS_DTS);
  const enumerator = firstChild(el, 'ForEachEnumerator', NS_DTS);
  const mappingHolder = firstChild(el, 'ForEachVariableMappings', NS_DTS);
  return {
    refId,
    name: nameOverride ?? a(el, 'ObjectName') ?? refId,
    kind,
    taskType: moniker,
    description: a(el, 'Description') ?? '',
    disabled: bool(a(el, 'Disabled'), false),
    failPackageOnFailure: bool(a(el, 'FailPackageOnFailure'), false),
    failParentOnFailure: bool(a(el, 'FailParentOnFailure'), false),
    maxErrorCount: int(a(el, 'MaxErrorCount'), 1),
    forceExecutionResult: int(a(el, 'ForceExecutionResult'), -1),
    transactionRequired: int(a(el, 'TransactionOption'), 1) === 2,
    variables: readVariables(el),
    propertyExpressions: propertyExpressions(el),
    executables: execHolder ? childElements(execHolder, 'Executable', NS_DTS).map((x) => readExecutable(x)) : [],
    constraints: readConstraints(el),
    eventHandlers: readEventHandlers(el, refId),
    data: kind === 'task' ? payload(el) : null,
    forLoop: kind === 'forLoop' ? { init: a(el, 'InitExpression'), eval: a(el, 'EvalExpression'), assign: a(el, 'AssignExpression') } : null,
    foreach:
      kind === 'foreachLoop'
        ? {
            enumerator: enumerator ? (a(enumerator, 'CreationName') ?? '') : '',
            data: enumerator ? payload(enumerator) : null,
            propertyExpressions: enumerator ? propertyExpressions(enumerator) : [],
            mappings: mappingHolder
              ? childElements(mappingHolder, 'ForEachVariableMapping', NS_DTS).map((m) => ({ index: int(a(m, 'ValueIndex'), 0), variable: a(m, 'VariableName') ?? '' }))
              : [],
          }
        : null,
  };
}

/** A DTS:ConnectionManager element (in a package, or the root of a .conmgr file). */
export function readConnection(cm: XmlElement): ConnectionDef {
  const inner = firstChild(firstChild(cm, 'ObjectData', NS_DTS) ?? cm, 'ConnectionManager', NS_DTS);
  return {
    id: (a(cm, 'DTSID') ?? '').toUpperCase(),
    name: a(cm, 'ObjectName') ?? '',
    creationName: a(cm, 'CreationName') ?? '',
    connectionString: (inner && a(inner, 'ConnectionString')) ?? '',
    propertyExpressions: propertyExpressions(cm),
    fileUsage: int(inner ? a(inner, 'FileUsageType') : null, 0),
    password: inner ? readablePassword(inner) : null,
  };
}

function readablePassword(inner: XmlElement): string | null {
  const el = childElements(inner, 'Password', NS_DTS)[0];
  if (!el) return null;
  // Encrypted values carry Encrypted="1" or the Salt/IV attributes of password protection.
  if (el.attributes.some((x) => x.local === 'Encrypted' || x.local === 'Salt' || x.local === 'IV')) return null;
  return textContent(el);
}

function readPackageParameters(root: XmlElement): ParameterDef[] {
  const holder = firstChild(root, 'PackageParameters', NS_DTS);
  if (!holder) return [];
  return childElements(holder, 'PackageParameter', NS_DTS).map((p) => {
    // Package parameters in .dtsx use VARIANT codes (8 String, 3 Int32, 11 Boolean), unlike Project.params.
    const type = typeOfVariant(int(a(p, 'DataType'), 8));
    const valueEl = childElements(p, 'Property', NS_DTS).find((x) => a(x, 'Name') === 'ParameterValue');
    return {
      name: a(p, 'ObjectName') ?? '',
      type,
      value: fromStoredText(type, valueEl ? textContent(valueEl) : ''),
      required: bool(a(p, 'Required'), false),
      sensitive: bool(a(p, 'Sensitive'), false),
    };
  });
}

export function parsePackage(text: string, fileName: string, source: string = fileName): PackageDef {
  let root: XmlElement;
  try {
    root = parseXml(text).root;
  } catch (e) {
    throw new PackageLoadError(`The package "${fileName}" could not be loaded: ${(e as Error).message}`);
  }
  if (root.local === 'EncryptedData') throw new PackageLoadError(`The package "${fileName}" is encrypted with a password (EncryptAllWithPassword); give the password with /DECRYPT.`);
  if (root.local !== 'Executable' || root.ns !== NS_DTS) throw new PackageLoadError(`The file "${fileName}" is not an SSIS package: its root element is <${root.name}>.`);
  const formatEl = childElements(root, 'Property', NS_DTS).find((p) => a(p, 'Name') === 'PackageFormatVersion');
  const formatVersion = formatEl ? int(textContent(formatEl), 0) : null;
  if (formatVersion !== null && formatVersion < 6) {
    throw new PackageLoadError(`The package "${fileName}" is in format version ${formatVersion} (SQL Server 2005/2008). Open it in Visual Studio to upgrade it before running it.`);
  }
  const cmHolder = firstChild(root, 'ConnectionManagers', NS_DTS);
  return {
    name: fileName,
    source,
    id: a(root, 'DTSID') ?? '',
    formatVersion,
    protectionLevel: int(a(root, 'ProtectionLevel'), 1),
    root: readExecutable(root, 'Package'),
    connections: cmHolder ? childElements(cmHolder, 'ConnectionManager', NS_DTS).map(readConnection) : [],
    parameters: readPackageParameters(root),
    configurations: bool(a(root, 'EnableConfig'), false) ? childElements(firstChild(root, 'Configurations', NS_DTS) ?? root, 'Configuration', NS_DTS).length : 0,
    saveCheckpoints: bool(a(root, 'SaveCheckpoints'), false),
  };
}

export function parseConnectionManagerFile(text: string): ConnectionDef {
  return readConnection(parseXml(text).root);
}

/** Project.params: `<SSIS:Parameters><SSIS:Parameter SSIS:Name><SSIS:Properties><SSIS:Property SSIS:Name="Value">`. */
export function parseProjectParams(text: string): ParameterDef[] {
  const root = parseXml(text).root;
  return childElements(root, 'Parameter', NS_SSIS).map((p) => {
    const props = new Map<string, string>();
    const holder = firstChild(p, 'Properties', NS_SSIS);
    for (const x of holder ? childElements(holder, 'Property', NS_SSIS) : []) props.set(attrValue(x, 'Name', NS_SSIS) ?? '', textContent(x));
    const type = typeOfTypeCode(int(props.get('DataType') ?? null, 18));
    return {
      name: attrValue(p, 'Name', NS_SSIS) ?? '',
      type,
      value: fromStoredText(type, props.get('Value') ?? ''),
      required: bool(props.get('Required') ?? null, false),
      sensitive: bool(props.get('Sensitive') ?? null, false),
    };
  });
}
