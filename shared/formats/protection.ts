/** Protection level codes and names as SSIS writes them (integer in .dtsx, enum name in the manifest). */
import { PROTECTION_LEVEL_NAMES, type ProtectionLevel } from '../model/solution.js';

export function protectionLevelFromName(name: string | null): ProtectionLevel | null {
  if (name === null) return null;
  const trimmed = name.trim();
  const byName = PROTECTION_LEVEL_NAMES.indexOf(trimmed);
  if (byName !== -1) return byName as ProtectionLevel;
  return protectionLevelFromCode(trimmed);
}

export function protectionLevelFromCode(code: string | null): ProtectionLevel | null {
  if (code === null) return null;
  const n = Number(code.trim());
  return Number.isInteger(n) && n >= 0 && n <= 5 ? (n as ProtectionLevel) : null;
}

export function protectionLevelName(level: ProtectionLevel | null): string | null {
  return level === null ? null : (PROTECTION_LEVEL_NAMES[level] ?? null);
}

export function isPasswordLevel(level: ProtectionLevel | null): boolean {
  return level === 2 || level === 3;
}
