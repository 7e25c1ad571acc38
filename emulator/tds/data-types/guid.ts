/**
 * UNIQUEIDENTIFIER on the wire is mixed-endian: the first three groups (4, 2, 2 bytes) are little-endian,
 * the last two groups are in text order.
 */
const ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
const GUID_TEXT = /^\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;

export function isGuidText(s: string): boolean {
  return GUID_TEXT.test(s.trim());
}

/** Wire bytes → upper-case text 'XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX' (as SQL Server prints it). */
export function guidFromWire(bytes: Buffer): string {
  let hex = '';
  for (const i of ORDER) hex += bytes[i]!.toString(16).padStart(2, '0');
  hex = hex.toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Text (with or without braces/dashes) → 16 wire bytes; throws on anything else. */
export function guidToWire(text: string): Buffer {
  const m = GUID_TEXT.exec(text.trim());
  if (!m) throw new TypeError(`'${text}' is not a uniqueidentifier`);
  const plain = Buffer.from(m.slice(1).join(''), 'hex');
  const out = Buffer.allocUnsafe(16);
  ORDER.forEach((src, dst) => {
    out[dst] = plain[src]!;
  });
  return out;
}
