/**
 * What a drag from the Solution Explorer carries: the dragged packages as JSON under our own MIME type only,
 * so only the Servers pane accepts it. No text/plain on purpose: a text field or another application would
 * take the drop as text.
 */
import type { PackageRef } from '../../store/types.js';

export const PACKAGES_MIME = 'application/x-ssisd-packages+json';

export function writePackagesDrag(data: DataTransfer, refs: readonly PackageRef[]): void {
  data.setData(PACKAGES_MIME, JSON.stringify(refs.map((r) => ({ projectPath: r.projectPath, packageName: r.packageName }))));
  data.effectAllowed = 'copy';
}

/** During dragover only the types can be read (the data is hidden until drop). */
export function carriesPackages(data: DataTransfer | null): boolean {
  return data !== null && Array.from(data.types).includes(PACKAGES_MIME);
}

export function readPackagesDrag(data: DataTransfer | null): PackageRef[] {
  const text = data?.getData(PACKAGES_MIME);
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (r): r is PackageRef => typeof r === 'object' && r !== null && typeof (r as PackageRef).projectPath === 'string' && typeof (r as PackageRef).packageName === 'string',
    );
  } catch {
    return [];
  }
}
