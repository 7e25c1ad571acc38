/**
 * `@Project.manifest`: the `SSIS:Project` element of the .dtproj, as text (no XML declaration, no BOM).
 * Everything the .dtproj says is kept as written (Entry-point flags, protection level, parameters,
 * password verifier); two things change, as Visual Studio's build does them:
 * - namespace prefixes declared on an ancestor in the .dtproj are declared on the element itself, so the
 *   part is well-formed on its own;
 * - each package's `SSIS:PackageMetaData` properties take the values of the package file being packed
 *   (ID, name, version, format, protection level, description), so a package edited outside the designer
 *   does not ship with stale metadata. A whole-encrypted manifest (EncryptAllWithPassword) is copied as is.
 */
import { applyEdits, escapeAttr, escapeText, type TextEdit } from '../../xml/edit.js';
import { attrValue, childElements, descend, firstChild, textContent } from '../../xml/query.js';
import type { XmlElement } from '../../xml/types.js';
import type { ParsedDtproj } from '../dtproj.js';
import type { DtsxInfo } from '../dtsx.js';
import { NS_SSIS } from '../namespaces.js';
import { ssisParameterEdits, type ParameterValue } from './parameter-values.js';

const XMLNS = 'http://www.w3.org/2000/xmlns/';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/**
 * `packages`: what each package file says, by its name as the manifest lists it (lower case); `values`: the
 * build configuration's parameter values, written into the package metadata's parameters as well.
 */
export function ispacManifestXml(p: ParsedDtproj, packages: ReadonlyMap<string, DtsxInfo>, values: readonly ParameterValue[] = []): string {
  const m = p.manifest;
  if (!m) throw new Error('The project has no SSIS:Project manifest (package deployment model?)');
  const edits: TextEdit[] = [];
  const decls = undeclaredNamespaces(m);
  if (decls.length > 0) {
    const src = p.doc.source;
    const at = src[m.startTagEnd - 2] === '/' ? m.startTagEnd - 2 : m.startTagEnd - 1;
    edits.push({ start: at, end: at, text: decls.map(([prefix, ns]) => (prefix ? ` xmlns:${prefix}="${escapeAttr(ns)}"` : ` xmlns="${escapeAttr(ns)}"`)).join('') });
  }
  if (!p.encrypted) edits.push(...metadataEdits(p.doc.source, m, packages), ...parameterEdits(p.doc.source, m, values));
  const relative = edits.map((e) => ({ start: e.start - m.start, end: e.end - m.start, text: e.text }));
  return applyEdits(p.doc.source.slice(m.start, m.end), relative);
}

/** Prefixes used inside `root` whose declaration sits outside it, with their namespace URIs. */
function undeclaredNamespaces(root: XmlElement): [string | null, string][] {
  const missing = new Map<string | null, string>();
  const walk = (el: XmlElement, scope: ReadonlySet<string | null>): void => {
    const inner = new Set(scope);
    for (const a of el.attributes) if (a.ns === XMLNS) inner.add(a.prefix === 'xmlns' ? a.local : null);
    const need = (prefix: string | null, ns: string | null): void => {
      if (ns === null || ns === XML_NS || ns === XMLNS || inner.has(prefix) || missing.has(prefix)) return;
      missing.set(prefix, ns);
    };
    need(el.prefix, el.ns);
    for (const a of el.attributes) if (a.prefix !== null && a.ns !== XMLNS) need(a.prefix, a.ns);
    for (const c of el.children) if (c.kind === 'element') walk(c, inner);
  };
  walk(root, new Set());
  return [...missing];
}

type MetaValue = (info: DtsxInfo) => string | null;
const num = (n: number | null): string | null => (n === null ? null : String(n));

/** The PackageMetaData properties a build takes from the package file. */
const FROM_PACKAGE: Readonly<Record<string, MetaValue>> = {
  ID: (i) => i.id,
  Name: (i) => i.objectName,
  VersionMajor: (i) => num(i.versionMajor),
  VersionMinor: (i) => num(i.versionMinor),
  VersionBuild: (i) => num(i.versionBuild),
  VersionGUID: (i) => i.versionGuid,
  PackageFormatVersion: (i) => num(i.formatVersion),
  Description: (i) => i.description,
  ProtectionLevel: (i) => num(i.protectionLevel),
};

function metadataEdits(src: string, manifest: XmlElement, packages: ReadonlyMap<string, DtsxInfo>): TextEdit[] {
  const info = descend(manifest, ['DeploymentInfo', 'PackageInfo'], NS_SSIS);
  if (!info) return [];
  const edits: TextEdit[] = [];
  for (const meta of childElements(info, 'PackageMetaData', NS_SSIS)) {
    const pkg = packages.get((attrValue(meta, 'Name', NS_SSIS) ?? '').toLowerCase());
    const props = firstChild(meta, 'Properties', NS_SSIS);
    if (!pkg || pkg.encrypted || !props) continue;
    for (const prop of childElements(props, 'Property', NS_SSIS)) {
      const read = FROM_PACKAGE[attrValue(prop, 'Name', NS_SSIS) ?? ''];
      const value = read ? read(pkg) : null;
      // Visual Studio writes an empty value as a line break plus indentation; that is the same value.
      if (value === null || value.trim() === textContent(prop).trim()) continue;
      if (prop.selfClosing) {
        const open = src.slice(prop.start, prop.end).replace(/\s*\/>$/, '>');
        edits.push({ start: prop.start, end: prop.end, text: `${open}${escapeText(value)}</${prop.name}>` });
      } else {
        edits.push({ start: prop.startTagEnd, end: prop.endTagStart, text: escapeText(value) });
      }
    }
  }
  return edits;
}

function parameterEdits(src: string, manifest: XmlElement, values: readonly ParameterValue[]): TextEdit[] {
  const info = descend(manifest, ['DeploymentInfo', 'PackageInfo'], NS_SSIS);
  if (!info || values.length === 0) return [];
  return childElements(info, 'PackageMetaData', NS_SSIS).flatMap((meta) => {
    const stem = (attrValue(meta, 'Name', NS_SSIS) ?? '').replace(/\.dtsx$/i, '').toLowerCase();
    const mine = values.filter((v) => v.scope.toLowerCase() === stem);
    const params = firstChild(meta, 'Parameters', NS_SSIS);
    return mine.length && params ? ssisParameterEdits(src, childElements(params, 'Parameter', NS_SSIS), mine) : [];
  });
}
