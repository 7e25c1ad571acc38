/**
 * T-SQL tokens for the small front end: identifiers ([bracketed] and "quoted" too), @variables,
 * @@globals, 'strings' and N'strings', numbers, 0x binary literals and punctuation. Comments are skipped.
 * Every token keeps its source offsets so a statement handed to the engine can be cut out of the text.
 */

export type TokenKind = 'ident' | 'var' | 'sysvar' | 'string' | 'number' | 'binary' | 'punct';

export interface Token {
  readonly kind: TokenKind;
  /** ident: the name (brackets removed); var/sysvar: the name without @; string: the content; punct: the char(s). */
  readonly value: string;
  /** Quoted identifier ([x] or "x"): never a keyword. */
  readonly quoted?: boolean;
  /** N'...' string. */
  readonly unicode?: boolean;
  readonly start: number;
  readonly end: number;
}

export class SqlSyntaxError extends Error {
  override readonly name = 'SqlSyntaxError';
  constructor(
    message: string,
    readonly offset: number,
    /** SQL Server's error number: 102 (near a token), 156 (near a keyword). */
    readonly number = 102,
  ) {
    super(message);
  }
}

const IDENT_START = /[A-Za-z_#\u00C0-\uFFFF]/;
const IDENT_PART = /[A-Za-z0-9_#$@\u00C0-\uFFFF]/;
const PUNCT2 = new Set(['<=', '>=', '<>', '!=', '!<', '!>', '+=', '-=']);
const PUNCT1 = new Set([',', ';', '.', '=', '(', ')', '+', '-', '*', '/', '%', '<', '>', '!', '~', '&', '|', '^', ':']);

export function tokenize(text: string, maxTokens = 200_000): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (out.length > maxTokens) throw new SqlSyntaxError('statement is too long', i);
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\ufeff') {
      i++;
      continue;
    }
    if (c === '-' && text[i + 1] === '-') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      // T-SQL block comments nest.
      let depth = 0;
      const start = i;
      while (i < n) {
        if (text[i] === '/' && text[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (text[i] === '*' && text[i + 1] === '/') {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else i++;
      }
      if (depth !== 0) throw new SqlSyntaxError("Missing end comment mark '*/'.", start);
      continue;
    }
    const start = i;
    if ((c === 'N' || c === 'n') && text[i + 1] === "'") {
      const [value, end] = readQuoted(text, i + 1, "'");
      out.push({ kind: 'string', value, unicode: true, start, end });
      i = end;
      continue;
    }
    if (c === "'") {
      const [value, end] = readQuoted(text, i, "'");
      out.push({ kind: 'string', value, unicode: false, start, end });
      i = end;
      continue;
    }
    if (c === '[') {
      const [value, end] = readQuoted(text, i, ']');
      out.push({ kind: 'ident', value, quoted: true, start, end });
      i = end;
      continue;
    }
    if (c === '"') {
      const [value, end] = readQuoted(text, i, '"');
      out.push({ kind: 'ident', value, quoted: true, start, end });
      i = end;
      continue;
    }
    if (c === '@') {
      const sys = text[i + 1] === '@';
      let j = i + (sys ? 2 : 1);
      while (j < n && IDENT_PART.test(text[j]!)) j++;
      const name = text.slice(i + (sys ? 2 : 1), j);
      if (name === '') throw new SqlSyntaxError("Incorrect syntax near '@'.", i);
      out.push({ kind: sys ? 'sysvar' : 'var', value: name, start, end: j });
      i = j;
      continue;
    }
    if (c === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X')) {
      let j = i + 2;
      while (j < n && /[0-9a-fA-F]/.test(text[j]!)) j++;
      out.push({ kind: 'binary', value: text.slice(i + 2, j), start, end: j });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      let j = i;
      while (j < n && /[0-9]/.test(text[j]!)) j++;
      if (text[j] === '.') {
        j++;
        while (j < n && /[0-9]/.test(text[j]!)) j++;
      }
      if ((text[j] === 'e' || text[j] === 'E') && /[-+0-9]/.test(text[j + 1] ?? '')) {
        j += 2;
        while (j < n && /[0-9]/.test(text[j]!)) j++;
      }
      out.push({ kind: 'number', value: text.slice(i, j), start, end: j });
      i = j;
      continue;
    }
    if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < n && IDENT_PART.test(text[j]!)) j++;
      out.push({ kind: 'ident', value: text.slice(i, j), start, end: j });
      i = j;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (PUNCT2.has(two)) {
      out.push({ kind: 'punct', value: two, start, end: i + 2 });
      i += 2;
      continue;
    }
    if (PUNCT1.has(c)) {
      out.push({ kind: 'punct', value: c, start, end: i + 1 });
      i++;
      continue;
    }
    throw new SqlSyntaxError(`Incorrect syntax near '${c}'.`, i);
  }
  return out;
}

/** Reads a quoted run starting at `at` (the opening quote); a doubled closing quote is an escaped one. */
function readQuoted(text: string, at: number, close: string): [string, number] {
  let i = at + 1;
  let value = '';
  for (;;) {
    const j = text.indexOf(close, i);
    if (j < 0) throw new SqlSyntaxError(`Unclosed quotation mark after the character string '${text.slice(at + 1, at + 41)}'.`, at);
    value += text.slice(i, j);
    if (text[j + 1] === close) {
      value += close;
      i = j + 2;
    } else return [value, j + 1];
  }
}
