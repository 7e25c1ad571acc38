/**
 * Wire Child Jobs: writes into the parent .dtsx one Execute SQL Task per (child, server) assignment that
 * starts the child's SQL Server Agent job there (start only, or start and wait for the outcome), with one
 * OLE DB connection manager per server, in parallel or in sequence. Everything it writes carries a mark
 * ("(ssisd:wire)" in DTS:Description, "ssisd wire N" constraint names); a re-run replaces, adds and
 * removes only marked elements, in place, so the rest of the file keeps its bytes. Like Visual Studio's
 * save, a change gives the package a new DTS:VersionGUID and the next DTS:VersionBuild.
 */
import { parseXml } from '../../xml/reader.js';
import { appendChildEdit, applyEdits, elementRemovalRange, indentAt, type TextEdit } from '../../xml/edit.js';
import { attrValue, childElements, firstChild, getAttribute } from '../../xml/query.js';
import type { XmlDocument, XmlElement } from '../../xml/types.js';
import { NS_DTS } from '../namespaces.js';
import { wireSql, type WireMode } from './sql.js';
import {
  CONSTRAINT_PREFIX,
  WIRE_MARK,
  connectionManagerXml,
  executeSqlTaskXml,
  objectName,
  precedenceConstraintXml,
} from './xml.js';

export type WireOrder = 'parallel' | 'sequence';

export interface WireServer {
  /** Display name, as assignments name it. */
  readonly name: string;
  /** Data Source as OLE DB wants it: host, host\instance or host,port. */
  readonly dataSource: string;
}

export interface WireChild {
  readonly packageName: string;
  readonly server: string;
  readonly jobName: string;
}

export interface WireOptions {
  /** In the order they run in sequence mode. */
  readonly children: readonly WireChild[];
  readonly servers: readonly WireServer[];
  readonly mode: WireMode;
  readonly order: WireOrder;
  /** A fresh GUID (crypto.randomUUID()). */
  readonly newGuid: () => string;
  /** Start and wait: seconds between polls (default 5). */
  readonly pollSeconds?: number;
}

export interface WiredTask {
  readonly name: string;
  readonly packageName: string;
  readonly server: string;
  readonly jobName: string;
  readonly connectionManager: string;
  readonly outcome: 'created' | 'updated' | 'unchanged';
}

export interface WireResult {
  readonly text: string;
  readonly changed: boolean;
  readonly tasks: readonly WiredTask[];
  /** Names of wired tasks (and connection managers) that were taken out because no assignment wants them now. */
  readonly removed: readonly string[];
}

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

