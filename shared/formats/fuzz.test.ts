/**
 * Untrusted files: thousands of mutations of the real .dtsx, .dtproj and .sln files in ../shared/corpus (a
 * fixed seed, so a failure names a case that can be replayed) plus hostile XML — entity expansion ("billion
 * laughs", external entities), huge attributes, deep nesting. The parsers must answer with a model or with
 * their own typed error (XmlError / *FormatError: what the solution service turns into an error badge) and
 * never with anything else (a TypeError, a RangeError: a crash past the boundary), and never take long.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { XmlError } from '../xml/reader.js';
import { DtprojFormatError, parseDtproj, targetServerVersion } from './dtproj.js';
import { DtprojEditError, setEntryPoint } from './dtproj-edit.js';
import { DtsxFormatError, encryptedBlock, parseDtsx } from './dtsx.js';
import { maskSecrets } from './mask.js';
import { parseSln, parseSlnx, SolutionFormatError } from './sln.js';

const CORPUS = resolve(__dirname, '../../../shared/corpus');
const SEED = 0x55_15_de_51;
/** Any single parse slower than this counts as a hang (the largest corpus file parses in a few ms). */
const HANG_MS = 1_500;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}
const files = walk(CORPUS);
const byExt = (ext: string) => files.filter((f) => f.toLowerCase().endsWith(ext)).map((f) => ({ path: f, text: readFileSync(f, 'utf8') }));

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LAUGHS =
  '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n' +
  Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n') +
  '\n]>\n';

/** Hostile fragments spliced into files: XML the reader must refuse or survive. */
const SNIPPETS = [
  '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
  '<!DOCTYPE x SYSTEM "file:///etc/passwd">',
  '<!ENTITY xxe SYSTEM "http://127.0.0.1/">',
  '&xxe;',
  '&lol9;',
  '&#x110000;',
  '&#0;',
  '&#xD800;',
  '&#99999999999999999999;',
  '&amp',
  '<![CDATA[',
  ']]>',
  '<?xml version="1.0"?>',
  '<!--',
  '-->',
  '<',
  '>',
  '"',
  "'",
  '=',
  '</',
  '/>',
  '<a:b:c/>',
  'xmlns:DTS=""',
  '\u0000',
  '\uFEFF',
  '\uD800',
  '\r',
  '\r\n',
  'EndProject\n',
  'Project("{159641D6-6404-4A2A-AE62-294DE0FE8301}") = "X", "X\\X.dtproj", "{00000000-0000-0000-0000-000000000000}"\n',
  'Project("{',
  'Global\n',
  'EndGlobal\n',
  'SSIS:EntryPoint="1"',
  'DTS:ProtectionLevel="5"',
  'DTS:ProtectionLevel="-99999999999"',
  '<DTS:Executable>',
  '<SSIS:Project>',
];

type Mutation = (text: string, r: () => number) => string;
const at = (text: string, r: () => number) => Math.floor(r() * (text.length + 1));

