import { describe, expect, it } from 'vitest';
import { LineIndex, parseXml, XmlError } from './reader.js';
import type { XmlElement } from './types.js';
import { attrValue, childElements, findAll, getAttribute, textContent } from './query.js';
import { appendChildEdit, applyEdits, elementRemovalRange } from './edit.js';

function err(text: string, limits = {}): XmlError {
  try {
    parseXml(text, limits);
  } catch (e) {
    if (e instanceof XmlError) return e;
    throw e;
  }
  throw new Error('expected an XmlError');
}

describe('parseXml', () => {
  it('keeps exact offsets of elements and attributes, resolves namespaces by URI', () => {
    const src = '\uFEFF<?xml version="1.0"?>\r\n<a:Root xmlns:a="urn:a" xmlns="urn:d" a:x=\'1\'  y="&lt;2&amp;&#x41;&#66;">\r\n  <child/>\r\n  text &quot;q&quot;<![CDATA[<raw>]]><!-- c --><?pi data?>\r\n</a:Root>';
    const doc = parseXml(src);
    expect(doc.bom).toBe(true);
    expect(doc.newline).toBe('\r\n');
    expect(doc.declaration?.target).toBe('xml');
    const root = doc.root;
    expect(root.ns).toBe('urn:a');
    expect(root.local).toBe('Root');
    const x = getAttribute(root, 'x', 'urn:a')!;
    expect(src.slice(x.start, x.end)).toBe("a:x='1'");
    expect(src.slice(x.valueStart, x.valueEnd)).toBe('1');
    expect(x.quote).toBe("'");
    expect(attrValue(root, 'y', null)).toBe('<2&AB');
    const child = childElements(root)[0]!;
    expect(child.ns).toBe('urn:d');
    expect(child.selfClosing).toBe(true);
    expect(src.slice(child.start, child.end)).toBe('<child/>');
    expect(child.line).toBe(3);
    expect(child.column).toBe(3);
    expect(textContent(root)).toContain('text "q"<raw>');
    expect(root.children.some((c) => c.kind === 'comment')).toBe(true);
    expect(root.children.some((c) => c.kind === 'pi')).toBe(true);
    expect(src.slice(root.endTagStart, root.end)).toBe('</a:Root>');
  });

  it('gives every element the line and column of its start tag, as LineIndex counts them', () => {
    const src = '<?xml version="1.0"?>\r\n<R>\r\n  <A x="1&#10;2">\n\n\t<B/><C>t\n</C></A>\n<!-- c\n -->  <D/></R>';
    const index = new LineIndex(src);
    const all: XmlElement[] = [];
    const walk = (e: XmlElement): void => {
      all.push(e);
      for (const c of childElements(e)) walk(c);
    };
    walk(parseXml(src).root);
    expect(all.map((e) => e.name)).toEqual(['R', 'A', 'B', 'C', 'D']);
    for (const e of all) expect([e.name, e.line, e.column]).toEqual([e.name, index.position(e.start).line, index.position(e.start).column]);
    expect(all.map((e) => [e.line, e.column])).toEqual([[2, 1], [3, 3], [5, 2], [5, 6], [8, 7]]);
  });

  it('handles a single-line file with no newline (Biml style) and LF files', () => {
    const one = parseXml('<P><Q a="1"/><Q a="2"/></P>');
    expect(one.newline).toBe('\r\n');
    expect(findAll(one.root, 'Q').map((q) => attrValue(q, 'a'))).toEqual(['1', '2']);
    expect(parseXml('<P>\n</P>').newline).toBe('\n');
  });

  it.each([
    ['<a><b></a>', /End tag <\/a> does not match <b> opened at line 1, column 4/, 1, 7],
    ['<a>', /Element <a> is not closed/, 1, 1],
    ['<a x="1" x="2"/>', /Duplicate attribute x/, 1, 10],
    ['<a x=1/>', /must be quoted/, 1, 6],
    ['<a>&nbsp;</a>', /Unknown entity "&nbsp;"/, 1, 4],
    ['<a>AT&T</a>', /Unescaped "&"/, 1, 6],
    ['<a>&#0;</a>', /Invalid character reference/, 1, 4],
    ['<p:a/>', /Undeclared namespace prefix "p"/, 1, 1],
    ['<!DOCTYPE a [<!ENTITY x "y">]><a/>', /DOCTYPE declarations are not allowed/, 1, 1],
    ['<a/><b/>', /A second root element/, 1, 5],
    ['<a/>text', /Text after the root element/, 1, 5],
    ['', /No root element/, 1, 1],
    ['<a>\n  <!-- x </a>', /Unterminated comment/, 2, 3],
    ['<a x="<"/>', /"<" in the value of attribute x/, 1, 7],
    ['<a>]]></a>', /"]]>" is not allowed/, 1, 4],
  ])('rejects %j with a clear message and position', (text, message, line, column) => {
    const e = err(text);
    expect(e.message).toMatch(message);
    expect([e.line, e.column]).toEqual([line, column]);
  });

  it('enforces length and depth limits', () => {
    expect(err('<a>' + 'x'.repeat(100) + '</a>', { maxLength: 50 }).message).toMatch(/larger than/);
    const deep = '<a>'.repeat(20) + '</a>'.repeat(20);
    expect(err(deep, { maxDepth: 10 }).message).toMatch(/nested deeper than 10/);
    expect(() => parseXml(deep, { maxDepth: 30 })).not.toThrow();
    // Deep nesting does not overflow the JS stack (the reader is iterative).
    const veryDeep = '<a>'.repeat(5000) + '</a>'.repeat(5000);
    expect(() => parseXml(veryDeep, { maxDepth: 10_000 })).not.toThrow();
  });
});

describe('edits', () => {
  it('splices without touching other bytes and rejects overlaps', () => {
    const src = 'abcdef';
    expect(applyEdits(src, [{ start: 4, end: 5, text: 'E' }, { start: 1, end: 2, text: 'BB' }])).toBe('aBBcdEf');
    expect(() => applyEdits(src, [{ start: 1, end: 3, text: '' }, { start: 2, end: 4, text: '' }])).toThrow(/overlapping/);
  });

  it('appends children in the document style, expanding self-closing parents', () => {
    const src = '<R>\r\n  <List />\r\n  <Full>\r\n    <I>1</I>\r\n  </Full>\r\n</R>';
    const doc = parseXml(src);
    const [list, full] = childElements(doc.root);
    expect(applyEdits(src, [appendChildEdit(doc, list!, '<I>x</I>')])).toBe('<R>\r\n  <List>\r\n    <I>x</I>\r\n  </List>\r\n  <Full>\r\n    <I>1</I>\r\n  </Full>\r\n</R>');
    expect(applyEdits(src, [appendChildEdit(doc, full!, '<I>2</I>')])).toBe('<R>\r\n  <List />\r\n  <Full>\r\n    <I>1</I>\r\n    <I>2</I>\r\n  </Full>\r\n</R>');
  });

  it('removes an element with its own line, or exactly the element on a shared line', () => {
    const src = '<R>\n  <A/>\n  <B/><C/>\n</R>';
    const doc = parseXml(src);
    const [a, b] = childElements(doc.root);
    const ra = elementRemovalRange(src, a!);
    expect(applyEdits(src, [{ ...ra, text: '' }])).toBe('<R>\n  <B/><C/>\n</R>');
    const rb = elementRemovalRange(src, b!);
    expect(applyEdits(src, [{ ...rb, text: '' }])).toBe('<R>\n  <A/>\n  <C/>\n</R>');
  });
});
