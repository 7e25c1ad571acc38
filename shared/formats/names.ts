/** Package name rules, as Visual Studio's Solution Explorer applies them on Rename and New SSIS Package. */

const INVALID_CHARS = /[<>:"/\\|?*]/;
const hasControlChar = (s: string): boolean => [...s].some((c) => c.charCodeAt(0) < 32);
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/** Returns null when `name` (a file name ending in .dtsx) is acceptable, otherwise the reason. */
export function validatePackageFileName(name: string, existing: readonly string[], except?: string): string | null {
  if (name.trim() === '') return 'The package name cannot be empty.';
  if (name !== name.trim()) return 'The package name cannot start or end with a space.';
  if (!/\.dtsx$/i.test(name)) return 'The package file name must end with ".dtsx".';
  const stem = name.slice(0, -5);
  if (stem.trim() === '') return 'The package name cannot be empty.';
  if (hasControlChar(name)) return 'The package name cannot contain control characters.';
  const bad = INVALID_CHARS.exec(name);
  if (bad) return `The package name cannot contain the character ${JSON.stringify(bad[0])}. Names cannot contain < > : " / \\ | ? * or control characters.`;
  if (/[. ]$/.test(stem)) return 'The package name cannot end with a period or a space.';
  if (RESERVED.test(stem)) return `"${stem}" is a reserved device name on Windows.`;
  if (name.length > 255) return 'The package name is longer than 255 characters.';
  const lower = name.toLowerCase();
  if (existing.some((e) => e.toLowerCase() === lower && e.toLowerCase() !== except?.toLowerCase())) {
    return `A package named "${name}" already exists in the project.`;
  }
  return null;
}

/** Adds ".dtsx" when the user typed a bare name (Visual Studio does the same on rename). */
export function withDtsxExtension(name: string): string {
  return /\.dtsx$/i.test(name.trim()) ? name.trim() : `${name.trim()}.dtsx`;
}

/** The next free "Package1.dtsx", "Package2.dtsx", ... name. */
export function nextPackageName(existing: readonly string[], stem = 'Package'): string {
  const taken = new Set(existing.map((e) => e.toLowerCase()));
  for (let i = 1; ; i++) {
    const n = `${stem}${i}.dtsx`;
    if (!taken.has(n.toLowerCase())) return n;
  }
}