/** Cheap mutations, stacked at random. */
const LIGHT: readonly (readonly [string, Mutation])[] = [
  ['flip a character', (t, r) => {
    const i = at(t, r);
    return t.slice(0, i) + String.fromCharCode(Math.floor(r() * 0x2000)) + t.slice(i + 1);
  }],
  ['delete a range', (t, r) => {
    const i = at(t, r);
    return t.slice(0, i) + t.slice(i + 1 + Math.floor(r() * 200));
  }],
  ['duplicate a range', (t, r) => {
    const i = at(t, r);
    const piece = t.slice(i, i + Math.floor(r() * 400));
    return t.slice(0, i) + piece + piece + t.slice(i);
  }],
  ['truncate', (t, r) => t.slice(0, at(t, r))],
  ['splice a hostile snippet', (t, r) => {
    const i = at(t, r);
    return t.slice(0, i) + SNIPPETS[Math.floor(r() * SNIPPETS.length)]! + t.slice(i);
  }],
  ['swap two ranges', (t, r) => {
    const a = at(t, r);
    const b = at(t, r);
    const [lo, hi] = a < b ? [a, b] : [b, a];
    const n = Math.min(64, hi - lo);
    return t.slice(0, lo) + t.slice(hi - n, hi) + t.slice(lo + n, hi - n) + t.slice(lo, lo + n) + t.slice(hi);
  }],
  ['replace quotes', (t, r) => {
    const i = at(t, r);
    return t.slice(0, i) + t.slice(i, i + 500).replace(/"/g, r() < 0.5 ? "'" : '') + t.slice(i + 500);
  }],
];

/** Expensive ones (megabytes of input), each applied once to every file. */
const HEAVY: readonly (readonly [string, Mutation])[] = [
  ['billion laughs prolog', (t) => LAUGHS + t.replace(/^\uFEFF?<\?xml[^>]*\?>/, '')],
  ['huge attribute', (t) => t.replace(/<([A-Za-z:]+)(\s)/, (_m, name: string, ws: string) => `<${name} Huge="${'x'.repeat(3_000_000)}"${ws}`)],
  ['many attributes', (t) => t.replace(/<([A-Za-z:]+)(\s)/, (_m, name: string, ws: string) => `<${name} ${Array.from({ length: 20_000 }, (_, i) => `a${i}="${i}"`).join(' ')}${ws}`)],
  ['deep nesting', (t, r) => {
    const i = t.indexOf('>', t.indexOf('<', t.indexOf('?>') + 2)) + 1;
    const depth = 200 + Math.floor(r() * 20_000);
    return t.slice(0, i) + '<a>'.repeat(depth) + '</a>'.repeat(r() < 0.5 ? depth : Math.floor(depth / 2)) + t.slice(i);
  }],
  ['huge text', (t, r) => {
    const i = at(t, r);
    return t.slice(0, i) + '&amp;'.repeat(200_000) + t.slice(i);
  }],
];

/** The errors a parser (or an edit) may answer with: its own, and the XML reader's. */
const TYPED = [XmlError, SolutionFormatError, DtprojFormatError, DtprojEditError, DtsxFormatError];

interface Outcome {
  parsed: number;
  refused: number;
  slowest: number;
  crashes: string[];
}

function fuzz(kind: string, corpus: { path: string; text: string }[], perFile: number, parse: (text: string) => void): Outcome {
  const r = rng(SEED ^ kind.length);
  const outcome: Outcome = { parsed: 0, refused: 0, slowest: 0, crashes: [] };
  corpus.forEach((file, f) => {
    for (let c = 0; c < perFile; c++) {
      // Every heavy mutation runs once on every file; the rest are light ones, stacked 1-3 deep.
      const chain = c < HEAVY.length ? [HEAVY[c]!] : Array.from({ length: 1 + Math.floor(r() * 3) }, () => LIGHT[Math.floor(r() * LIGHT.length)]!);
      let text = file.text;
      for (const [, m] of chain) text = m(text, r);
      const started = performance.now();
      try {
        parse(text);
        outcome.parsed++;
      } catch (e) {
        if (TYPED.some((T) => e instanceof T)) outcome.refused++;
        else outcome.crashes.push(`${kind} file ${f} case ${c} (${chain.map(([n]) => n).join(' + ')}): ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
      }
      outcome.slowest = Math.max(outcome.slowest, performance.now() - started);
    }
  });
  return outcome;
}

describe('fuzzing the parsers with mutated corpus files', () => {
  const report = (o: Outcome) => {
    expect(o.crashes.slice(0, 5)).toEqual([]);
    expect(o.slowest).toBeLessThan(HANG_MS);
    expect(o.refused).toBeGreaterThan(0);
    expect(o.parsed).toBeGreaterThan(0);
  };

  it('.dtsx: a package or a typed error, never a crash or a hang', () => {
    const o = fuzz('dtsx', byExt('.dtsx'), 75, (text) => {
      const { doc } = parseDtsx(text);
      encryptedBlock(doc);
      maskSecrets(text);
    });
    report(o);
    expect(o.parsed + o.refused).toBeGreaterThanOrEqual(1_000);
  }, 60_000);

  it('.dtproj: a project or a typed error; toggling Entry-point on what parsed never crashes', () => {
    const o = fuzz('dtproj', byExt('.dtproj'), 130, (text) => {
      const p = parseDtproj(text);
      targetServerVersion(p);
      const first = p.packages[0];
      if (first) setEntryPoint(p, first.name, true);
    });
    report(o);
    expect(o.parsed + o.refused).toBeGreaterThanOrEqual(1_200);
  }, 60_000);

  it('.sln and .slnx: a solution or a typed error', () => {
    const sln = byExt('.sln');
    const o = fuzz('sln', sln, 250, (text) => parseSln(text));
    report(o);
    const slnx = sln.map(({ path, text }) => ({
      path,
      text: `<Solution>\n${[...text.matchAll(/"([^"]+\.dtproj)"/g)].map((m) => `  <Project Path="${m[1]}" />`).join('\n')}\n</Solution>\n`,
    }));
    const x = fuzz('slnx', slnx, 150, (text) => parseSlnx(text));
    report(x);
    expect(o.parsed + o.refused + x.parsed + x.refused).toBeGreaterThanOrEqual(1_500);
  }, 60_000);

  it('refuses entity expansion outright, fast', () => {
    const started = performance.now();
    expect(() => parseDtsx(`${LAUGHS}<lolz>&lol9;</lolz>`)).toThrow(XmlError);
    expect(() => parseDtproj('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><Project>&x;</Project>')).toThrow(/DOCTYPE/);
    expect(performance.now() - started).toBeLessThan(100);
  });
});
