/** DECIMAL/NUMERIC (sign byte + little-endian magnitude) and MONEY (scaled by 10,000) wire encodings. */

/** Value bytes after the sign byte for a precision (1..38). */
export function decimalMagnitudeLength(precision: number): number {
  return precision <= 9 ? 4 : precision <= 19 ? 8 : precision <= 28 ? 12 : 16;
}

export function decimalFromWire(positive: boolean, magnitude: Buffer, scale: number): number {
  let v = 0n;
  for (let i = magnitude.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(magnitude[i]!);
  const text = v.toString().padStart(scale + 1, '0');
  const n = Number(scale > 0 ? `${text.slice(0, -scale)}.${text.slice(-scale)}` : text);
  return positive ? n : -n;
}

/** Encodes a number or numeric string at a scale; returns sign and magnitude bytes of the given length. */
export function decimalToWire(value: number | string | bigint, scale: number, length: number): { positive: boolean; magnitude: Buffer } {
  const text = typeof value === 'number' ? value.toFixed(scale) : String(value).trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new TypeError(`'${text}' is not a number`);
  const frac = (m[3] ?? '').padEnd(scale, '0').slice(0, scale);
  let v = BigInt((m[2] || '0') + frac);
  const positive = m[1] !== '-' || v === 0n;
  const magnitude = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    magnitude[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n) throw new RangeError(`${text} does not fit the decimal precision`);
  return { positive, magnitude };
}

export function moneyFromWire(high: number, low: number): number {
  return Number((BigInt(high) << 32n) | BigInt(low >>> 0)) / 10_000;
}

export function moneyToWire(value: number): { high: number; low: number } {
  const v = BigInt(Math.round(value * 10_000));
  return { high: Number(BigInt.asIntN(32, v >> 32n)), low: Number(v & 0xffffffffn) };
}
