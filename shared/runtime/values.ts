/**
 * Typed values of the SSIS runtime: variables, parameters and expression results each carry an SSIS data type
 * (DT_WSTR, DT_I4, ...), because conversions, arithmetic and comparisons follow the type, not the JS value.
 */

export type DtType =
  | 'DT_WSTR' | 'DT_STR' | 'DT_NTEXT' | 'DT_TEXT' | 'DT_GUID'
  | 'DT_I1' | 'DT_I2' | 'DT_I4' | 'DT_I8' | 'DT_UI1' | 'DT_UI2' | 'DT_UI4' | 'DT_UI8'
  | 'DT_R4' | 'DT_R8' | 'DT_NUMERIC' | 'DT_DECIMAL' | 'DT_CY'
  | 'DT_BOOL'
  | 'DT_DATE' | 'DT_DBDATE' | 'DT_DBTIMESTAMP' | 'DT_DBTIMESTAMP2' | 'DT_DBTIME' | 'DT_DBTIME2' | 'DT_FILETIME'
  /** A variable of type Object (ADO recordset, collection); expressions cannot use it. */
  | 'DT_OBJECT'
  | 'DT_NULL';

/** A rowset held in an Object variable (Execute SQL Task full result set), enumerated by the Foreach ADO enumerator. */
export interface RowSet {
  readonly kind: 'rowset';
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

export type RawValue = string | number | boolean | Date | RowSet | readonly unknown[] | null;

export interface TypedValue {
  readonly type: DtType;
  /** null = the SSIS NULL of that type. */
  readonly value: RawValue;
}

export class RuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeError';
  }
}

const STRINGS = new Set<DtType>(['DT_WSTR', 'DT_STR', 'DT_NTEXT', 'DT_TEXT', 'DT_GUID']);
const INTEGERS = new Set<DtType>(['DT_I1', 'DT_I2', 'DT_I4', 'DT_I8', 'DT_UI1', 'DT_UI2', 'DT_UI4', 'DT_UI8']);
const REALS = new Set<DtType>(['DT_R4', 'DT_R8', 'DT_NUMERIC', 'DT_DECIMAL', 'DT_CY']);
const DATES = new Set<DtType>(['DT_DATE', 'DT_DBDATE', 'DT_DBTIMESTAMP', 'DT_DBTIMESTAMP2', 'DT_DBTIME', 'DT_DBTIME2', 'DT_FILETIME']);

export const isStringType = (t: DtType): boolean => STRINGS.has(t);
export const isIntegerType = (t: DtType): boolean => INTEGERS.has(t);
export const isNumericType = (t: DtType): boolean => INTEGERS.has(t) || REALS.has(t);
export const isRealType = (t: DtType): boolean => REALS.has(t);
export const isDateType = (t: DtType): boolean => DATES.has(t);
export const KNOWN_TYPES: ReadonlySet<string> = new Set<string>([...STRINGS, ...INTEGERS, ...REALS, ...DATES, 'DT_BOOL', 'DT_BYTES', 'DT_IMAGE']);

const INT_RANGES: Partial<Record<DtType, [number, number]>> = {
  DT_I1: [-128, 127], DT_I2: [-32768, 32767], DT_I4: [-2147483648, 2147483647], DT_I8: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  DT_UI1: [0, 255], DT_UI2: [0, 65535], DT_UI4: [0, 4294967295], DT_UI8: [0, Number.MAX_SAFE_INTEGER],
};

/**
 * Variable data types as .dtsx writes them (DTS:DataType, a VARIANT type code), and parameter data types
 * (.params / DTS:PackageParameter, a .NET TypeCode). Both map to the SSIS type the runtime uses.
 */
const VARIANT_TYPES: Readonly<Record<number, DtType>> = {
  2: 'DT_I2', 3: 'DT_I4', 4: 'DT_R4', 5: 'DT_R8', 6: 'DT_CY', 7: 'DT_DBTIMESTAMP', 8: 'DT_WSTR', 11: 'DT_BOOL', 13: 'DT_OBJECT',
  14: 'DT_DECIMAL', 16: 'DT_I1', 17: 'DT_UI1', 18: 'DT_UI2', 19: 'DT_UI4', 20: 'DT_I8', 21: 'DT_UI8', 22: 'DT_I4', 23: 'DT_UI4',
};
const TYPE_CODES: Readonly<Record<number, DtType>> = {
  3: 'DT_BOOL', 5: 'DT_I1', 6: 'DT_UI1', 7: 'DT_I2', 8: 'DT_UI2', 9: 'DT_I4', 10: 'DT_UI4', 11: 'DT_I8', 12: 'DT_UI8',
  13: 'DT_R4', 14: 'DT_R8', 15: 'DT_DECIMAL', 16: 'DT_DBTIMESTAMP', 18: 'DT_WSTR', 1: 'DT_OBJECT',
};

export function typeOfVariant(code: number): DtType {
  return VARIANT_TYPES[code] ?? 'DT_WSTR';
}

