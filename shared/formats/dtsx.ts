/**
 * .dtsx packages: the properties the Solution Explorer shows, for the attribute-based formats 6/8 and the
 * element-based formats 2/3, plus whole-file encryption (EncryptAllWithPassword) detection.
 */
import { parseXml } from '../xml/reader.js';
import { applyEdits, escapeAttr } from '../xml/edit.js';
import { attrValue, childElements, firstChild, getAttribute, textContent } from '../xml/query.js';
import type { XmlDocument, XmlElement } from '../xml/types.js';
import type { ProtectionLevel } from '../model/solution.js';
import { NS_DTS, NS_XMLENC } from './namespaces.js';
import { protectionLevelFromCode } from './protection.js';

export interface DtsxInfo {
  readonly objectName: string | null;
  readonly id: string | null;
  readonly versionGuid: string | null;
  readonly versionMajor: number | null;
  readonly versionMinor: number | null;
  readonly versionBuild: number | null;
  /** An omitted DTS:ProtectionLevel means 1 (EncryptSensitiveWithUserKey). */
  readonly protectionLevel: ProtectionLevel | null;
  readonly formatVersion: number | null;
  readonly creatorName: string | null;
  readonly creationDate: string | null;
  readonly description: string | null;
  readonly lastModifiedProductVersion: string | null;
  /** True when the whole file is ciphertext (EncryptAllWithPassword); the other fields are then null. */
  readonly encrypted: boolean;
  readonly connectionManagers: readonly { name: string; id: string | null }[];
}

export class DtsxFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DtsxFormatError';
  }
}

function num(s: string | null): number | null {
  if (s === null || s.trim() === '') return null;
  const n = Number(s.trim());
  return Number.isFinite(n) ? n : null;
}

/** Element-based (format 2/3) `<DTS:Property DTS:Name="X">value</DTS:Property>` children. */
function elementProperties(el: XmlElement): Map<string, string> {
  const map = new Map<string, string>();
  for (const p of childElements(el, 'Property', NS_DTS)) {
    const name = attrValue(p, 'Name', NS_DTS);
    if (name !== null && !map.has(name)) map.set(name, textContent(p));
  }
  return map;
}

/** Reads a property from an attribute (format 6/8) or a DTS:Property child (format 2/3). */
function prop(el: XmlElement, props: Map<string, string>, name: string): string | null {
  return attrValue(el, name, NS_DTS) ?? props.get(name) ?? null;
}

export function readDtsx(doc: XmlDocument): DtsxInfo {
  const root = doc.root;
  if (root.local === 'EncryptedData' && root.ns === NS_XMLENC) {
    return {
      objectName: null, id: null, versionGuid: null, versionMajor: null, versionMinor: null, versionBuild: null,
      protectionLevel: 3, formatVersion: null, creatorName: null, creationDate: null, description: null,
      lastModifiedProductVersion: null, encrypted: true, connectionManagers: [],
    };
  }
  if (root.local !== 'Executable' || root.ns !== NS_DTS) {
    throw new DtsxFormatError(`Not an SSIS package: the root element is <${root.name}>, expected <DTS:Executable>`);
  }
  const props = elementProperties(root);
  const cmHolder = firstChild(root, 'ConnectionManagers', NS_DTS);
  const connectionManagers = cmHolder
    ? childElements(cmHolder, 'ConnectionManager', NS_DTS).map((cm) => {
        const p = elementProperties(cm);
        return { name: prop(cm, p, 'ObjectName') ?? '', id: prop(cm, p, 'DTSID') };
      })
    : [];
  const pl = prop(root, props, 'ProtectionLevel');
  return {
    objectName: prop(root, props, 'ObjectName'),
    id: prop(root, props, 'DTSID'),
    versionGuid: prop(root, props, 'VersionGUID'),
    versionMajor: num(prop(root, props, 'VersionMajor')) ?? (getAttribute(root, 'DTSID', NS_DTS) ? 1 : null),
    versionMinor: num(prop(root, props, 'VersionMinor')) ?? (getAttribute(root, 'DTSID', NS_DTS) ? 0 : null),
    versionBuild: num(prop(root, props, 'VersionBuild')) ?? (getAttribute(root, 'DTSID', NS_DTS) ? 0 : null),
    protectionLevel: pl === null ? 1 : protectionLevelFromCode(pl),
    formatVersion: num(props.get('PackageFormatVersion') ?? null),
    creatorName: prop(root, props, 'CreatorName'),
    creationDate: prop(root, props, 'CreationDate'),
    description: prop(root, props, 'Description'),
    lastModifiedProductVersion: prop(root, props, 'LastModifiedProductVersion'),
    encrypted: false,
    connectionManagers,
  };
}

