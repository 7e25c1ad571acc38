/** Client-side check of a new package file name; the service checks again and its answer wins. */
import type { ProjectNode } from '../../../../shared/model/solution.js';

const INVALID = /[\\/:*?"<>|]/;

export function validatePackageName(name: string, project: ProjectNode | null, currentName: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'The name cannot be empty.';
  if (INVALID.test(trimmed)) return 'The name cannot contain any of these characters: \\ / : * ? " < > |';
  if (trimmed !== name) return 'The name cannot begin or end with a space.';
  if (!/\.dtsx$/i.test(trimmed) || trimmed.length === 5) return "A package name must end with '.dtsx'.";
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(trimmed)) return `'${trimmed}' is a reserved name.`;
  const clash = project?.packages.find((p) => p.name.toLowerCase() === trimmed.toLowerCase() && p.name.toLowerCase() !== currentName.toLowerCase());
  if (clash) return `A package named '${clash.name}' already exists in this project.`;
  return null;
}
