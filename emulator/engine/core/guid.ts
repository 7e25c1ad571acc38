/** uniqueidentifier helpers: canonical text (upper case, as SQL Server prints it) and binary(16) order. */
import { randomUUID } from 'node:crypto';

const GUID_RE = /^\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;

export function newGuid(): string {
  return randomUUID().toUpperCase();
}

/** Canonical upper-case text, or null when `text` is not a GUID. */
export function parseGuid(text: string): string | null {
  const m = GUID_RE.exec(text.trim());
  if (!m) return null;
  return `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}`.toUpperCase();
}

/**
 * binary(16) → uniqueidentifier. SQL Server stores the first three groups little-endian, so a job id kept
 * in a BINARY(16) variable (as SSMS scripts do) reads back with those groups byte-swapped.
 */
export function guidFromBytes(b: Buffer): string {
  const hex = (from: number, to: number, reverse: boolean) => {
    const part = Buffer.from(b.subarray(from, to));
    if (reverse) part.reverse();
    return part.toString('hex');
  };
  return `${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10, false)}-${hex(10, 16, false)}`.toUpperCase();
}
