// Password decryption checked on the corpus's EncryptAllWithPassword project (password "ssis123").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../../../shared/xml/reader.js';
import { parseDtproj } from '../../../shared/formats/dtproj.js';
import { encryptedBlock } from '../../../shared/formats/dtsx.js';
import { attrValue, textContent } from '../../../shared/xml/query.js';
import { decryptSsisBlock } from './password.js';
import { CORPUS_DIR } from './test-helpers.js';

const dir = join(CORPUS_DIR, 'rtumaykin__ssis-build/example/SampleSSISProjectSQL2016/SampleSSISProject');
const read = (name: string) => readFileSync(join(dir, name), 'utf8');

/** Salt/IV on the root element with a generated prefix (p1:, SSIS:): match by local name. */
function rootBlock(text: string) {
  const root = parseXml(text).root;
  return { iv: attrValue(root, 'IV')!, algorithm: attrValue(root, 'Algorithm'), cipherText: textContent(root) };
}

describe('SSIS password decryption', () => {
  const blocks: [string, () => { iv: string; algorithm: string | null; cipherText: string }, RegExp][] = [
    ['manifest (.dtproj)', () => parseDtproj(read('SampleSSISProject.dtproj')).encrypted!, /^<SSIS:Project /],
    ['Project.params', () => rootBlock(read('Project.params')), /^<SSIS:Parameters /],
    ['.conmgr', () => rootBlock(read('db-01111.msdb.conmgr')), /^<DTS:ConnectionManager /],
    ['.dtsx (xmlenc EncryptedData)', () => encryptedBlock(parseXml(read('Package 221.dtsx')))!, /^<DTS:Executable /],
  ];

  it.each(blocks)('decrypts the %s with the right password', (_name, block, start) => {
    const xml = decryptSsisBlock({ password: 'ssis123', ...block() });
    expect(xml).toMatch(start);
    expect(() => parseXml(xml)).not.toThrow();
  });

  it.each(blocks)('answers BAD_PASSWORD for the %s with a wrong one', (_name, block) => {
    for (const password of ['ssis124', '', 'SSIS123']) {
      expect(() => decryptSsisBlock({ password, ...block() })).toThrow(expect.objectContaining({ code: 'BAD_PASSWORD' }));
    }
  });

  it('refuses unknown algorithms clearly', () => {
    expect(() => decryptSsisBlock({ password: 'x', iv: 'AAAAAAAAAAA=', cipherText: 'AAAA', algorithm: 'urn:rot13' })).toThrow(/Unsupported SSIS encryption algorithm/);
  });
});
