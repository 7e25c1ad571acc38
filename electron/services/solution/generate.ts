/**
 * Generates a large solution from the bundled sample (for the bench and the perf test): the sample's
 * project with `count` extra child packages, registered in the manifest and package metadata.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDtproj } from '../../../shared/formats/dtproj.js';
import { NS_SSIS } from '../../../shared/formats/namespaces.js';
import { appendChildEdit, applyEdits } from '../../../shared/xml/edit.js';
import { descend, firstChild } from '../../../shared/xml/query.js';
import { newPackageXml } from '../../../shared/formats/dtsx.js';

/** Writes `count` packages into the copy of the sample at `sampleCopy` and returns the .sln path. */
export function generateLargeSample(sampleCopy: string, count: number): string {
  const projDir = join(sampleCopy, 'LoadBalancing');
  const dtprojPath = join(projDir, 'LoadBalancing.dtproj');
  const parsed = parseDtproj(readFileSync(dtprojPath, 'utf8'));
  const entries: string[] = [];
  const metas: string[] = [];
  const now = new Date();
  for (let i = 1; i <= count; i++) {
    const name = `Child${String(i).padStart(5, '0')}`;
    const level = parsed.protectionLevel === 0 || parsed.protectionLevel === 2 || parsed.protectionLevel === 5 ? parsed.protectionLevel : 1;
    const made = newPackageXml({ objectName: name, newGuid: randomUUID, now, protectionLevel: level });
    writeFileSync(join(projDir, `${name}.dtsx`), made.text);
    entries.push(`<SSIS:Package SSIS:Name="${name}.dtsx" SSIS:EntryPoint="0" />`);
    metas.push(
      [
        `<SSIS:PackageMetaData SSIS:Name="${name}.dtsx">`,
        '  <SSIS:Properties>',
        `    <SSIS:Property SSIS:Name="ID">${made.id}</SSIS:Property>`,
        `    <SSIS:Property SSIS:Name="Name">${name}</SSIS:Property>`,
        `    <SSIS:Property SSIS:Name="VersionGUID">${made.versionGuid}</SSIS:Property>`,
        '    <SSIS:Property SSIS:Name="PackageFormatVersion">8</SSIS:Property>',
        `    <SSIS:Property SSIS:Name="ProtectionLevel">${level}</SSIS:Property>`,
        '  </SSIS:Properties>',
        '  <SSIS:Parameters />',
        '</SSIS:PackageMetaData>',
      ].join('\n'),
    );
  }
  const manifest = parsed.manifest!;
  const packages = firstChild(manifest, 'Packages', NS_SSIS)!;
  const info = descend(manifest, ['DeploymentInfo', 'PackageInfo'], NS_SSIS)!;
  const text = applyEdits(parsed.doc.source, [appendChildEdit(parsed.doc, packages, entries.join('\n')), appendChildEdit(parsed.doc, info, metas.join('\n'))]);
  writeFileSync(dtprojPath, text);
  return join(sampleCopy, 'LoadBalancing.sln');
}
