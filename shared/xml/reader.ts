/**
 * A small, strict XML reader that keeps source offsets. It does not expand DTDs or external entities (a
 * DOCTYPE is rejected outright, which also rules out entity-expansion attacks); only the five predefined
 * entities and numeric character references are decoded. Errors carry 1-based line:column.
 */
import type { XmlAttribute, XmlDocument, XmlElement, XmlLimits, XmlNode, XmlProcessingInstruction } from './types.js';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const DEFAULT_MAX_LENGTH = 64 * 1024 * 1024;
const DEFAULT_MAX_DEPTH = 256;

export class XmlError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${reason} (line ${line}, column ${column})`);
    this.name = 'XmlError';
  }
}

/** Maps offsets to 1-based line and column. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1 };
  }
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c >= 0xc0;
}
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 0xb7;
}
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

interface PendingElement {
  name: string;
  prefix: string | null;
  local: string;
  /** The element's attributes as they will be returned; `ns` is filled in by finish(). */
  attrs: { -readonly [K in keyof XmlAttribute]: XmlAttribute[K] }[];
  children: XmlNode[];
  start: number;
  startTagEnd: number;
  scope: Map<string, string>;
  line: number;
  column: number;
}

class Reader {
  private pos = 0;
  private lines: LineIndex | null = null;
  private readonly maxDepth: number;
  // Line of the start tags as they come (in document order): a running count, instead of a search per element.
  private line = 1;
  private lineStart = 0;
  /** The next '\n' not yet counted; -1 when there is none left. */
  private nextNewline: number;

  constructor(
    private readonly src: string,
    limits: XmlLimits,
  ) {
    this.maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.nextNewline = src.indexOf('\n');
  }

  /** Counts the lines up to `offset`, which never goes back. */
  private advanceLines(offset: number): void {
    while (this.nextNewline !== -1 && this.nextNewline < offset) {
      this.line++;
      this.lineStart = this.nextNewline + 1;
      this.nextNewline = this.src.indexOf('\n', this.lineStart);
    }
  }

  private where(offset: number): { line: number; column: number } {
    if (!this.lines) this.lines = new LineIndex(this.src);
    return this.lines.position(offset);
  }

  fail(reason: string, offset = this.pos): never {
    const { line, column } = this.where(offset);
    throw new XmlError(reason, offset, line, column);
  }

  parse(): XmlDocument {
    const src = this.src;
    const bom = src.charCodeAt(0) === 0xfeff;
    if (bom) this.pos = 1;
    let declaration: XmlProcessingInstruction | null = null;
    const prolog: XmlNode[] = [];
    if (src.startsWith('<?xml', this.pos) && isSpace(src.charCodeAt(this.pos + 5))) {
      declaration = this.readPi();
    }
    let root: XmlElement | null = null;
    for (;;) {
      this.skipSpace();
      if (this.pos >= src.length) break;
      if (src.charCodeAt(this.pos) !== 60) {
        this.fail(root ? 'Text after the root element' : 'Text before the root element');
      }
      if (src.startsWith('<!--', this.pos)) prolog.push(this.readComment());
      else if (src.startsWith('<?', this.pos)) {
        const pi = this.readPi();
        if (pi.target.toLowerCase() === 'xml') this.fail('XML declaration not at the start of the file', pi.start);
        prolog.push(pi);
      } else if (src.startsWith('<!DOCTYPE', this.pos) || src.startsWith('<!doctype', this.pos)) {
        this.fail('DOCTYPE declarations are not allowed (no DTD or entity expansion)');
      } else if (root) {
        this.fail('A second root element');
      } else {
        root = this.readElement();
      }
    }
    if (!root) this.fail('No root element', src.length);
    return { source: src, bom, newline: detectNewline(src), declaration, root, prolog };
  }

  private skipSpace(): void {
    const src = this.src;
    while (this.pos < src.length && isSpace(src.charCodeAt(this.pos))) this.pos++;
  }

  private readName(what: string): string {
    const src = this.src;
    const start = this.pos;
    if (!isNameStart(src.charCodeAt(start))) this.fail(`Expected ${what}`);
    let p = start + 1;
    while (p < src.length && isNameChar(src.charCodeAt(p))) p++;
    this.pos = p;
    return src.slice(start, p);
  }

  private readComment(): XmlNode {
    const start = this.pos;
    const close = this.src.indexOf('-->', start + 4);
    if (close === -1) this.fail('Unterminated comment', start);
    this.pos = close + 3;
    return { kind: 'comment', text: this.src.slice(start + 4, close), start, end: this.pos };
  }

  private readPi(): XmlProcessingInstruction {
    const start = this.pos;
    this.pos += 2;
    const target = this.readName('a processing instruction target');
    const close = this.src.indexOf('?>', this.pos);
    if (close === -1) this.fail('Unterminated processing instruction', start);
    const data = this.src.slice(this.pos, close).trim();
    this.pos = close + 2;
    return { kind: 'pi', target, data, start, end: this.pos };
  }

  /** Decodes entity and character references in raw text; `base` is its offset for error positions. */
  private decode(raw: string, base: number): string {
    if (raw.indexOf('&') === -1) return raw;
    let out = '';
    let last = 0;
    for (let i = raw.indexOf('&'); i !== -1; i = raw.indexOf('&', last)) {
      out += raw.slice(last, i);
      const semi = raw.indexOf(';', i);
      if (semi === -1 || semi - i > 12) this.fail('Unescaped "&" (write &amp;)', base + i);
      const ref = raw.slice(i + 1, semi);
      if (ref === 'lt') out += '<';
      else if (ref === 'gt') out += '>';
      else if (ref === 'amp') out += '&';
      else if (ref === 'quot') out += '"';
      else if (ref === 'apos') out += "'";
      else if (ref.startsWith('#')) {
        const hex = ref[1] === 'x';
        const digits = ref.slice(hex ? 2 : 1);
        const valid = hex ? /^[0-9a-fA-F]+$/.test(digits) : /^[0-9]+$/.test(digits);
        const code = valid ? parseInt(digits, hex ? 16 : 10) : NaN;
        if (!valid || !(code > 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) {
          this.fail(`Invalid character reference "&${ref};"`, base + i);
        }
        out += String.fromCodePoint(code);
      } else {
        this.fail(`Unknown entity "&${ref};" (only the five XML entities are allowed)`, base + i);
      }
      last = semi + 1;
    }
    return out + raw.slice(last);
  }

  private readElement(): XmlElement {
    const src = this.src;
    const stack: PendingElement[] = [];
    let parentScope = new Map<string, string>([['xml', XML_NS]]);
    for (;;) {
      // At '<' of a start tag.
      const start = this.pos;
      this.pos++;
      const name = this.readName('an element name');
      const attrs: PendingElement['attrs'] = [];
      // Names seen in this tag, as a Set only past a few, so a tag with thousands of attributes (hostile input)
      // stays linear without a Set for every ordinary tag.
      let attrNames: Set<string> | null = null;
      let scope = parentScope;
      let selfClosing = false;
      for (;;) {
        const before = this.pos;
        this.skipSpace();
        const c = src.charCodeAt(this.pos);
        if (c === 62) {
          this.pos++;
          break;
        }
        if (c === 47 && src.charCodeAt(this.pos + 1) === 62) {
          this.pos += 2;
          selfClosing = true;
          break;
        }
        if (this.pos >= src.length) this.fail(`Unterminated start tag <${name}>`, start);
        if (this.pos === before) this.fail('Expected whitespace between attributes');
        const aStart = this.pos;
        const aName = this.readName('an attribute name');
        this.skipSpace();
        if (src.charCodeAt(this.pos) !== 61) this.fail(`Expected "=" after attribute ${aName}`);
        this.pos++;
        this.skipSpace();
        const q = src[this.pos];
        if (q !== '"' && q !== "'") this.fail(`Attribute ${aName} value must be quoted`);
        const vStart = this.pos + 1;
        const vEnd = src.indexOf(q, vStart);
        if (vEnd === -1) this.fail(`Unterminated value of attribute ${aName}`, aStart);
        const rawValue = src.slice(vStart, vEnd);
        const lt = rawValue.indexOf('<');
        if (lt !== -1) this.fail(`"<" in the value of attribute ${aName}`, vStart + lt);
        const value = this.decode(rawValue, vStart);
        if (attrNames ? attrNames.has(aName) : attrs.some((a) => a.name === aName)) this.fail(`Duplicate attribute ${aName}`, aStart);
        if (attrNames) attrNames.add(aName);
        else if (attrs.length >= 16) attrNames = new Set([...attrs.map((a) => a.name), aName]);
        const colon = aName.indexOf(':');
        const prefix = colon === -1 ? null : aName.slice(0, colon);
        const local = colon === -1 ? aName : aName.slice(colon + 1);
        this.pos = vEnd + 1;
        attrs.push({ name: aName, prefix, local, ns: null, value, start: aStart, end: this.pos, valueStart: vStart, valueEnd: vEnd, quote: q });
        if (aName === 'xmlns' || prefix === 'xmlns') {
          if (scope === parentScope) scope = new Map(parentScope);
          scope.set(prefix === 'xmlns' ? local : '', value);
        }
      }
      const colon = name.indexOf(':');
      this.advanceLines(start);
      const pending: PendingElement = {
        name,
        prefix: colon === -1 ? null : name.slice(0, colon),
        local: colon === -1 ? name : name.slice(colon + 1),
        attrs,
        children: [],
        start,
        startTagEnd: this.pos,
        scope,
        line: this.line,
        column: start - this.lineStart + 1,
      };
      if (selfClosing) {
        const el = this.finish(pending, this.pos, this.pos);
        if (stack.length === 0) return el;
        stack[stack.length - 1]!.children.push(el);
      } else {
        if (stack.length + 1 > this.maxDepth) this.fail(`Elements nested deeper than ${this.maxDepth} levels`, start);
        stack.push(pending);
        parentScope = scope;
      }
      // Read content until the next start tag (loop again) or until the stack empties.
      for (;;) {
        if (stack.length === 0) this.fail('internal: empty stack');
        const top = stack[stack.length - 1]!;
        const lt = src.indexOf('<', this.pos);
        if (lt === -1) this.fail(`Element <${top.name}> is not closed`, top.start);
        if (lt > this.pos) {
          const raw = src.slice(this.pos, lt);
          const gt = raw.indexOf(']]>');
          if (gt !== -1) this.fail('"]]>" is not allowed in text', this.pos + gt);
          top.children.push({ kind: 'text', text: this.decode(raw, this.pos), start: this.pos, end: lt });
          this.pos = lt;
        }
        if (src.startsWith('</', lt)) {
          const endStart = lt;
          this.pos = lt + 2;
          const endName = this.readName('an end tag name');
          this.skipSpace();
          if (src.charCodeAt(this.pos) !== 62) this.fail(`Expected ">" to close </${endName}`);
          this.pos++;
          if (endName !== top.name) {
            const at = this.where(top.start);
            this.fail(`End tag </${endName}> does not match <${top.name}> opened at line ${at.line}, column ${at.column}`, endStart);
          }
          stack.pop();
          const el = this.finish(top, endStart, this.pos);
          if (stack.length === 0) return el;
          stack[stack.length - 1]!.children.push(el);
          parentScope = stack[stack.length - 1]!.scope;
          continue;
        }
        if (src.startsWith('<!--', lt)) {
          top.children.push(this.readComment());
          continue;
        }
        if (src.startsWith('<![CDATA[', lt)) {
          const close = src.indexOf(']]>', lt + 9);
          if (close === -1) this.fail('Unterminated CDATA section', lt);
          top.children.push({ kind: 'cdata', text: src.slice(lt + 9, close), start: lt, end: close + 3 });
          this.pos = close + 3;
          continue;
        }
        if (src.startsWith('<!DOCTYPE', lt)) this.fail('DOCTYPE declarations are not allowed', lt);
        if (src.startsWith('<?', lt)) {
          const pi = this.readPi();
          if (pi.target.toLowerCase() === 'xml') this.fail('XML declaration inside an element', pi.start);
          top.children.push(pi);
          continue;
        }
        if (src.startsWith('<!', lt)) this.fail('Unsupported markup declaration', lt);
        break; // a child start tag
      }
    }
  }

  private finish(p: PendingElement, endTagStart: number, end: number): XmlElement {
    const resolve = (prefix: string | null, isAttr: boolean, at: number): string | null => {
      if (prefix === null) return isAttr ? null : (p.scope.get('') ?? null) || null;
      if (prefix === 'xmlns') return 'http://www.w3.org/2000/xmlns/';
      const ns = p.scope.get(prefix);
      if (ns === undefined) this.fail(`Undeclared namespace prefix "${prefix}"`, at);
      return ns;
    };
    // Filled in place: the attribute objects are the ones returned (no copy per attribute).
    for (const a of p.attrs) a.ns = a.name === 'xmlns' ? 'http://www.w3.org/2000/xmlns/' : resolve(a.prefix, true, a.start);
    const attributes: readonly XmlAttribute[] = p.attrs;
    return {
      kind: 'element',
      name: p.name,
      prefix: p.prefix,
      local: p.local,
      ns: resolve(p.prefix, false, p.start),
      attributes,
      children: p.children,
      start: p.start,
      startTagEnd: p.startTagEnd,
      endTagStart,
      end,
      selfClosing: endTagStart === p.startTagEnd && end === p.startTagEnd,
      line: p.line,
      column: p.column,
    };
  }
}

function detectNewline(src: string): '\r\n' | '\n' {
  const lf = src.indexOf('\n');
  if (lf === -1) return '\r\n';
  return src.charCodeAt(lf - 1) === 13 ? '\r\n' : '\n';
}

/** Parses `text`; throws XmlError with line:column on malformed input. */
export function parseXml(text: string, limits: XmlLimits = {}): XmlDocument {
  const maxLength = limits.maxLength ?? DEFAULT_MAX_LENGTH;
  if (text.length > maxLength) throw new XmlError(`File is larger than the ${maxLength}-character limit`, 0, 1, 1);
  return new Reader(text, limits).parse();
}