const braced = (g: string) => `{${g.replace(/[{}]/g, '').toUpperCase()}}`;
const isMarked = (el: XmlElement) => (attrValue(el, 'Description', NS_DTS) ?? '').includes(WIRE_MARK);
const nameOf = (el: XmlElement) => attrValue(el, 'ObjectName', NS_DTS) ?? '';
const csQuote = (v: string) => (/[;'"=]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * Windows authentication always: under SQL Server Agent the parent connects as the Agent service account or
 * its step's proxy, and a SQL login would need its password saved in the package. (Runs in this app map the
 * Data Source to the registered server and its login.)
 */
export function connectionString(s: WireServer): string {
  return `Data Source=${csQuote(s.dataSource)};Initial Catalog=msdb;Provider=MSOLEDBSQL.1;Integrated Security=SSPI;Application Name=SSIS Designer wired parent;Auto Translate=False;`;
}

export function wiredTaskName(jobName: string, server: string): string {
  return objectName(`${jobName} on ${server}`);
}

function taskDescription(mode: WireMode, jobName: string, server: string): string {
  return mode === 'start'
    ? `Starts SQL Server Agent job '${jobName}' on ${server} (start only: succeeds once the job has started)`
    : `Starts SQL Server Agent job '${jobName}' on ${server} and waits: fails when the job fails`;
}

interface Planned {
  readonly name: string;
  readonly xml: (id: string) => string;
}

/** Replaces, appends and removes marked children of `holder` so they match `wanted` (by ObjectName). */
function syncChildren(
  doc: XmlDocument,
  holder: XmlElement | null,
  existing: readonly XmlElement[],
  wanted: readonly Planned[],
  newGuid: () => string,
  edits: TextEdit[],
  create: (xml: string) => void,
): { outcomes: Map<string, 'created' | 'updated' | 'unchanged'>; removed: string[]; ids: Map<string, string> } {
  const outcomes = new Map<string, 'created' | 'updated' | 'unchanged'>();
  const ids = new Map<string, string>();
  const byName = new Map(existing.map((e) => [nameOf(e).toLowerCase(), e]));
  const appended: string[] = [];
  for (const w of wanted) {
    const old = byName.get(w.name.toLowerCase());
    if (old) {
      byName.delete(w.name.toLowerCase());
      const id = attrValue(old, 'DTSID', NS_DTS) ?? braced(newGuid());
      ids.set(w.name, id);
      const indent = indentAt(doc.source, old.start);
      const text = w.xml(id).split('\n').join(doc.newline + indent);
      const same = doc.source.slice(old.start, old.end) === text;
      outcomes.set(w.name, same ? 'unchanged' : 'updated');
      if (!same) edits.push({ start: old.start, end: old.end, text });
    } else {
      const id = braced(newGuid());
      ids.set(w.name, id);
      outcomes.set(w.name, 'created');
      appended.push(w.xml(id));
    }
  }
  const removed: string[] = [];
  for (const [, el] of byName) {
    removed.push(nameOf(el));
    edits.push({ ...elementRemovalRange(doc.source, el), text: '' });
  }
  if (appended.length > 0) {
    if (holder) edits.push(appendChildEdit(doc, holder, appended.join('\n')));
    else create(appended.join('\n'));
  }
  return { outcomes, removed, ids };
}

/** An edit that inserts a new holder element (e.g. <DTS:ConnectionManagers>) with `inner` before `before`, or at the root's end. */
function newHolderEdit(doc: XmlDocument, local: string, inner: string, before: XmlElement | null): TextEdit {
  const root = doc.root;
  const nl = doc.newline;
  const prefix = root.prefix ? `${root.prefix}:` : '';
  const xml = `<${prefix}${local}>\n${inner
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n</${prefix}${local}>`;
  if (before) {
    const indent = indentAt(doc.source, before.start);
    return { start: before.start, end: before.start, text: xml.split('\n').join(nl + indent) + nl + indent };
  }
  return appendChildEdit(doc, root, xml);
}

function firstOf(root: XmlElement, locals: readonly string[]): XmlElement | null {
  for (const el of childElements(root, undefined, NS_DTS)) if (locals.includes(el.local)) return el;
  return null;
}

/** Writes the wiring into the parent package's text. Throws WireError for packages it cannot edit. */
export function wireChildJobs(parentText: string, o: WireOptions): WireResult {
  const doc = parseXml(parentText);
  const root = doc.root;
  if (root.local !== 'Executable' || root.ns !== NS_DTS) throw new WireError('The parent is not an SSIS package that can be edited (it is encrypted or not a .dtsx).');
  if (!getAttribute(root, 'refId', NS_DTS)) {
    throw new WireError('The parent package is in the SQL Server 2008 format. Open and save it in Visual Studio (SSIS 2012 or later) first.');
  }
  const servers = new Map(o.servers.map((s) => [s.name.toLowerCase(), s]));
  for (const c of o.children) {
    if (!servers.has(c.server.toLowerCase())) throw new WireError(`Server "${c.server}" is not registered, so its connection cannot be written.`);
    if (c.jobName.includes('%')) throw new WireError(`The job name "${c.jobName}" contains "%", which SQL Server does not allow.`);
  }
  const seen = new Set<string>();
  const children = o.children.filter((c) => {
    const k = `${c.jobName.toLowerCase()}|${c.server.toLowerCase()}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });

  const edits: TextEdit[] = [];
  const cmHolder = firstChild(root, 'ConnectionManagers', NS_DTS);
  const exHolder = firstChild(root, 'Executables', NS_DTS);
  const pcHolder = firstChild(root, 'PrecedenceConstraints', NS_DTS);
  const userCmNames = new Set((cmHolder ? childElements(cmHolder, 'ConnectionManager', NS_DTS) : []).filter((e) => !isMarked(e)).map((e) => nameOf(e).toLowerCase()));
  const userTaskNames = new Set((exHolder ? childElements(exHolder, 'Executable', NS_DTS) : []).filter((e) => !isMarked(e)).map((e) => nameOf(e).toLowerCase()));

  // Connection managers: one per server used, named "<server>.msdb" (the name Visual Studio proposes).
  const usedServers = [...new Set(children.map((c) => c.server.toLowerCase()))].map((k) => servers.get(k)!);
  const cmName = new Map<string, string>();
  for (const s of usedServers) {
    let name = objectName(`${s.name}.msdb`, true);
    for (let i = 2; userCmNames.has(name.toLowerCase()); i++) name = objectName(`${s.name}.msdb ${i}`, true);
    cmName.set(s.name.toLowerCase(), name);
  }
  const cms = syncChildren(
    doc,
    cmHolder,
    cmHolder ? childElements(cmHolder, 'ConnectionManager', NS_DTS).filter(isMarked) : [],
    usedServers.map((s) => ({ name: cmName.get(s.name.toLowerCase())!, xml: (id: string) => connectionManagerXml({ name: cmName.get(s.name.toLowerCase())!, id, connectionString: connectionString(s) }) })),
    o.newGuid,
    edits,
    (xml) => edits.push(newHolderEdit(doc, 'ConnectionManagers', xml, firstOf(root, ['Configurations', 'LogProviders', 'Variables', 'LoggingOptions', 'Executables', 'PrecedenceConstraints', 'EventHandlers', 'DesignTimeProperties']))),
  );

  // Tasks.
  const planned = children.map((c) => {
    let name = wiredTaskName(c.jobName, c.server);
    if (userTaskNames.has(name.toLowerCase())) name = `${name} (wired)`;
    const server = servers.get(c.server.toLowerCase())!;
    const cm = cmName.get(c.server.toLowerCase())!;
    return { child: c, name, cm, xml: (id: string) => executeSqlTaskXml({ name, id, description: taskDescription(o.mode, c.jobName, server.name), connectionId: cms.ids.get(cm)!, sql: wireSql(o.mode, c.jobName, o.pollSeconds) }) };
  });
  const tasks = syncChildren(
    doc,
    exHolder,
    exHolder ? childElements(exHolder, 'Executable', NS_DTS).filter(isMarked) : [],
    planned,
    o.newGuid,
    edits,
    (xml) => edits.push(newHolderEdit(doc, 'Executables', xml, firstOf(root, ['PrecedenceConstraints', 'EventHandlers', 'DesignTimeProperties']))),
  );

  // Constraints: ours are regenerated; anyone's that points at a task we took out goes with it.
  const removedRefs = new Set(tasks.removed.map((n) => `package\\${n.toLowerCase()}`));
  const allConstraints = pcHolder ? childElements(pcHolder, 'PrecedenceConstraint', NS_DTS) : [];
  const ours = allConstraints.filter((c) => nameOf(c).startsWith(CONSTRAINT_PREFIX));
  const dangling = allConstraints.filter(
    (c) => !nameOf(c).startsWith(CONSTRAINT_PREFIX) && [attrValue(c, 'From', NS_DTS), attrValue(c, 'To', NS_DTS)].some((r) => r !== null && removedRefs.has(r.toLowerCase())),
  );
  for (const c of dangling) edits.push({ ...elementRemovalRange(doc.source, c), text: '' });
  const links: Planned[] =
    o.order === 'sequence'
      ? planned.slice(1).map((t, i) => {
          const name = `${CONSTRAINT_PREFIX}${i + 1}`;
          return { name, xml: (id: string) => precedenceConstraintXml({ name, id, from: planned[i]!.name, to: t.name }) };
        })
      : [];
  syncChildren(doc, pcHolder, ours, links, o.newGuid, edits, (xml) =>
    edits.push(newHolderEdit(doc, 'PrecedenceConstraints', xml, firstOf(root, ['EventHandlers', 'DesignTimeProperties']))),
  );

  let text = applyEdits(doc.source, edits);
  const changed = text !== doc.source;
  if (changed) text = bumpVersion(text, o.newGuid);
  return {
    text,
    changed,
    tasks: planned.map((p) => ({ name: p.name, packageName: p.child.packageName, server: p.child.server, jobName: p.child.jobName, connectionManager: p.cm, outcome: tasks.outcomes.get(p.name)! })),
    removed: [...tasks.removed, ...cms.removed],
  };
}

/** What Visual Studio does on save: a new DTS:VersionGUID and the next DTS:VersionBuild (root attributes only). */
function bumpVersion(text: string, newGuid: () => string): string {
  const doc = parseXml(text);
  const edits: TextEdit[] = [];
  const guid = getAttribute(doc.root, 'VersionGUID', NS_DTS);
  if (guid) edits.push({ start: guid.valueStart, end: guid.valueEnd, text: braced(newGuid()) });
  const build = getAttribute(doc.root, 'VersionBuild', NS_DTS);
  if (build && /^\d+$/.test(build.value)) edits.push({ start: build.valueStart, end: build.valueEnd, text: String(Number(build.value) + 1) });
  return applyEdits(text, edits);
}

/** The wiring found in a parent package: what the Topology view and drift read back. */
export interface WiringFound {
  readonly tasks: readonly { readonly name: string; readonly connectionManager: string | null; readonly jobName: string | null; readonly mode: WireMode }[];
  readonly order: WireOrder;
}

export function readWiring(parentText: string): WiringFound {
  const doc = parseXml(parentText);
  const root = doc.root;
  const exHolder = firstChild(root, 'Executables', NS_DTS);
  const cmHolder = firstChild(root, 'ConnectionManagers', NS_DTS);
  const cmById = new Map((cmHolder ? childElements(cmHolder, 'ConnectionManager', NS_DTS) : []).map((c) => [(attrValue(c, 'DTSID', NS_DTS) ?? '').toUpperCase(), nameOf(c)]));
  const tasks = (exHolder ? childElements(exHolder, 'Executable', NS_DTS).filter(isMarked) : []).map((t) => {
    const data = firstChild(firstChild(t, 'ObjectData', NS_DTS) ?? t, 'SqlTaskData');
    const sql = data ? (attrValue(data, 'SqlStatementSource') ?? '') : '';
    const conn = data ? (attrValue(data, 'Connection') ?? '').toUpperCase() : '';
    const job = /@job(?:_name)?\s*(?:sysname\s*)?=\s*N'((?:[^']|'')*)'/i.exec(sql);
    return {
      name: nameOf(t),
      connectionManager: cmById.get(conn) ?? null,
      jobName: job ? job[1]!.replace(/''/g, "'") : null,
      mode: (/WAITFOR/i.test(sql) ? 'wait' : 'start') as WireMode,
    };
  });
  const pcHolder = firstChild(root, 'PrecedenceConstraints', NS_DTS);
  const sequence = (pcHolder ? childElements(pcHolder, 'PrecedenceConstraint', NS_DTS) : []).some((c) => nameOf(c).startsWith(CONSTRAINT_PREFIX));
  return { tasks, order: sequence ? 'sequence' : 'parallel' };
}
