/**
 * What the preflight rules need to know about a package, read from its .dtsx (formats 2/3 element-based
 * and 6/8 attribute-based) and from the project's .conmgr files: connection managers with their connection
 * strings, and the children its Execute Package Tasks run.
 */
import { parseXml } from '../xml/reader.js';
import { attrValue, childElements, firstChild, textContent } from '../xml/query.js';
import type { XmlElement } from '../xml/types.js';
import { NS_DTS, NS_XMLENC } from '../formats/namespaces.js';
import { protectionLevelFromCode } from '../formats/protection.js';
import type { ProtectionLevel } from '../model/solution.js';

export interface ConnectionFact {
  readonly name: string;
  readonly id: string | null;
  /** OLEDB, ADO.NET:SQL, FILE, FLATFILE, EXCEL, ... (upper-cased as SSIS compares them). */
  readonly creationName: string;
  /** The design-time connection string (for FILE/FLATFILE: the path). */
  readonly connectionString: string | null;
  /** A property expression replaces the connection string at run time (e.g. @[$Project::Path]). */
  readonly expression: string | null;
  /** 'project': a .conmgr shared by every package of the project. */
  readonly scope: 'package' | 'project';
}

export type ChildReferenceKind = 'project' | 'file' | 'msdb';

export interface ChildReference {
  /** The task's path, e.g. "\Package\Run LoadOrders". */
  readonly taskPath: string;
  readonly kind: ChildReferenceKind;
  /** Project reference: the package file name ("Child.dtsx"); msdb: "\Folder\Child"; file: null. */
  readonly packageName: string | null;
  /** File reference: the connection manager's DTSID. */
  readonly connectionId: string | null;
  readonly disabled: boolean;
}

export interface PackageFacts {
  readonly protectionLevel: ProtectionLevel | null;
  /** The whole file is ciphertext (EncryptAllWithPassword): nothing else could be read. */
  readonly encrypted: boolean;
  /** The file holds encrypted or sensitive values (Encrypted="1" / Sensitive="1"), which need the key to read. */
  readonly hasSensitiveValues: boolean;
  readonly connections: readonly ConnectionFact[];
  readonly children: readonly ChildReference[];
}

/** Sensitive or encrypted values, with any namespace prefix (password mode writes generated prefixes). */
const SENSITIVE = /\s(?:[\w.-]+:)?(?:Sensitive|Encrypted)="1"/;

/** `<DTS:Property DTS:Name="X">` children (format 2/3). */
function elementProps(el: XmlElement): Map<string, string> {
  const map = new Map<string, string>();
  for (const p of childElements(el, 'Property', NS_DTS)) {
    const name = attrValue(p, 'Name', NS_DTS);
    if (name !== null && !map.has(name)) map.set(name, textContent(p));
  }
  return map;
}

function prop(el: XmlElement, name: string): string | null {
  return attrValue(el, name, NS_DTS) ?? elementProps(el).get(name) ?? null;
}

function propertyExpression(el: XmlElement, name: string): string | null {
  for (const pe of childElements(el, 'PropertyExpression', NS_DTS)) {
    if (attrValue(pe, 'Name', NS_DTS) === name) return textContent(pe).trim() || null;
  }
  return null;
}

/** One DTS:ConnectionManager element (in a package or the root of a .conmgr). */
export function readConnectionManager(cm: XmlElement, scope: ConnectionFact['scope']): ConnectionFact {
  const inner = firstChild(firstChild(cm, 'ObjectData', NS_DTS) ?? cm, 'ConnectionManager', NS_DTS);
  return {
    name: prop(cm, 'ObjectName') ?? '',
    id: prop(cm, 'DTSID'),
    creationName: (prop(cm, 'CreationName') ?? '').toUpperCase(),
    connectionString: inner ? prop(inner, 'ConnectionString') : null,
    expression: propertyExpression(cm, 'ConnectionString'),
    scope,
  };
}

function walkExecutables(parent: XmlElement, path: string, out: ChildReference[], parentDisabled: boolean): void {
  const holder = firstChild(parent, 'Executables', NS_DTS);
  if (!holder) return;
  for (const ex of childElements(holder, 'Executable', NS_DTS)) {
    const name = prop(ex, 'ObjectName') ?? '';
    const taskPath = `${path}\\${name}`;
    const disabled = parentDisabled || (prop(ex, 'Disabled') ?? '').toLowerCase() === 'true' || prop(ex, 'Disabled') === '-1';
    const type = `${prop(ex, 'ExecutableType') ?? ''} ${prop(ex, 'CreationName') ?? ''}`;
    if (/ExecutePackageTask/i.test(type)) {
      const data = firstChild(firstChild(ex, 'ObjectData', NS_DTS) ?? ex, 'ExecutePackageTask');
      if (data) {
        const text = (local: string): string | null => {
          const el = firstChild(data, local);
          return el ? textContent(el).trim() || null : null;
        };
        const useProject = (text('UseProjectReference') ?? '').toLowerCase() === 'true';
        const packageName = text('PackageName');
        const connectionId = text('Connection');
        const kind: ChildReferenceKind = useProject ? 'project' : packageName ? 'msdb' : 'file';
        out.push({ taskPath, kind, packageName, connectionId: kind === 'project' ? null : connectionId, disabled });
      }
    }
    walkExecutables(ex, taskPath, out, disabled);
  }
}

/** Reads a package's facts; throws XmlError for a file that is not well-formed. */
export function packageFacts(dtsxText: string): PackageFacts {
  const doc = parseXml(dtsxText);
  const root = doc.root;
  if (root.local === 'EncryptedData' && root.ns === NS_XMLENC) {
    return { protectionLevel: 3, encrypted: true, hasSensitiveValues: true, connections: [], children: [] };
  }
  const pl = prop(root, 'ProtectionLevel');
  const cmHolder = firstChild(root, 'ConnectionManagers', NS_DTS);
  const connections = cmHolder ? childElements(cmHolder, 'ConnectionManager', NS_DTS).map((cm) => readConnectionManager(cm, 'package')) : [];
  const children: ChildReference[] = [];
  walkExecutables(root, '\\Package', children, false);
  return {
    protectionLevel: pl === null ? 1 : protectionLevelFromCode(pl),
    encrypted: false,
    hasSensitiveValues: SENSITIVE.test(dtsxText),
    connections,
    children,
  };
}

/** A project connection manager file (.conmgr); null when it is not one. */
export function conmgrFacts(text: string): ConnectionFact | null {
  const doc = parseXml(text);
  if (doc.root.local !== 'ConnectionManager' || doc.root.ns !== NS_DTS) return null;
  return readConnectionManager(doc.root, 'project');
}
