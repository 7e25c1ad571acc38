// Every real file in ../shared/corpus: parses, and Entry-point toggles give back the identical bytes.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../xml/reader.js';
import { parseDtproj } from './dtproj.js';
import { setEntryPoint, renamePackage, addPackage, removePackage } from './dtproj-edit.js';
import { parseDtsx } from './dtsx.js';
import { parseSln } from './sln.js';
import { maskSecrets } from './mask.js';

const CORPUS = resolve(__dirname, '../../../shared/corpus');

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

const files = walk(CORPUS);
const read = (p: string) => readFileSync(p, 'utf8');
const byExt = (ext: string) => files.filter((f) => f.toLowerCase().endsWith(ext));

describe('corpus', () => {
  it('has files of every kind', () => {
    expect(byExt('.sln').length).toBeGreaterThanOrEqual(5);
    expect(byExt('.dtproj').length).toBeGreaterThanOrEqual(9);
    expect(byExt('.dtsx').length).toBeGreaterThanOrEqual(10);
  });

  it.each(byExt('.sln'))('parses solution %s', (f) => {
    const s = parseSln(read(f));
    expect(s.projects.filter((p) => p.kind === 'ssis').length).toBeGreaterThan(0);
    for (const p of s.projects) expect(p.relativePath).not.toBe('');
  });

  it.each(byExt('.dtproj'))('round-trips Entry-point toggles on %s', (f) => {
    const text = read(f);
    const p = parseDtproj(text);
    if (p.encrypted) {
      expect(p.protectionLevel).toBe(3);
      expect(() => setEntryPoint(p, 'x.dtsx', true)).toThrow(/encrypted/);
      return;
    }
    expect(p.packages.length).toBeGreaterThan(0);
    if (p.deploymentModel !== 'Project') {
      expect(p.packages.every((x) => x.entryPoint === null)).toBe(true);
      expect(() => setEntryPoint(p, p.packages[0]!.name, false)).toThrow(/project deployment model/);
      return;
    }
    for (const pkg of p.packages) {
      const off = setEntryPoint(p, pkg.name, !pkg.entryPoint);
      expect(off).not.toBe(text);
      expect(off.length).toBe(text.length);
      const reparsed = parseDtproj(off);
      expect(reparsed.packages.find((x) => x.name === pkg.name)!.entryPoint).toBe(!pkg.entryPoint);
      const back = setEntryPoint(reparsed, pkg.name, pkg.entryPoint!);
      expect(back).toBe(text);
      // Exactly one character differs: the attribute value.
      let diffs = 0;
      for (let i = 0; i < text.length; i++) if (text[i] !== off[i]) diffs++;
      expect(diffs).toBe(1);
    }
  });

  it.each(byExt('.dtproj'))('add, rename and remove keep the rest of %s', (f) => {
    const text = read(f);
    const p = parseDtproj(text);
    if (p.encrypted) return;
    const added = addPackage(p, { fileName: 'Added "Q" [x] é.dtsx', objectName: 'Added "Q" [x] é', id: '{11111111-1111-1111-1111-111111111111}', versionGuid: '{22222222-2222-2222-2222-222222222222}' });
    const p2 = parseDtproj(added);
    expect(p2.packages.map((x) => x.name)).toEqual([...p.packages.map((x) => x.name), 'Added "Q" [x] é.dtsx']);
    const renamed = renamePackage(p2, 'Added "Q" [x] é.dtsx', 'Renamed & <ok>.dtsx');
    const p3 = parseDtproj(renamed);
    expect(p3.packages.map((x) => x.name)).toContain('Renamed & <ok>.dtsx');
    expect(renamed).not.toContain('Added');
    const removed = removePackage(p3, 'Renamed & <ok>.dtsx');
    expect(removed).toBe(text);
  });

  it.each(byExt('.dtsx'))('reads package %s', (f) => {
    const { info } = parseDtsx(read(f));
    if (info.encrypted) {
      expect(info.protectionLevel).toBe(3);
      return;
    }
    expect(info.id).toMatch(/^\{[0-9A-F-]{36}\}$/i);
    expect(info.formatVersion).not.toBeNull();
    expect(info.objectName).toBeTruthy();
  });

  it.each(files.filter((f) => /\.(conmgr|params|dtsxp|database)$/i.test(f)))('parses XML %s', (f) => {
    expect(() => parseXml(read(f))).not.toThrow();
  });

  it('masks the plaintext-ish secrets of the corpus', () => {
    for (const f of [...byExt('.dtsx'), ...byExt('.dtproj'), ...byExt('.conmgr')]) {
      const masked = maskSecrets(read(f));
      expect(masked).not.toMatch(/AQAAANCMnd8BFdERjHoAwE\/Cl\+sBA/);
      expect(masked).not.toMatch(/Password=(?!\*)[^;"&]+;/i);
    }
  });
});
