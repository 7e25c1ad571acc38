// The .ispac the SSIS catalog gets (forCatalog) against the one Build writes, for the corpus's two password
// projects (password "ssis123"): Build keeps the files as they are; the catalog form is decrypted ServerStorage.
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileNameFromPartName, unzipParts } from '../../../shared/formats/ispac/index.js';
import { NS_DTS, NS_SSIS } from '../../../shared/formats/namespaces.js';
import { attrValue } from '../../../shared/xml/query.js';
import { parseXml } from '../../../shared/xml/reader.js';
import { CORPUS_DIR, tempCopy } from '../solution/test-helpers.js';
import { buildIspac } from './ispac.js';

const PASSWORD = 'ssis123';
const ENCRYPT_ALL = join(CORPUS_DIR, 'rtumaykin__ssis-build', 'example', 'SampleSSISProjectSQL2016', 'SampleSSISProject');
const ENCRYPT_SENSITIVE = join(CORPUS_DIR, 'rtumaykin__ssis-build', 'example', 'SampleSSISProject', 'SampleSSISProject');
const copies: string[] = [];
afterAll(() => {
  for (const c of copies) rmSync(dirname(c), { recursive: true, force: true });
});

function copy(dir: string): string {
  const c = tempCopy(dir, 'ssisd-catalog-form-');
  copies.push(c);
  return join(c, 'SampleSSISProject.dtproj');
}

/** File name → text of every part. */
function partsOf(bytes: Uint8Array): Map<string, string> {
  return new Map([...unzipParts(bytes)].map(([k, v]) => [fileNameFromPartName(k), Buffer.from(v).toString('utf8')]));
}

/** What a catalog-form .ispac must hold: ServerStorage everywhere, nothing password-encrypted left. */
function expectServerStorage(parts: Map<string, string>, packages: readonly string[]): void {
  const manifest = parts.get('@Project.manifest')!;
  const root = parseXml(manifest).root;
  expect(attrValue(root, 'ProtectionLevel', NS_SSIS)).toBe('ServerStorage');
  expect(manifest).not.toContain('PasswordVerifier');
  expect([...manifest.matchAll(/SSIS:Name="ProtectionLevel">(\d)</g)].map((m) => m[1])).toEqual(packages.map(() => '5'));
  for (const name of packages) expect(attrValue(parseXml(parts.get(name)!).root, 'ProtectionLevel', NS_DTS), name).toBe('5');
  for (const [name, text] of parts) {
    expect(text, name).not.toContain('EncryptedData');
    expect(text, name).not.toMatch(/\bIV="/);
  }
}

describe('the .ispac for the SSIS catalog (forCatalog)', () => {
  it('EncryptAllWithPassword: Build keeps protection level 3 and the files as they are; the catalog form is decrypted ServerStorage', async () => {
    const dtproj = copy(ENCRYPT_ALL);
    const build = await buildIspac(dtproj, { password: PASSWORD });
    expect(build.protectionLevel).toBe(3);
    const built = partsOf(build.bytes);
    const dtprojText = readFileSync(dtproj, 'utf8');
    // Build: the manifest is the .dtproj's encrypted SSIS:Project, the other parts the files' own bytes.
    expect(built.get('@Project.manifest')).toMatch(/^<SSIS:Project SSIS:Salt="[^"]+" SSIS:IV="[^"]+" SSIS:ProtectionLevel="EncryptAllWithPassword"/);
    expect(dtprojText.includes(built.get('@Project.manifest')!)).toBe(true);
    for (const name of ['Package 221.dtsx', 'Project.params', 'db-01111.msdb.conmgr', 'db-01222.msdb.conmgr']) {
      expect(Buffer.from(unzipParts(build.bytes).get(encodeURIComponent(name))!).equals(readFileSync(join(dirname(dtproj), name))), name).toBe(true);
    }

    const catalog = await buildIspac(dtproj, { password: PASSWORD, forCatalog: true });
    expect(catalog.protectionLevel).toBe(5);
    expect(catalog.projectName).toBe('SampleSSISProject');
    const parts = partsOf(catalog.bytes);
    expect([...parts.keys()].sort()).toEqual([...built.keys()].sort());
    expectServerStorage(parts, ['Package 221.dtsx']);
    expect(parts.get('Package 221.dtsx')).toMatch(/^\uFEFF<\?xml version="1.0"\?><DTS:Executable /);
    expect(parts.get('Package 221.dtsx')).toContain('DTS:VersionGUID="{804427AE-D2FC-45E7-9A46-640BC92357D6}"');
    expect(parts.get('Project.params')).toMatch(/^\uFEFF<\?xml version="1.0"\?>\s*<SSIS:Parameters xmlns:SSIS=/);
    expect(parts.get('db-01111.msdb.conmgr')).toContain('DTS:ObjectName="db-01111 msdb"');
    // The manifest lists the packages and parameters as the decrypted .dtproj manifest does.
    expect(parts.get('@Project.manifest')).toContain('<SSIS:Package SSIS:Name="Package 221.dtsx" SSIS:EntryPoint="1" />');
    expect(parts.get('@Project.manifest')).toContain('SSIS:Name="CM.db-01111 msdb.ConnectionString"');
    // The password itself is in no part; the project's description (its author's note) is the one place it shows.
    for (const [name, text] of parts) expect(text.replace('<SSIS:Property SSIS:Name="Description">password = ssis123</SSIS:Property>', ''), name).not.toContain(PASSWORD);

    await expect(buildIspac(dtproj, { password: 'nope', forCatalog: true })).rejects.toMatchObject({ code: 'BAD_PASSWORD' });
    await expect(buildIspac(dtproj, { forCatalog: true })).rejects.toMatchObject({ code: 'LOCKED' });
  });

  it('EncryptSensitiveWithPassword: the catalog form has the sensitive values decrypted in place and no password verifier', async () => {
    const dtproj = copy(ENCRYPT_SENSITIVE);
    const build = await buildIspac(dtproj);
    expect(build.protectionLevel).toBe(2);
    expect(partsOf(build.bytes).get('@Project.manifest')).toContain('SSIS:ProtectionLevel="EncryptSensitiveWithPassword"');

    const catalog = await buildIspac(dtproj, { password: PASSWORD, forCatalog: true });
    const parts = partsOf(catalog.bytes);
    expectServerStorage(parts, ['Package 221.dtsx', 'Package1.dtsx']);
    // The values only the password opened: a connection password, a sensitive project and package parameter.
    expect(parts.get('Package 221.dtsx')).toMatch(/<DTS:Password [^>]*Sensitive="1">db-01<\/DTS:Password>/);
    expect(parts.get('Package 221.dtsx')).toMatch(/DTS:Name="ParameterValue" DTS:DataType="3">2<\/DTS:Property>/);
    expect(parts.get('Project.params')).toMatch(/SSIS:Sensitive="1"[^>]*>master<\/SSIS:Property>/);
    expect(parts.get('db-01 msdb.conmgr')).toMatch(/Sensitive="1"[^>]*>Rbylpvfhfekb1</);
    expect(parts.get('@Project.manifest')).toMatch(/SSIS:Name="Value" SSIS:Sensitive="1"[^>]*>2<\/SSIS:Property>/);

    await expect(buildIspac(dtproj, { forCatalog: true })).rejects.toMatchObject({ code: 'LOCKED', details: { needsPassword: true } });
    await expect(buildIspac(dtproj, { password: 'nope', forCatalog: true })).rejects.toMatchObject({ code: 'BAD_PASSWORD' });
  });
});
