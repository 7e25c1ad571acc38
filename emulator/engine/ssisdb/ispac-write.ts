/**
 * Adds or replaces packages inside a deployed .ispac, the way incremental package deployment changes a
 * project: the package part (OPC-escaped name), its SSIS:Package entry (an existing EntryPoint flag is
 * kept; new packages are entry points) and its SSIS:PackageMetaData in @Project.manifest.
 */
import { unzipSync, zipSync } from 'fflate';
import type { DtsxInfo } from './dtsx.js';

export interface PackageUpdate {
  /** Catalog name, with .dtsx. */
  readonly name: string;
  readonly bytes: Buffer;
  readonly info: DtsxInfo;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function property(name: string, value: string | number): string {
  return `<SSIS:Property SSIS:Name="${name}">${escapeXml(String(value))}</SSIS:Property>`;
}

function metadata(p: PackageUpdate): string {
  const i = p.info;
  const params = i.parameters
    .map(
      (x) =>
        `<SSIS:Parameter SSIS:Name="${escapeXml(x.name)}"><SSIS:Properties>${property('Required', x.required ? 1 : 0)}${property('Sensitive', x.sensitive ? 1 : 0)}` +
        `${x.value === null ? '' : property('Value', x.value)}${property('DataType', x.dataType)}</SSIS:Properties></SSIS:Parameter>`,
    )
    .join('');
  return (
    `<SSIS:PackageMetaData SSIS:Name="${escapeXml(p.name)}"><SSIS:Properties>${property('ID', i.id)}${property('Name', p.name.replace(/\.dtsx$/i, ''))}` +
    `${property('VersionMajor', i.versionMajor)}${property('VersionMinor', i.versionMinor)}${property('VersionBuild', i.versionBuild)}` +
    `${property('VersionComments', i.versionComments)}${property('VersionGUID', i.versionGuid)}${property('PackageFormatVersion', i.formatVersion)}` +
    `${property('Description', i.description)}${property('ProtectionLevel', i.protectionLevel)}</SSIS:Properties>` +
    `${params ? `<SSIS:Parameters>${params}</SSIS:Parameters>` : '<SSIS:Parameters />'}</SSIS:PackageMetaData>`
  );
}

/** Opens `<SSIS:X />` as `<SSIS:X></SSIS:X>` so entries can be appended. */
function open(manifest: string, element: string): string {
  return manifest.replace(new RegExp(`<SSIS:${element}(\\s[^>]*)?\\s*/>`), (_, attrs: string | undefined) => `<SSIS:${element}${attrs ?? ''}></SSIS:${element}>`);
}

function updateManifest(manifest: string, p: PackageUpdate): string {
  const name = escapeXml(p.name);
  let m = open(open(manifest, 'Packages'), 'PackageInfo');
  const listed = new RegExp(`<SSIS:Package\\b[^>]*SSIS:Name="${escapeRegExp(name)}"`).test(m);
  if (!listed) m = m.replace('</SSIS:Packages>', () => `<SSIS:Package SSIS:Name="${name}" SSIS:EntryPoint="1" /></SSIS:Packages>`);
  const block = new RegExp(`<SSIS:PackageMetaData\\b[^>]*SSIS:Name="${escapeRegExp(name)}"[^>]*>[\\s\\S]*?</SSIS:PackageMetaData>`);
  if (block.test(m)) return m.replace(block, () => metadata(p));
  if (m.includes('</SSIS:PackageInfo>')) return m.replace('</SSIS:PackageInfo>', () => `${metadata(p)}</SSIS:PackageInfo>`);
  if (m.includes('</SSIS:DeploymentInfo>')) return m.replace('</SSIS:DeploymentInfo>', () => `<SSIS:PackageInfo>${metadata(p)}</SSIS:PackageInfo></SSIS:DeploymentInfo>`);
  return m.replace('</SSIS:Project>', () => `<SSIS:DeploymentInfo><SSIS:PackageInfo>${metadata(p)}</SSIS:PackageInfo></SSIS:DeploymentInfo></SSIS:Project>`);
}

export function withPackages(ispac: Buffer, updates: readonly PackageUpdate[]): Buffer {
  const parts = unzipSync(new Uint8Array(ispac.buffer, ispac.byteOffset, ispac.length));
  let manifest = Buffer.from(parts['@Project.manifest']!).toString('utf8');
  const bom = manifest.startsWith('\uFEFF') ? '\uFEFF' : '';
  manifest = manifest.slice(bom.length);
  for (const p of updates) {
    // Keep the part name the project already uses for this package; new parts are OPC-escaped.
    const existing = Object.keys(parts).find((k) => decodeURIComponent(k) === p.name);
    parts[existing ?? encodeURIComponent(p.name)] = new Uint8Array(p.bytes);
    manifest = updateManifest(manifest, p);
  }
  parts['@Project.manifest'] = new Uint8Array(Buffer.from(bom + manifest, 'utf8'));
  // Stored, not deflated: a valid OPC zip, and several times faster to write and read back for big packages.
  return Buffer.from(zipSync(parts, { level: 0 }));
}
