/**
 * The SSIS expression language's syntax: literals, variables and parameters (`@[User::x]`, `@[$Project::p]`,
 * `@x`), unary/binary operators with SSIS precedence, `?:`, casts `(DT_WSTR, 50) x`, function calls,
 * `NULL(DT_I4)`, and the assignment form of the Expression Task (`@[User::x] = expr`).
 */
import { KNOWN_TYPES, RuntimeError, type DtType } from './values.js';

export type Expr =
  | { readonly k: 'lit'; readonly type: DtType; readonly value: string | number | boolean | null }
  | { readonly k: 'var'; readonly name: string }
  | { readonly k: 'unary'; readonly op: string; readonly arg: Expr }
  | { readonly k: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr }
  | { readonly k: 'cond'; readonly test: Expr; readonly then: Expr; readonly else: Expr }
  | { readonly k: 'cast'; readonly type: DtType; readonly params: readonly number[]; readonly arg: Expr }
  | { readonly k: 'call'; readonly name: string; readonly args: readonly Expr[] }
  | { readonly k: 'null'; readonly type: DtType }
  | { readonly k: 'assign'; readonly target: string; readonly value: Expr };

type Token =
  | { t: 'num'; v: number; type: DtType }
  | { t: 'str'; v: string }
  | { t: 'id'; v: string }
  | { t: 'var'; v: string }
  | { t: 'op'; v: string }
  | { t: 'end' };

export class ExpressionSyntaxError extends RuntimeError {
  constructor(expression: string, detail: string) {
    super(`Attempt to parse the expression "${expression}" failed. ${detail}`);
    this.name = 'ExpressionSyntaxError';
  }
}

const OPS = ['&&', '||', '==', '!=', '<=', '>=', '(', ')', ',', '?', ':', '!', '~', '-', '+', '*', '/', '%', '<', '>', '&', '|', '^', '='];

function unescape(s: string, fail: (m: string) => never): string {
  return s.replace(/\\(x[0-9a-fA-F]{4}|.)/g, (_, c: string) => {
    if (c[0] === 'x' && c.length === 5) return String.fromCharCode(parseInt(c.slice(1), 16));
    const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b', f: '\f', v: '\v', '"': '"', '\\': '\\', '0': '\0' };
    if (map[c] === undefined) fail(`The escape sequence "\\${c}" is not valid.`);
    return map[c]!;
  });
}

function tokenize(src: string): Token[] {
  const fail = (m: string): never => {
    throw new ExpressionSyntaxError(src, m);
  };
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) fail('A string literal is not closed with a double quote.');
      out.push({ t: 'str', v: unescape(src.slice(i + 1, j), fail) });
      i = j + 1;
      continue;
    }
    if (c === '@') {
      if (src[i + 1] === '[') {
        const j = src.indexOf(']', i);
        if (j < 0) fail('A variable reference "@[" is not closed with "]".');
        out.push({ t: 'var', v: src.slice(i + 2, j).trim() });
        i = j + 1;
      } else {
        const m = /^@((?:\$?[A-Za-z_][\w]*::)?[A-Za-z_][\w]*)/.exec(src.slice(i));
        if (!m) fail('"@" must be followed by a variable name.');
        out.push({ t: 'var', v: m![1]! });
        i += m![0].length;
      }
      continue;
    }
    const num = /^(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?([LlUuFf]{0,2})/.exec(src.slice(i));
    if (num && /[\d.]/.test(c)) {
      const text = num[0].replace(/[LlUuFf]+$/, '');
      const suffix = num[1]!.toUpperCase();
      const isReal = /[.eE]/.test(text) || suffix.includes('F');
      const value = Number(text);
      let type: DtType = isReal ? (/[eE]/.test(text) || suffix.includes('F') ? 'DT_R8' : 'DT_NUMERIC') : value > 2147483647 || suffix.includes('L') ? 'DT_I8' : 'DT_I4';
      if (suffix.includes('U') && !isReal) type = suffix.includes('L') || value > 4294967295 ? 'DT_UI8' : 'DT_UI4';
      out.push({ t: 'num', v: value, type });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][\w]*/.exec(src.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) fail(`The character "${c}" at position ${i + 1} is not valid.`);
    out.push({ t: 'op', v: op! });
    i += op!.length;
  }
  out.push({ t: 'end' });
  return out;
}

const BINARY_LEVELS: readonly (readonly string[])[] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%']];