/** Parses and reads a package. Throws XmlError (line:column) or DtsxFormatError. */
export function parseDtsx(text: string): { doc: XmlDocument; info: DtsxInfo } {
  const doc = parseXml(text);
  return { doc, info: readDtsx(doc) };
}

/** Sets the package's object name (Visual Studio renames it with the file). Returns the text unchanged when encrypted. */
export function setPackageObjectName(doc: XmlDocument, objectName: string): string {
  const root = doc.root;
  if (root.local !== 'Executable') return doc.source;
  const attr = getAttribute(root, 'ObjectName', NS_DTS);
  if (attr) return applyEdits(doc.source, [{ start: attr.valueStart, end: attr.valueEnd, text: escapeAttr(objectName, attr.quote) }]);
  const p = childElements(root, 'Property', NS_DTS).find((e) => attrValue(e, 'Name', NS_DTS) === 'ObjectName');
  if (p && !p.selfClosing) return applyEdits(doc.source, [{ start: p.startTagEnd, end: p.endTagStart, text: escapeAttr(objectName) }]);
  return doc.source;
}

export interface NewPackageOptions {
  readonly objectName: string;
  /** Returns a fresh GUID string without braces, e.g. from crypto.randomUUID(). */
  readonly newGuid: () => string;
  readonly now: Date;
  readonly creatorName?: string;
  readonly creatorComputerName?: string;
  readonly productVersion?: string;
  /** Line ending of the file (Visual Studio writes CRLF). */
  readonly newline?: '\r\n' | '\n';
  /**
   * The project's protection level, which a new package takes (Build refuses packages that differ from the
   * project). 0, 1, 2 and 5 need nothing encrypted in an empty package; 1 is the default and not written.
   */
  readonly protectionLevel?: 0 | 1 | 2 | 5;
}

function guid(newGuid: () => string): string {
  const g = newGuid().replace(/[{}]/g, '').toUpperCase();
  if (!/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/.test(g)) throw new Error(`not a GUID: ${g}`);
  return `{${g}}`;
}

