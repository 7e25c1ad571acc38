/**
 * Edits of a .dtproj as Visual Studio makes them, written as splices of the original text so that every
 * byte not part of the change stays as it was.
 */
import { applyEdits, appendChildEdit, elementRemovalRange, escapeAttr, escapeText, type TextEdit } from '../xml/edit.js';
import { attrValue, childElements, descend, firstChild, getAttribute, prefixFor, textContent } from '../xml/query.js';
import type { XmlElement } from '../xml/types.js';
import { findPackage, type ParsedDtproj } from './dtproj.js';
import { NS_SSIS } from './namespaces.js';

export class DtprojEditError extends Error {
  constructor(
    message: string,
    readonly code: 'NOT_FOUND' | 'UNSUPPORTED' | 'LOCKED' | 'ALREADY_EXISTS',
  ) {
    super(message);
    this.name = 'DtprojEditError';
  }
}

function requireEditable(p: ParsedDtproj): void {
  if (p.encrypted) throw new DtprojEditError('The project is encrypted with a password (EncryptAllWithPassword); edit it in Visual Studio', 'LOCKED');
}

function mustFind(p: ParsedDtproj, name: string) {
  const ref = findPackage(p, name);
  if (!ref) throw new DtprojEditError(`The project does not list a package named "${name}"`, 'NOT_FOUND');
  return ref;
}

/** Sets SSIS:EntryPoint of one package; only that attribute's value changes. */
export function setEntryPoint(p: ParsedDtproj, packageName: string, on: boolean): string {
  requireEditable(p);
  if (p.deploymentModel !== 'Project' || !p.manifest) {
    throw new DtprojEditError('Entry-point packages exist only in the project deployment model', 'UNSUPPORTED');
  }
  const ref = mustFind(p, packageName);
  const value = on ? '1' : '0';
  const attr = getAttribute(ref.element, 'EntryPoint', NS_SSIS);
  const src = p.doc.source;
  if (attr) {
    if (src.slice(attr.valueStart, attr.valueEnd) === value) return src;
    return applyEdits(src, [{ start: attr.valueStart, end: attr.valueEnd, text: value }]);
  }
  const nameAttr = getAttribute(ref.element, 'Name', NS_SSIS)!;
  const prefix = nameAttr.prefix ? `${nameAttr.prefix}:` : '';
  return applyEdits(src, [{ start: nameAttr.end, end: nameAttr.end, text: ` ${prefix}EntryPoint="${value}"` }]);
}

export interface NewPackageMeta {
  readonly fileName: string;
  readonly id: string;
  readonly versionGuid: string;
  readonly objectName: string;
  readonly versionMajor?: number;
  readonly versionMinor?: number;
  readonly versionBuild?: number;
  readonly formatVersion?: number;
  readonly protectionLevel?: number;
  readonly description?: string;
  readonly entryPoint?: boolean;
}

function ssisPrefix(p: ParsedDtproj): string {
  const pre = p.manifest ? prefixFor(p.manifest, NS_SSIS) : 'SSIS';
  return pre ? `${pre}:` : '';
}

function packageMetaDataXml(s: string, m: NewPackageMeta): string {
  const prop = (name: string, value: string) =>
    value === '' ? `    <${s}Property ${s}Name="${name}">\n    </${s}Property>` : `    <${s}Property ${s}Name="${name}">${escapeText(value)}</${s}Property>`;
  return [
    `<${s}PackageMetaData ${s}Name="${escapeAttr(m.fileName)}">`,
    `  <${s}Properties>`,
    prop('ID', m.id),
    prop('Name', m.objectName),
    prop('VersionMajor', String(m.versionMajor ?? 1)),
    prop('VersionMinor', String(m.versionMinor ?? 0)),
    prop('VersionBuild', String(m.versionBuild ?? 0)),
    prop('VersionComments', ''),
    prop('VersionGUID', m.versionGuid),
    prop('PackageFormatVersion', String(m.formatVersion ?? 8)),
    prop('Description', m.description ?? ''),
    prop('ProtectionLevel', String(m.protectionLevel ?? 1)),
    `  </${s}Properties>`,
    `  <${s}Parameters />`,
    `</${s}PackageMetaData>`,
  ].join('\n');
}