export function parseExpression(src: string, allowAssignment = false): Expr {
  const toks = tokenize(src);
  let p = 0;
  const fail = (m: string): never => {
    throw new ExpressionSyntaxError(src, m);
  };
  const peek = () => toks[p]!;
  const isOp = (v: string) => peek().t === 'op' && (peek() as { v: string }).v === v;
  const expect = (v: string) => {
    if (!isOp(v)) fail(`"${v}" was expected.`);
    p++;
  };

  function typeName(): DtType {
    const t = peek();
    if (t.t !== 'id' || !KNOWN_TYPES.has(t.v.toUpperCase())) return fail('A data type such as DT_WSTR was expected.');
    p++;
    return t.v.toUpperCase() as DtType;
  }

  function castParams(): number[] {
    const params: number[] = [];
    while (isOp(',')) {
      p++;
      const t = peek();
      if (t.t !== 'num') fail('A cast parameter must be a number.');
      params.push((t as { v: number }).v);
      p++;
    }
    return params;
  }

  function primary(): Expr {
    const t = peek();
    if (t.t === 'num') {
      p++;
      return { k: 'lit', type: t.type, value: t.v };
    }
    if (t.t === 'str') {
      p++;
      return { k: 'lit', type: 'DT_WSTR', value: t.v };
    }
    if (t.t === 'var') {
      p++;
      return { k: 'var', name: t.v };
    }
    if (t.t === 'id') {
      p++;
      const upper = t.v.toUpperCase();
      if (upper === 'TRUE' || upper === 'FALSE') return { k: 'lit', type: 'DT_BOOL', value: upper === 'TRUE' };
      if (!isOp('(')) return fail(`"${t.v}" is not a function, variable or literal.`);
      p++;
      if (upper === 'NULL') {
        const type = typeName();
        castParams();
        expect(')');
        return { k: 'null', type };
      }
      const args: Expr[] = [];
      if (!isOp(')')) {
        args.push(conditional());
        while (isOp(',')) {
          p++;
          args.push(conditional());
        }
      }
      expect(')');
      return { k: 'call', name: upper, args };
    }
    if (isOp('(')) {
      p++;
      const next = peek();
      if (next.t === 'id' && /^DT_/i.test(next.v) && KNOWN_TYPES.has(next.v.toUpperCase())) {
        const type = typeName();
        const params = castParams();
        expect(')');
        return { k: 'cast', type, params, arg: unary() };
      }
      const e = conditional();
      expect(')');
      return e;
    }
    return fail(t.t === 'end' ? 'The expression ended too early.' : `"${(t as { v: unknown }).v}" was not expected here.`);
  }

  function unary(): Expr {
    for (const op of ['!', '~', '-']) {
      if (isOp(op)) {
        p++;
        return { k: 'unary', op, arg: unary() };
      }
    }
    return primary();
  }

  function binary(level: number): Expr {
    if (level >= BINARY_LEVELS.length) return unary();
    let left = binary(level + 1);
    for (;;) {
      const t = peek();
      if (t.t !== 'op' || !BINARY_LEVELS[level]!.includes(t.v)) return left;
      p++;
      left = { k: 'binary', op: t.v, left, right: binary(level + 1) };
    }
  }

  function conditional(): Expr {
    const test = binary(0);
    if (!isOp('?')) return test;
    p++;
    const then = conditional();
    expect(':');
    return { k: 'cond', test, then, else: conditional() };
  }

  let result: Expr;
  const first = toks[0]!;
  if (allowAssignment && first.t === 'var' && toks[1]?.t === 'op' && (toks[1] as { v: string }).v === '=') {
    p = 2;
    result = { k: 'assign', target: first.v, value: conditional() };
  } else result = conditional();
  if (peek().t !== 'end') fail(`"${(peek() as { v: unknown }).v}" was not expected after the end of the expression.`);
  return result;
}

/** Every variable and parameter name an expression reads (for validation before a run). */
export function referencedNames(e: Expr, out: Set<string> = new Set()): Set<string> {
  switch (e.k) {
    case 'var':
      out.add(e.name);
      break;
    case 'unary':
    case 'cast':
      referencedNames(e.arg, out);
      break;
    case 'binary':
      referencedNames(e.left, out);
      referencedNames(e.right, out);
      break;
    case 'cond':
      referencedNames(e.test, out);
      referencedNames(e.then, out);
      referencedNames(e.else, out);
      break;
    case 'call':
      for (const a of e.args) referencedNames(a, out);
      break;
    case 'assign':
      out.add(e.target);
      referencedNames(e.value, out);
      break;
    default:
      break;
  }
  return out;
}
