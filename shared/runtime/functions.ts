/** The SSIS expression functions the built-in engine supports: string, date/time, math and NULL functions. */
import { convert, isNumericType, isStringType, RuntimeError, type DtType, type TypedValue } from './values.js';

type Fn = (args: readonly TypedValue[], now: () => Date) => TypedValue;

function str(v: TypedValue, fn: string): string | null {
  if (!isStringType(v.type)) throw new RuntimeError(`The function "${fn}" needs a string argument, but it got ${v.type}.`);
  return v.value as string | null;
}
function num(v: TypedValue, fn: string): number | null {
  if (!isNumericType(v.type)) throw new RuntimeError(`The function "${fn}" needs a numeric argument, but it got ${v.type}.`);
  return v.value as number | null;
}
function date(v: TypedValue): Date | null {
  return v.value === null ? null : (convert(v, 'DT_DBTIMESTAMP').value as Date);
}
const S = (value: string | null): TypedValue => ({ type: 'DT_WSTR', value });
const I = (value: number | null): TypedValue => ({ type: 'DT_I4', value });
const R = (value: number | null): TypedValue => ({ type: 'DT_R8', value });

function anyNull(args: readonly TypedValue[]): boolean {
  return args.some((a) => a.value === null);
}

function stringFn(fn: string, f: (s: string, ...rest: number[]) => string | number): Fn {
  return (args) => {
    const s = str(args[0]!, fn);
    const rest = args.slice(1).map((a) => num(a, fn));
    const res = s === null || rest.some((r) => r === null) ? null : f(s, ...(rest as number[]));
    return typeof res === 'number' || (res === null && ['LEN', 'FINDSTRING', 'CODEPOINT', 'TOKENCOUNT'].includes(fn)) ? I(res as number | null) : S(res as string | null);
  };
}

/** DATEPART/DATEADD/DATEDIFF unit names and abbreviations. */
function unit(name: string): string {
  const u = name.toLowerCase();
  const map: Record<string, string> = {
    year: 'yy', yy: 'yy', yyyy: 'yy', quarter: 'qq', qq: 'qq', q: 'qq', month: 'mm', mm: 'mm', m: 'mm', dayofyear: 'dy', dy: 'dy', y: 'dy',
    day: 'dd', dd: 'dd', d: 'dd', week: 'wk', wk: 'wk', ww: 'wk', weekday: 'dw', dw: 'dw', hour: 'hh', hh: 'hh', minute: 'mi', mi: 'mi', n: 'mi',
    second: 'ss', ss: 'ss', s: 'ss', millisecond: 'ms', ms: 'ms',
  };
  const m = map[u];
  if (!m) throw new RuntimeError(`"${name}" is not a valid date part.`);
  return m;
}

function datePart(u: string, d: Date): number {
  switch (u) {
    case 'yy': return d.getFullYear();
    case 'qq': return Math.floor(d.getMonth() / 3) + 1;
    case 'mm': return d.getMonth() + 1;
    case 'dy': return Math.round((new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime() - new Date(d.getFullYear(), 0, 1).getTime()) / 86400000) + 1;
    case 'dd': return d.getDate();
    case 'wk': return Math.floor((datePart('dy', d) - 1 + new Date(d.getFullYear(), 0, 1).getDay()) / 7) + 1;
    case 'dw': return d.getDay() + 1;
    case 'hh': return d.getHours();
    case 'mi': return d.getMinutes();
    case 'ss': return d.getSeconds();
    default: return d.getMilliseconds();
  }
}

function dateAdd(u: string, n: number, d: Date): Date {
  const r = new Date(d.getTime());
  switch (u) {
    case 'yy': r.setFullYear(r.getFullYear() + n); break;
    case 'qq': r.setMonth(r.getMonth() + 3 * n); break;
    case 'mm': r.setMonth(r.getMonth() + n); break;
    case 'dy': case 'dd': case 'dw': r.setDate(r.getDate() + n); break;
    case 'wk': r.setDate(r.getDate() + 7 * n); break;
    case 'hh': r.setTime(r.getTime() + n * 3600000); break;
    case 'mi': r.setTime(r.getTime() + n * 60000); break;
    case 'ss': r.setTime(r.getTime() + n * 1000); break;
    default: r.setTime(r.getTime() + n);
  }
  return r;
}

