/** A small T-SQL tokenizer for the statement texts query() accepts. */
import { SqlError } from '../core/sql-error.js';

export type Tok =
  | { kind: 'word'; value: string; quoted: boolean; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'var'; value: string; pos: number }
  | { kind: 'punct'; value: string; pos: number };

export const NOT_SUPPORTED = 'is not supported by the SQL Server Agent emulator';

export function syntaxError(text: string, tok: Tok | undefined): SqlError {
  const near = tok ? text.slice(tok.pos, tok.pos + 30).split(/\s/)[0] : '';
  return new SqlError(102, tok ? `Incorrect syntax near '${near}'.` : 'Incorrect syntax near the end of the statement.', 15, 1);
}

export function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && text[i + 1] === '-') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === "'" || ((c === 'N' || c === 'n') && text[i + 1] === "'")) {
      const pos = i;
      i += c === "'" ? 1 : 2;
      let v = '';
      for (;;) {
        if (i >= text.length) throw new SqlError(105, `Unclosed quotation mark after the character string '${v}'.`, 15, 1);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += text[i++];
      }
      out.push({ kind: 'string', value: v, pos });
    } else if (c === '[' || c === '"') {
      const close = c === '[' ? ']' : '"';
      const pos = i;
      i++;
      let v = '';
      for (;;) {
        if (i >= text.length) throw new SqlError(105, `Unclosed quotation mark after the character string '${v}'.`, 15, 1);
        if (text[i] === close) {
          if (text[i + 1] === close) {
            v += close;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += text[i++];
      }
      out.push({ kind: 'word', value: v, quoted: true, pos });
    } else if (c === '@') {
      const m = /^@@?[A-Za-z0-9_#$@]+/.exec(text.slice(i));
      if (!m) throw syntaxError(text, { kind: 'punct', value: '@', pos: i });
      out.push({ kind: 'var', value: m[0].replace(/^@/, '').toLowerCase(), pos: i });
      i += m[0].length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(text.slice(i))!;
      out.push({ kind: 'number', value: Number(m[0]), pos: i });
      i += m[0].length;
    } else if (/[A-Za-z_#]/.test(c)) {
      const m = /^[A-Za-z_#][A-Za-z0-9_#$@]*/.exec(text.slice(i))!;
      out.push({ kind: 'word', value: m[0], quoted: false, pos: i });
      i += m[0].length;
    } else {
      const two = text.slice(i, i + 2);
      if (['<>', '!=', '<=', '>='].includes(two)) {
        out.push({ kind: 'punct', value: two, pos: i });
        i += 2;
      } else {
        out.push({ kind: 'punct', value: c, pos: i });
        i++;
      }
    }
  }
  return out;
}

/** A cursor over tokens with the checks the small parsers need. */
export class Cursor {
  i = 0;
  constructor(readonly text: string, readonly toks: Tok[]) {}

  peek(k = 0): Tok | undefined {
    return this.toks[this.i + k];
  }

  atEnd(): boolean {
    return this.i >= this.toks.length;
  }

  isWord(...words: string[]): boolean {
    const t = this.peek();
    return !!t && t.kind === 'word' && !t.quoted && words.includes(t.value.toLowerCase());
  }

  isPunct(p: string): boolean {
    const t = this.peek();
    return !!t && t.kind === 'punct' && t.value === p;
  }

  word(...words: string[]): void {
    if (!this.isWord(...words)) throw syntaxError(this.text, this.peek());
    this.i++;
  }

  punct(p: string): void {
    if (!this.isPunct(p)) throw syntaxError(this.text, this.peek());
    this.i++;
  }

  /** An identifier (bare or bracketed). */
  ident(): string {
    const t = this.peek();
    if (!t || t.kind !== 'word') throw syntaxError(this.text, t);
    this.i++;
    return t.value;
  }

  /** A multi-part name: parts as written (missing parts as ''). */
  multipart(): string[] {
    const parts: string[] = [this.ident()];
    while (this.isPunct('.')) {
      this.i++;
      if (this.isPunct('.')) {
        parts.push('');
        continue;
      }
      parts.push(this.ident());
    }
    return parts;
  }

  fail(): never {
    throw syntaxError(this.text, this.peek());
  }
}
