/**
 * Reads an .ispac (an OPC zip) the way catalog.deploy_project needs it: the manifest's project name,
 * the packages with their entry-point flag and versions, and the project and package parameters. Every
 * problem becomes a plain message that the deploy operation records before it fails.
 */
import { unzipSync } from 'fflate';
import type { CatalogPackage, CatalogParameter } from '../state/model.js';
import { PackageFormatError, plainGuid, rootAttributes } from './dtsx.js';

export interface IspacContent {
  readonly name: string;
  readonly description: string | null;
  readonly packages: Omit<CatalogPackage, 'package_id'>[];
  readonly parameters: CatalogParameter[];
  readonly parts: ReadonlyMap<string, Uint8Array>;
}

export class IspacError extends Error {}

const TYPE_CODES: Record<string, string> = {
  '3': 'Boolean', '6': 'Byte', '7': 'Int16', '9': 'Int32', '10': 'UInt32', '11': 'Int64', '12': 'UInt64', '13': 'Single', '14': 'Double',
  '15': 'Decimal', '16': 'DateTime', '18': 'String', '5': 'SByte', '4': 'Char', '8': 'UInt16',
};

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d))).replace(/&amp;/g, '&');
}

function text(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, '');
}

/** The SSIS:Property values directly inside a block of XML. */
function properties(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /<SSIS:Property\b[^>]*\bSSIS:Name="([^"]*)"[^>]*?(?:\/>|>([\s\S]*?)<\/SSIS:Property>)/g;
  for (const m of xml.matchAll(re)) if (!out.has(m[1]!)) out.set(m[1]!, unescapeXml((m[2] ?? '').trim()));
  return out;
}

function parameters(xml: string, objectType: number, objectName: string): CatalogParameter[] {
  const out: CatalogParameter[] = [];
  for (const m of xml.matchAll(/<SSIS:Parameter\b[^>]*\bSSIS:Name="([^"]*)"[^>]*>([\s\S]*?)<\/SSIS:Parameter>/g)) {
    const p = properties(m[2]!);
    out.push({
      object_type: objectType, object_name: objectName, parameter_name: unescapeXml(m[1]!), data_type: TYPE_CODES[p.get('DataType') ?? '18'] ?? 'String',
      required: p.get('Required') === '1' ? 1 : 0, sensitive: p.get('Sensitive') === '1' ? 1 : 0, design_default_value: p.get('Sensitive') === '1' ? null : (p.get('Value') ?? null),
    });
  }
  return out;
}

/** The root attributes of a package part; none when the part is not a readable SSIS package. */
function packageAttributes(bytes: Uint8Array): Map<string, string> {
  try {
    return rootAttributes(Buffer.from(bytes)).attrs;
  } catch (e) {
    if (e instanceof PackageFormatError) return new Map();
    throw e;
  }
}

export function readIspac(bytes: Buffer): IspacContent {
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  } catch (e) {
    throw new IspacError(`The project file is not a valid .ispac (zip) archive: ${(e as Error).message}.`);
  }
  const map = new Map(Object.entries(parts).map(([k, v]) => [decodeURIComponent(k), v]));
  const manifestBytes = map.get('@Project.manifest');
  if (!manifestBytes) throw new IspacError('The project file does not contain @Project.manifest.');
  if (!map.has('[Content_Types].xml')) throw new IspacError('The project file does not contain [Content_Types].xml.');
  const manifest = text(manifestBytes);
  if (!/<SSIS:Project\b/.test(manifest)) throw new IspacError('@Project.manifest does not hold an SSIS:Project element.');
  // EncryptAllWithPassword leaves only ciphertext in the manifest; SSISDB never gets the password to open it.
  if (/<SSIS:Project\b[^>]*\bSSIS:IV="/.test(manifest) && !/<SSIS:Packages\b/.test(manifest)) {
    throw new IspacError('@Project.manifest is encrypted with a password (EncryptAllWithPassword); the catalog cannot read the project.');
  }
  const head = manifest.split(/<SSIS:Packages\b/)[0]!;
  const props = properties(head);
  const name = props.get('Name');
  if (!name) throw new IspacError('@Project.manifest does not name the project.');
  const packages: Omit<CatalogPackage, 'package_id'>[] = [];
  const params: CatalogParameter[] = [];
  const meta = new Map<string, string>();
  for (const m of manifest.matchAll(/<SSIS:PackageMetaData\b[^>]*\bSSIS:Name="([^"]*)"[^>]*>([\s\S]*?)<\/SSIS:PackageMetaData>/g)) meta.set(unescapeXml(m[1]!), m[2]!);
  const list = /<SSIS:Packages\b[^>]*>([\s\S]*?)<\/SSIS:Packages>/.exec(manifest)?.[1] ?? '';
  for (const m of list.matchAll(/<SSIS:Package\b([^>]*)\/?>/g)) {
    const attrs = m[1]!;
    const pkgName = unescapeXml(/SSIS:Name="([^"]*)"/.exec(attrs)?.[1] ?? '');
    if (!pkgName) continue;
    if (!map.has(pkgName)) throw new IspacError(`The package '${pkgName}' listed in the manifest is missing from the project file.`);
    const md = meta.get(pkgName) ?? '';
    const mdProps = properties(md.split(/<SSIS:Parameters\b/)[0]!);
    // What the package itself says wins over the manifest's copy (a package saved after the manifest was written).
    const own = packageAttributes(map.get(pkgName)!);
    const prop = (name: string, manifestName = name) => own.get(name) ?? mdProps.get(manifestName);
    const int = (name: string, fallback: number) => {
      const n = Number.parseInt(prop(name) ?? '', 10);
      return Number.isFinite(n) ? n : fallback;
    };
    const format = Number.parseInt(mdProps.get('PackageFormatVersion') ?? '', 10);
    packages.push({
      name: pkgName, package_guid: plainGuid(prop('DTSID', 'ID')) ?? '00000000-0000-0000-0000-000000000000', description: prop('Description') || null,
      entry_point: /SSIS:EntryPoint="0"/.test(attrs) ? 0 : 1, version_major: int('VersionMajor', 1), version_minor: int('VersionMinor', 0),
      version_build: int('VersionBuild', 0), version_comments: prop('VersionComments') || null, version_guid: plainGuid(prop('VersionGUID')),
      package_format_version: Number.isFinite(format) ? format : 8,
    });
    params.push(...parameters(md, 30, pkgName));
  }
  const projectParams = map.get('Project.params');
  if (projectParams) params.unshift(...parameters(text(projectParams), 20, name));
  return { name, description: props.get('Description') || null, packages, parameters: params, parts: map };
}