function dateDiff(u: string, a: Date, b: Date): number {
  const days = (x: Date) => Math.floor(Date.UTC(x.getFullYear(), x.getMonth(), x.getDate()) / 86400000);
  switch (u) {
    case 'yy': return b.getFullYear() - a.getFullYear();
    case 'qq': return (b.getFullYear() - a.getFullYear()) * 4 + datePart('qq', b) - datePart('qq', a);
    case 'mm': return (b.getFullYear() - a.getFullYear()) * 12 + b.getMonth() - a.getMonth();
    case 'dy': case 'dd': case 'dw': return days(b) - days(a);
    case 'wk': return Math.floor((days(b) - b.getDay() - (days(a) - a.getDay())) / 7);
    case 'hh': return Math.floor(b.getTime() / 3600000) - Math.floor(a.getTime() / 3600000);
    case 'mi': return Math.floor(b.getTime() / 60000) - Math.floor(a.getTime() / 60000);
    case 'ss': return Math.floor(b.getTime() / 1000) - Math.floor(a.getTime() / 1000);
    default: return b.getTime() - a.getTime();
  }
}

function tokens(s: string, delims: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of s) {
    if (delims.includes(ch)) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

function mathFn(fn: string, f: (x: number) => number, integral = false): Fn {
  return (args) => {
    const x = num(args[0]!, fn);
    if (x === null) return { type: args[0]!.type, value: null };
    const v = f(x);
    if (!Number.isFinite(v)) throw new RuntimeError(`The function "${fn}" cannot be evaluated for ${x}.`);
    return integral ? { type: args[0]!.type, value: v } : R(v);
  };
}

const FUNCTIONS: Readonly<Record<string, { min: number; max: number; f: Fn }>> = {
  LEN: { min: 1, max: 1, f: stringFn('LEN', (s) => s.length) },
  LOWER: { min: 1, max: 1, f: stringFn('LOWER', (s) => s.toLowerCase()) },
  UPPER: { min: 1, max: 1, f: stringFn('UPPER', (s) => s.toUpperCase()) },
  LTRIM: { min: 1, max: 1, f: stringFn('LTRIM', (s) => s.replace(/^ +/, '')) },
  RTRIM: { min: 1, max: 1, f: stringFn('RTRIM', (s) => s.replace(/ +$/, '')) },
  TRIM: { min: 1, max: 1, f: stringFn('TRIM', (s) => s.replace(/^ +| +$/g, '')) },
  REVERSE: { min: 1, max: 1, f: stringFn('REVERSE', (s) => [...s].reverse().join('')) },
  LEFT: { min: 2, max: 2, f: stringFn('LEFT', (s, n) => s.slice(0, Math.max(0, n))) },
  RIGHT: { min: 2, max: 2, f: stringFn('RIGHT', (s, n) => (n <= 0 ? '' : s.slice(-n))) },
  SUBSTRING: {
    min: 3, max: 3,
    f: stringFn('SUBSTRING', (s, start, len) => {
      if (start < 1 || len < 0) throw new RuntimeError('SUBSTRING needs a start of 1 or more and a length of 0 or more.');
      return s.substr(start - 1, len);
    }),
  },
  REPLICATE: { min: 2, max: 2, f: stringFn('REPLICATE', (s, n) => (n < 0 ? '' : s.repeat(n))) },
  CODEPOINT: { min: 1, max: 1, f: stringFn('CODEPOINT', (s) => (s.length ? s.charCodeAt(0) : 0)) },
  HEX: { min: 1, max: 1, f: (a) => (num(a[0]!, 'HEX') === null ? S(null) : S(Math.trunc(a[0]!.value as number).toString(16).toUpperCase())) },
  FINDSTRING: {
    min: 3, max: 3,
    f: (a) => {
      const s = str(a[0]!, 'FINDSTRING');
      const sub = str(a[1]!, 'FINDSTRING');
      const n = num(a[2]!, 'FINDSTRING');
      if (s === null || sub === null || n === null) return I(null);
      let idx = -1;
      for (let k = 0; k < n; k++) {
        idx = s.indexOf(sub, idx + 1);
        if (idx < 0) return I(0);
      }
      return I(idx + 1);
    },
  },
  REPLACE: {
    min: 3, max: 3,
    f: (a) => {
      const [s, find, rep] = a.map((x) => str(x, 'REPLACE'));
      if (s == null || find == null || rep == null) return S(null);
      if (find === '') throw new RuntimeError('REPLACE cannot search for an empty string.');
      return S(s.split(find).join(rep));
    },
  },
  TOKEN: {
    min: 3, max: 3,
    f: (a) => {
      const s = str(a[0]!, 'TOKEN');
      const d = str(a[1]!, 'TOKEN');
      const n = num(a[2]!, 'TOKEN');
      if (s === null || d === null || n === null) return S(null);
      return S(tokens(s, d)[n - 1] ?? '');
    },
  },
  TOKENCOUNT: {
    min: 2, max: 2,
    f: (a) => {
      const s = str(a[0]!, 'TOKENCOUNT');
      const d = str(a[1]!, 'TOKENCOUNT');
      return I(s === null || d === null ? null : tokens(s, d).length);
    },
  },
  GETDATE: { min: 0, max: 0, f: (_a, now) => ({ type: 'DT_DBTIMESTAMP', value: now() }) },
  GETUTCDATE: {
    min: 0, max: 0,
    f: (_a, now) => {
      const d = now();
      return { type: 'DT_DBTIMESTAMP', value: new Date(d.getTime() + d.getTimezoneOffset() * 60000) };
    },
  },
  DATEPART: {
    min: 2, max: 2,
    f: (a) => {
      const u = str(a[0]!, 'DATEPART');
      const d = date(a[1]!);
      return I(u === null || d === null ? null : datePart(unit(u), d));
    },
  },
  YEAR: { min: 1, max: 1, f: (a) => I(date(a[0]!)?.getFullYear() ?? null) },
  MONTH: { min: 1, max: 1, f: (a) => I(anyNull(a) ? null : date(a[0]!)!.getMonth() + 1) },
  DAY: { min: 1, max: 1, f: (a) => I(date(a[0]!)?.getDate() ?? null) },
  DATEADD: {
    min: 3, max: 3,
    f: (a) => {
      const u = str(a[0]!, 'DATEADD');
      const n = num(a[1]!, 'DATEADD');
      const d = date(a[2]!);
      return { type: 'DT_DBTIMESTAMP', value: u === null || n === null || d === null ? null : dateAdd(unit(u), Math.trunc(n), d) };
    },
  },
  DATEDIFF: {
    min: 3, max: 3,
    f: (a) => {
      const u = str(a[0]!, 'DATEDIFF');
      const x = date(a[1]!);
      const y = date(a[2]!);
      return I(u === null || x === null || y === null ? null : dateDiff(unit(u), x, y));
    },
  },
  ABS: { min: 1, max: 1, f: mathFn('ABS', Math.abs, true) },
  SIGN: { min: 1, max: 1, f: mathFn('SIGN', Math.sign, true) },
  CEILING: { min: 1, max: 1, f: mathFn('CEILING', Math.ceil, true) },
  FLOOR: { min: 1, max: 1, f: mathFn('FLOOR', Math.floor, true) },
  SQRT: { min: 1, max: 1, f: mathFn('SQRT', Math.sqrt) },
  SQUARE: { min: 1, max: 1, f: mathFn('SQUARE', (x) => x * x) },
  EXP: { min: 1, max: 1, f: mathFn('EXP', Math.exp) },
  LN: { min: 1, max: 1, f: mathFn('LN', Math.log) },
  LOG: { min: 1, max: 1, f: mathFn('LOG', Math.log10) },
  POWER: {
    min: 2, max: 2,
    f: (a) => {
      const x = num(a[0]!, 'POWER');
      const y = num(a[1]!, 'POWER');
      return R(x === null || y === null ? null : Math.pow(x, y));
    },
  },
  ROUND: {
    min: 2, max: 2,
    f: (a) => {
      const x = num(a[0]!, 'ROUND');
      const n = num(a[1]!, 'ROUND');
      if (x === null || n === null) return { type: a[0]!.type, value: null };
      const f = Math.pow(10, n);
      return { type: a[0]!.type, value: Math.sign(x) * Math.round(Math.abs(x) * f) / f };
    },
  },
  ISNULL: { min: 1, max: 1, f: (a) => ({ type: 'DT_BOOL', value: a[0]!.value === null }) },
  REPLACENULL: {
    min: 2, max: 2,
    f: (a) => (a[0]!.value === null ? convert(a[1]!, a[0]!.type === 'DT_NULL' ? a[1]!.type : (a[0]!.type as DtType)) : a[0]!),
  },
};

export function callFunction(name: string, args: readonly TypedValue[], now: () => Date): TypedValue {
  const fn = FUNCTIONS[name];
  if (!fn) throw new RuntimeError(`The function "${name}" was not recognized. Either the function name is incorrect or does not exist.`);
  if (args.length < fn.min || args.length > fn.max) throw new RuntimeError(`The function "${name}" requires ${fn.min === fn.max ? fn.min : `${fn.min} to ${fn.max}`} parameters, not ${args.length}.`);
  return fn.f(args, now);
}