export function typeOfTypeCode(code: number): DtType {
  return TYPE_CODES[code] ?? 'DT_WSTR';
}
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** SSIS's string form of a date: `yyyy-mm-dd hh:mm:ss[.fff]` (DT_DBDATE: date only). */
export function formatDate(d: Date, type: DtType = 'DT_DBTIMESTAMP'): string {
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  if (type === 'DT_DBDATE') return date;
  const ms = d.getMilliseconds();
  return `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${ms ? `.${pad(ms, 3)}` : ''}`;
}

/** Reads the date forms SSIS accepts: ISO (`2024-01-31[ T]13:45[:00[.123]]`) and US `1/31/2024 1:45:00 PM`. */
export function parseDate(text: string): Date | null {
  const s = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?Z?$/.exec(s);
  if (m) return new Date(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7] ? Math.round(+`0.${m[7]}` * 1000) : 0);
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?$/i.exec(s);
  if (m) {
    let h = +(m[4] ?? 0);
    if (m[7]?.toUpperCase() === 'PM' && h < 12) h += 12;
    if (m[7]?.toUpperCase() === 'AM' && h === 12) h = 0;
    return new Date(+m[3]!, +m[1]! - 1, +m[2]!, h, +(m[5] ?? 0), +(m[6] ?? 0));
  }
  return null;
}

/** The text a value shows as (Output messages, string casts). Booleans are True/False as .NET writes them. */
export function valueToString(v: TypedValue): string {
  const x = v.value;
  if (x === null) return '';
  if (typeof x === 'boolean') return x ? 'True' : 'False';
  if (x instanceof Date) return formatDate(x, v.type);
  if (typeof x === 'object') return 'System.Object';
  return String(x);
}

function toNumber(v: TypedValue, target: DtType): number {
  const x = v.value;
  if (typeof x === 'number') return x;
  // SSIS casts TRUE to -1 and FALSE to 0.
  if (typeof x === 'boolean') return x ? -1 : 0;
  if (typeof x === 'string') {
    const t = x.trim();
    if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  }
  if (x instanceof Date) return x.getTime();
  throw new RuntimeError(`The value "${valueToString(v)}" cannot be converted to ${target}.`);
}

/** Converts a value to another SSIS type as a cast does; throws RuntimeError when it cannot. */
export function convert(v: TypedValue, target: DtType, length?: number): TypedValue {
  if (target === 'DT_NULL' || target === 'DT_OBJECT') return { type: target, value: v.value };
  if (v.value === null) return { type: target, value: null };
  if (v.type === 'DT_OBJECT') throw new RuntimeError(`A variable of type Object cannot be converted to ${target}.`);
  if (isStringType(target)) {
    const s = valueToString(v);
    if (length !== undefined && length > 0 && s.length > length) throw new RuntimeError(`The result of the cast to ${target} (${length}) is longer than ${length} characters: "${s}".`);
    return { type: target, value: s };
  }
  if (isIntegerType(target)) {
    const raw = toNumber(v, target);
    // Reals round to the nearest integer; other sources must already be whole numbers.
    const n = isRealType(v.type) ? Math.round(raw) : raw;
    if (!Number.isInteger(n)) throw new RuntimeError(`The value "${valueToString(v)}" cannot be converted to ${target}.`);
    const [lo, hi] = INT_RANGES[target]!;
    if (n < lo || n > hi) throw new RuntimeError(`The value ${n} is out of range for ${target}.`);
    return { type: target, value: n };
  }
  if (isRealType(target)) return { type: target, value: toNumber(v, target) };
  if (target === 'DT_BOOL') {
    const x = v.value;
    if (typeof x === 'boolean') return { type: target, value: x };
    if (typeof x === 'number') return { type: target, value: x !== 0 };
    if (typeof x === 'string') {
      const t = x.trim().toLowerCase();
      if (t === 'true' || t === '1' || t === '-1') return { type: target, value: true };
      if (t === 'false' || t === '0') return { type: target, value: false };
    }
    throw new RuntimeError(`The value "${valueToString(v)}" cannot be converted to DT_BOOL.`);
  }
  if (isDateType(target)) {
    const x = v.value;
    let d: Date | null = null;
    if (x instanceof Date) d = new Date(x.getTime());
    else if (typeof x === 'string') d = parseDate(x);
    if (!d) throw new RuntimeError(`The value "${valueToString(v)}" cannot be converted to ${target}.`);
    if (target === 'DT_DBDATE') d.setHours(0, 0, 0, 0);
    return { type: target, value: d };
  }
  throw new RuntimeError(`Conversion to ${target} is not supported.`);
}

/** A value as stored in .dtsx text (DTS:VariableValue, ParameterValue) read into its type. */
export function fromStoredText(type: DtType, text: string): TypedValue {
  if (type === 'DT_OBJECT') return { type, value: null };
  if (isStringType(type)) return { type, value: text };
  if (type === 'DT_BOOL') {
    const t = text.trim().toLowerCase();
    return { type, value: t === '-1' || t === 'true' || t === '1' };
  }
  if (text.trim() === '') return { type, value: isDateType(type) ? new Date(1899, 11, 30) : 0 };
  return convert({ type: 'DT_WSTR', value: text }, type);
}
