/**
 * What catalog.deploy_packages needs from a .dtsx: that it is an SSIS package at all (an XML document whose
 * root is DTS:Executable in the DTS namespace), and the metadata an .ispac manifest records for it — ID,
 * version, description, format version, protection level and the package parameters.
 */
export class PackageFormatError extends Error {}

const DTS_NS = 'www.microsoft.com/SqlServer/Dts';

/** DTS:DataType of package parameters is a VARTYPE; manifests record the .NET TypeCode instead. */
const VARTYPE_TO_TYPECODE: Record<string, string> = {
  '2': '7', '3': '9', '4': '13', '5': '14', '6': '15', '7': '16', '8': '18', '11': '3', '14': '15', '16': '5', '17': '6', '18': '8',
  '19': '10', '20': '11', '21': '12',
};

export interface DtsxParameter {
  readonly name: string;
  /** TypeCode, as in @Project.manifest. */
  readonly dataType: string;
  readonly required: boolean;
  readonly sensitive: boolean;
  readonly value: string | null;
}

export interface DtsxInfo {
  readonly id: string;
  readonly versionMajor: number;
  readonly versionMinor: number;
  readonly versionBuild: number;
  readonly versionComments: string;
  readonly versionGuid: string;
  readonly description: string;
  readonly formatVersion: number;
  readonly protectionLevel: number;
  readonly parameters: readonly DtsxParameter[];
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

/** The package text: UTF-8 (with or without BOM) or UTF-16 LE with BOM, as SSDT and SSMS save it. */
function decode(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\bDTS:${name}="([^"]*)"`).exec(tag);
  return m ? unescapeXml(m[1]!) : null;
}

function parameters(xml: string): DtsxParameter[] {
  const block = /<DTS:PackageParameters>([\s\S]*?)<\/DTS:PackageParameters>/.exec(xml)?.[1] ?? '';
  const out: DtsxParameter[] = [];
  for (const m of block.matchAll(/<DTS:PackageParameter\b([^>]*?)(?:\/>|>([\s\S]*?)<\/DTS:PackageParameter>)/g)) {
    const tag = m[1]!;
    const name = attr(tag, 'ObjectName');
    if (!name) continue;
    const sensitive = attr(tag, 'Sensitive') === 'True';
    const raw = /<DTS:Property\b[^>]*DTS:Name="ParameterValue"[^>]*>([\s\S]*?)<\/DTS:Property>/.exec(m[2] ?? '')?.[1];
    const vt = attr(tag, 'DataType') ?? '8';
    let value = raw === undefined || sensitive ? null : unescapeXml(raw);
    if (value !== null && vt === '11') value = value === '0' || value.toLowerCase() === 'false' ? 'false' : 'true';
    out.push({ name, dataType: VARTYPE_TO_TYPECODE[vt] ?? '18', required: attr(tag, 'Required') === 'True', sensitive, value });
  }
  return out;
}

/** The root DTS:Executable's DTS:* attributes (unescaped), or PackageFormatError when the bytes are no SSIS package. */
export function rootAttributes(bytes: Buffer): { attrs: Map<string, string>; body: string } {
  const xml = decode(bytes);
  // The first element, after the XML declaration, comments and processing instructions.
  const body = xml.replace(/^\s*(<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*)*/, '');
  if (/^<EncryptedData\b/.test(body)) throw new PackageFormatError('The package is encrypted with a password (EncryptAllWithPassword); the catalog cannot read it.');
  const root = /^<DTS:Executable\b([^>]*)>/.exec(body);
  if (!root || !root[1]!.includes(`xmlns:DTS="${DTS_NS}"`)) {
    throw new PackageFormatError('The file is not an SSIS package: its root element is not DTS:Executable in the www.microsoft.com/SqlServer/Dts namespace.');
  }
  const attrs = new Map<string, string>();
  for (const m of root[1]!.matchAll(/\bDTS:(\w+)="([^"]*)"/g)) attrs.set(m[1]!, unescapeXml(m[2]!));
  const type = attrs.get('ExecutableType') ?? attrs.get('CreationName') ?? '';
  if (type !== '' && !/package/i.test(type)) throw new PackageFormatError(`The file is not an SSIS package: its root executable is a '${type}'.`);
  return { attrs, body };
}

/** A GUID as SQL Server shows a uniqueidentifier: no braces, upper case. */
export function plainGuid(v: string | null | undefined): string | null {
  return v ? v.replace(/[{}]/g, '').toUpperCase() : null;
}

export function readDtsx(bytes: Buffer): DtsxInfo {
  const { attrs, body } = rootAttributes(bytes);
  const int = (name: string, fallback: number) => {
    const n = Number.parseInt(attrs.get(name) ?? '', 10);
    return Number.isFinite(n) ? n : fallback;
  };
  const format = /<DTS:Property\b[^>]*DTS:Name="PackageFormatVersion"[^>]*>\s*(\d+)\s*</.exec(body)?.[1];
  return {
    id: attrs.get('DTSID') ?? '{00000000-0000-0000-0000-000000000000}',
    versionMajor: int('VersionMajor', 1),
    versionMinor: int('VersionMinor', 0),
    versionBuild: int('VersionBuild', 0),
    versionComments: attrs.get('VersionComments') ?? '',
    versionGuid: attrs.get('VersionGUID') ?? '',
    description: attrs.get('Description') ?? '',
    formatVersion: format ? Number(format) : 8,
    // An omitted DTS:ProtectionLevel means 1 (EncryptSensitiveWithUserKey).
    protectionLevel: int('ProtectionLevel', 1),
    parameters: parameters(body),
  };
}