/** Visual Studio's CreationDate format: M/d/yyyy h:mm:ss AM. */
function vsDate(d: Date): string {
  const h = d.getHours() % 12 || 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getMonth() + 1}/${d.getDate()}/${d.getFullYear()} ${h}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${d.getHours() < 12 ? 'AM' : 'PM'}`;
}

/** A valid empty package in format 8, as Visual Studio's New SSIS Package writes it, with fresh DTSIDs. */
export function newPackageXml(o: NewPackageOptions): { text: string; id: string; versionGuid: string } {
  const id = guid(o.newGuid);
  const versionGuid = guid(o.newGuid);
  const nl = o.newline ?? '\r\n';
  const a = (name: string, value: string) => `  DTS:${name}="${escapeAttr(value)}"`;
  const lines = [
    '<?xml version="1.0"?>',
    '<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts"',
    a('refId', 'Package'),
    a('CreationDate', vsDate(o.now)),
    a('CreationName', 'Microsoft.Package'),
    a('CreatorComputerName', o.creatorComputerName ?? ''),
    a('CreatorName', o.creatorName ?? ''),
    a('DTSID', id),
    a('ExecutableType', 'Microsoft.Package'),
    a('LastModifiedProductVersion', o.productVersion ?? '15.0.2000.180'),
    a('LocaleID', '1033'),
    a('ObjectName', o.objectName),
    a('PackageType', '5'),
    ...(o.protectionLevel !== undefined && o.protectionLevel !== 1 ? [a('ProtectionLevel', String(o.protectionLevel))] : []),
    a('VersionBuild', '1'),
    `  DTS:VersionGUID="${versionGuid}">`,
    '  <DTS:Property',
    '    DTS:Name="PackageFormatVersion">8</DTS:Property>',
    '  <DTS:Variables />',
    '  <DTS:Executables />',
    '  <DTS:DesignTimeProperties><![CDATA[<?xml version="1.0"?>',
    '<!--This CDATA section contains the layout information of the package. The section includes information such as (x,y) coordinates, width, and height.-->',
    '<!--If you manually edit this section and make a mistake, you can delete it. -->',
    '<!--The package will still be able to load normally but the previous layout information will be lost and the designer will automatically re-arrange the elements on the design surface.-->',
    '<Objects',
    '  Version="8" />]]></DTS:DesignTimeProperties>',
    '</DTS:Executable>',
  ];
  return { text: lines.join(nl), id, versionGuid };
}

/**
 * A sensitive value encrypted with the package password (EncryptSensitiveWithPassword): either an element
 * whose text is the ciphertext with `Salt`/`IV` attributes (`<DTS:Password p4:Salt p4:IV>`, Project.params'
 * `<SSIS:Property SSIS:Salt SSIS:IV>`), or an xmlenc `<EncryptedData>` inside the element that holds the value.
 * The plaintext is the whole element as XML, so `element` is what the decrypted text takes the place of; for
 * EncryptedData that is either the EncryptedData itself (a `<DTS:Password>` inside a connection manager) or its
 * parent, when the plaintext is that parent again (`<DTS:Property DTS:Name="ParameterValue">`).
 */
export interface EncryptedValue {
  readonly element: XmlElement;
  readonly parent: XmlElement | null;
  readonly iv: string;
  readonly algorithm: string | null;
  readonly cipherText: string;
}

/** Every password-encrypted sensitive value below the root, in document order. */
export function encryptedValues(doc: XmlDocument): EncryptedValue[] {
  const out: EncryptedValue[] = [];
  const visit = (el: XmlElement, parent: XmlElement | null) => {
    if (parent && el.local === 'EncryptedData' && el.ns === NS_XMLENC) {
      const block = encryptedData(el);
      if (block) out.push({ element: el, parent, ...block });
      return;
    }
    const iv = el.attributes.find((x) => x.local === 'IV');
    const kids = childElements(el);
    if (parent && iv && el.attributes.some((x) => x.local === 'Salt') && kids.length === 0 && textContent(el).trim() !== '') {
      const method = el.attributes.find((x) => x.local === 'Algorithm');
      out.push({ element: el, parent, iv: iv.value, algorithm: method?.value ?? null, cipherText: textContent(el) });
      return;
    }
    for (const k of kids) visit(k, el);
  };
  visit(doc.root, null);
  return out;
}

/** The ciphertext of a whole-file encrypted package (xmlenc EncryptedData), or null when it is not one. */
export function encryptedBlock(doc: XmlDocument): { iv: string; algorithm: string | null; cipherText: string } | null {
  return encryptedData(doc.root);
}

function encryptedData(root: XmlElement): { iv: string; algorithm: string | null; cipherText: string } | null {
  if (root.local !== 'EncryptedData' || root.ns !== NS_XMLENC) return null;
  const iv = attrValue(root, 'IV');
  const method = firstChild(root, 'EncryptionMethod', NS_XMLENC);
  const cipher = firstChild(root, 'CipherData', NS_XMLENC);
  const value = cipher ? firstChild(cipher, 'CipherValue', NS_XMLENC) : null;
  if (!iv || !value) return null;
  return { iv, algorithm: method ? attrValue(method, 'Algorithm') : null, cipherText: textContent(value) };
}
