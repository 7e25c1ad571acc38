/**
 * The zip container of an .ispac (Deflate, no folders). Entry times are fixed so that building the same
 * files twice gives the same bytes: deploying an unchanged project then changes nothing.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';

/** 1980-01-01 00:00 local time, the earliest a zip (DOS) timestamp can hold. */
const FIXED_TIME = new Date(1980, 0, 1);

export interface ZipPart {
  /** The entry name, already a part name (see part-name.ts). */
  readonly name: string;
  readonly data: Uint8Array;
}

export function zipParts(parts: readonly ZipPart[]): Uint8Array {
  const entries: Zippable = {};
  for (const p of parts) {
    if (Object.prototype.hasOwnProperty.call(entries, p.name)) throw new Error(`Two files would be stored as the same part "${p.name}"`);
    entries[p.name] = [p.data, { level: 6, mtime: FIXED_TIME }];
  }
  return zipSync(entries);
}

/** Entry name → bytes, in the order stored. Throws when `bytes` is not a valid zip. */
export function unzipParts(bytes: Uint8Array): Map<string, Uint8Array> {
  return new Map(Object.entries(unzipSync(bytes)));
}
