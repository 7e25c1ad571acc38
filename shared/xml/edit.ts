/**
 * Byte-preserving edits: a change is a replacement of a source range, applied by splicing, so everything
 * outside the ranges (BOM, line endings, attribute order, whitespace) is returned untouched.
 */
import type { XmlDocument, XmlElement } from './types.js';

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Applies non-overlapping edits to `source`. Throws when two edits overlap (a programming error). */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let last = 0;
  for (const e of sorted) {
    if (e.start < last || e.end < e.start || e.end > source.length) throw new Error(`overlapping or invalid edit at ${e.start}`);
    out += source.slice(last, e.start) + e.text;
    last = e.end;
  }
  return out + source.slice(last);
}

export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(s: string, quote: '"' | "'" = '"'): string {
  const e = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return quote === '"' ? e.replace(/"/g, '&quot;') : e.replace(/'/g, '&apos;');
}

/** The whitespace that starts the line `offset` is on (the indentation of an element starting there). */
export function indentAt(source: string, offset: number): string {
  let p = offset;
  while (p > 0 && (source[p - 1] === ' ' || source[p - 1] === '\t')) p--;
  if (p === 0 || source[p - 1] === '\n' || source[p - 1] === '\r') return source.slice(p, offset);
  return '';
}

/**
 * Range that removes an element together with its own line when it sits alone on that line
 * (leading indentation and the following line ending go too); otherwise exactly the element.
 */
export function elementRemovalRange(source: string, el: XmlElement): { start: number; end: number } {
  let s = el.start;
  while (s > 0 && (source[s - 1] === ' ' || source[s - 1] === '\t')) s--;
  const lineStart = s === 0 || source[s - 1] === '\n';
  let e = el.end;
  while (e < source.length && (source[e] === ' ' || source[e] === '\t')) e++;
  if (lineStart && source[e] === '\r' && source[e + 1] === '\n') return { start: s, end: e + 2 };
  if (lineStart && source[e] === '\n') return { start: s, end: e + 1 };
  return { start: el.start, end: el.end };
}

/**
 * Edit that appends `childXml` (one element, already indented relative to nothing) as the last child of
 * `parent`, indented one level deeper than the parent in the document's own style. A self-closing parent
 * (`<X />`) is expanded to `<X>...</X>`.
 */
export function appendChildEdit(doc: XmlDocument, parent: XmlElement, childXml: string): TextEdit {
  const src = doc.source;
  const nl = doc.newline;
  const parentIndent = indentAt(src, parent.start);
  const existing = parent.children.find((c) => c.kind === 'element') as XmlElement | undefined;
  const unit = existing ? indentAt(src, existing.start).slice(parentIndent.length) || '  ' : guessIndentUnit(src);
  const childIndent = parentIndent + unit;
  const body = childXml
    .split('\n')
    .map((line) => childIndent + line)
    .join(nl);
  if (parent.selfClosing) {
    // "<X />" or "<X/>": rewrite the tag's end into an open tag plus a close tag.
    const tagText = src.slice(parent.start, parent.end);
    const open = tagText.replace(/\s*\/>$/, '>');
    return { start: parent.start, end: parent.end, text: `${open}${nl}${body}${nl}${parentIndent}</${parent.name}>` };
  }
  // Insert before the end tag; keep whatever whitespace preceded it for the end tag's own line.
  const beforeEnd = src.slice(parent.startTagEnd, parent.endTagStart);
  if (beforeEnd.trim() === '' && !existing) {
    return { start: parent.startTagEnd, end: parent.endTagStart, text: `${nl}${body}${nl}${parentIndent}` };
  }
  let p = parent.endTagStart;
  while (p > parent.startTagEnd && (src[p - 1] === ' ' || src[p - 1] === '\t')) p--;
  const atLineStart = src[p - 1] === '\n';
  if (atLineStart) return { start: p, end: p, text: `${body}${nl}` };
  return { start: parent.endTagStart, end: parent.endTagStart, text: `${nl}${body}${nl}${parentIndent}` };
}

function guessIndentUnit(src: string): string {
  const m = /\n([ \t]+)</.exec(src);
  return m?.[1]?.startsWith('\t') ? '\t' : '  ';
}
