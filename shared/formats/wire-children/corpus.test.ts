// Wire Child Jobs on every real package of ../shared/corpus (format 8): the result parses, every element of the
// original is still there byte for byte, and unwiring gives the original file back (version attributes aside).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../../xml/reader.js';
import { childElements, firstChild, getAttribute } from '../../xml/query.js';
import { NS_DTS } from '../namespaces.js';
import { readWiring, wireChildJobs, type WireOptions } from './wire.js';

const CORPUS = resolve(__dirname, '../../../../shared/corpus');
const walk = (dir: string, out: string[] = []): string[] => {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (n.toLowerCase().endsWith('.dtsx')) out.push(p);
  }
  return out;
};
const packages = walk(CORPUS).filter((p) => {
  const root = parseXml(readFileSync(p, 'utf8')).root;
  return root.local === 'Executable' && getAttribute(root, 'refId', NS_DTS) !== null;
});

let n = 0;
const opts = (children: WireOptions['children']): WireOptions => ({
  children,
  servers: [{ name: 'SRV1', dataSource: 'sql01' }, { name: 'SRV2', dataSource: 'sql02,1433' }],
  mode: 'wait',
  order: 'sequence',
  newGuid: () => `10000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
});
const TWO = [
  { packageName: 'A.dtsx', server: 'SRV1', jobName: 'P - A' },
  { packageName: 'B.dtsx', server: 'SRV2', jobName: 'P - B' },
];
const noVersion = (t: string) => t.replace(/DTS:VersionGUID="[^"]*"/, '').replace(/DTS:VersionBuild="\d+"/, '');
const HOLDERS = ['ConnectionManagers', 'Executables', 'PrecedenceConstraints'];

describe('Wire Child Jobs on the corpus', () => {
  it('has format-8 packages to wire', () => expect(packages.length).toBeGreaterThanOrEqual(8));

  it.each(packages)('%s keeps every byte it does not own', (file) => {
    const text = readFileSync(file, 'utf8');
    const wired = wireChildJobs(text, opts(TWO));
    expect(readWiring(wired.text).tasks.map((t) => t.jobName)).toEqual(['P - A', 'P - B']);
    const original = parseXml(text);
    // Every element of the original root, and every child of the three holders, is still there verbatim.
    for (const el of childElements(original.root)) {
      if (el.ns === NS_DTS && HOLDERS.includes(el.local)) {
        for (const c of childElements(el)) expect(wired.text).toContain(text.slice(c.start, c.end));
      } else expect(wired.text).toContain(text.slice(el.start, el.end));
    }
    const unwired = wireChildJobs(wired.text, opts([]));
    const hadAll = HOLDERS.every((h) => firstChild(original.root, h, NS_DTS) !== null);
    if (hadAll) expect(noVersion(unwired.text)).toBe(noVersion(text));
    else expect(readWiring(unwired.text).tasks).toEqual([]);
  });
});