/** Registers a package: manifest entry and package metadata (project model) or a DtsPackage (package model). */
export function addPackage(p: ParsedDtproj, m: NewPackageMeta): string {
  requireEditable(p);
  if (findPackage(p, m.fileName)) throw new DtprojEditError(`The project already has a package named "${m.fileName}"`, 'ALREADY_EXISTS');
  const doc = p.doc;
  const edits: TextEdit[] = [];
  if (p.deploymentModel === 'Project' && p.manifest) {
    const s = ssisPrefix(p);
    const packagesEl = firstChild(p.manifest, 'Packages', NS_SSIS);
    if (!packagesEl) throw new DtprojEditError('The project manifest has no package list', 'UNSUPPORTED');
    const ep = m.entryPoint === false ? '0' : '1';
    edits.push(appendChildEdit(doc, packagesEl, `<${s}Package ${s}Name="${escapeAttr(m.fileName)}" ${s}EntryPoint="${ep}" />`));
    const info = descend(p.manifest, ['DeploymentInfo', 'PackageInfo'], NS_SSIS);
    if (info) edits.push(appendChildEdit(doc, info, packageMetaDataXml(s, m)));
  } else {
    const holder = descend(doc.root, ['DeploymentModelSpecificContent', 'Manifest', 'DTSPackages']) ?? firstChild(doc.root, 'DTSPackages');
    if (!holder) throw new DtprojEditError('The project has no package list (<DTSPackages>)', 'UNSUPPORTED');
    const xml = [
      `<DtsPackage FormatVersion="${m.formatVersion ?? 8}">`,
      `  <Name>${escapeText(m.fileName)}</Name>`,
      `  <FullPath>${escapeText(m.fileName)}</FullPath>`,
      `  <References />`,
      `</DtsPackage>`,
    ].join('\n');
    edits.push(appendChildEdit(doc, holder, xml));
  }
  return applyEdits(doc.source, edits);
}

function metaDataFor(p: ParsedDtproj, name: string): XmlElement | null {
  if (!p.manifest) return null;
  const info = descend(p.manifest, ['DeploymentInfo', 'PackageInfo'], NS_SSIS);
  if (!info) return null;
  const all = childElements(info, 'PackageMetaData', NS_SSIS);
  return all.find((e) => attrValue(e, 'Name', NS_SSIS) === name) ?? all.find((e) => (attrValue(e, 'Name', NS_SSIS) ?? '').toLowerCase() === name.toLowerCase()) ?? null;
}

/** Removes the package from the project (the file itself is the caller's business). */
export function removePackage(p: ParsedDtproj, packageName: string): string {
  requireEditable(p);
  const ref = mustFind(p, packageName);
  const src = p.doc.source;
  const edits: TextEdit[] = [{ ...elementRemovalRange(src, ref.element), text: '' }];
  const meta = metaDataFor(p, ref.name);
  if (meta) edits.push({ ...elementRemovalRange(src, meta), text: '' });
  return applyEdits(src, edits);
}

function replaceText(el: XmlElement, text: string): TextEdit {
  return { start: el.startTagEnd, end: el.endTagStart, text: escapeText(text) };
}

/** Renames every reference to the package in the project: manifest entry, metadata name and object name. */
export function renamePackage(p: ParsedDtproj, oldName: string, newName: string): string {
  requireEditable(p);
  const ref = mustFind(p, oldName);
  const other = findPackage(p, newName);
  if (other && other !== ref) throw new DtprojEditError(`The project already has a package named "${newName}"`, 'ALREADY_EXISTS');
  const edits: TextEdit[] = [];
  const newObject = newName.replace(/\.dtsx$/i, '');
  if (p.deploymentModel === 'Project' && p.manifest) {
    const nameAttr = getAttribute(ref.element, 'Name', NS_SSIS)!;
    edits.push({ start: nameAttr.valueStart, end: nameAttr.valueEnd, text: escapeAttr(newName, nameAttr.quote) });
    const meta = metaDataFor(p, ref.name);
    if (meta) {
      const a = getAttribute(meta, 'Name', NS_SSIS)!;
      edits.push({ start: a.valueStart, end: a.valueEnd, text: escapeAttr(newName, a.quote) });
      const props = firstChild(meta, 'Properties', NS_SSIS);
      const objName = props ? childElements(props, 'Property', NS_SSIS).find((e) => attrValue(e, 'Name', NS_SSIS) === 'Name') : undefined;
      if (objName && !objName.selfClosing) edits.push(replaceText(objName, newObject));
    }
  } else {
    const nameEl = firstChild(ref.element, 'Name');
    const pathEl = firstChild(ref.element, 'FullPath');
    if (nameEl && !nameEl.selfClosing) edits.push(replaceText(nameEl, newName));
    if (pathEl && !pathEl.selfClosing) {
      const old = textContent(pathEl).trim();
      const dir = old.slice(0, Math.max(old.lastIndexOf('\\'), old.lastIndexOf('/')) + 1);
      edits.push(replaceText(pathEl, dir + newName));
    }
  }
  return applyEdits(p.doc.source, edits);
}
