/** Small helpers to read bound arguments. */
import type { ProcCall } from '../core/procedure.js';

export function str(call: ProcCall, name: string): string | null {
  const v = call.args.get(name);
  return v === null || v === undefined ? null : String(v);
}

/** Trimmed text where N'' counts as NULL (what several msdb procedures do). */
export function name(call: ProcCall, param: string): string | null {
  const v = str(call, param);
  if (v === null) return null;
  const t = v.trim();
  return t === '' ? null : t;
}

export function num(call: ProcCall, name: string): number | null {
  const v = call.args.get(name);
  if (v === null || v === undefined) return null;
  return Number(v);
}

export function numOr(call: ProcCall, name: string, fallback: number): number {
  return num(call, name) ?? fallback;
}

export function passedNonNull(call: ProcCall, name: string): boolean {
  return call.passed.has(name) && call.args.get(name) !== null;
}
