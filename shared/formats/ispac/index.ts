/**
 * Writing an .ispac (SSIS project deployment file) from files already read: pure, no file system. The
 * Node side (electron/services/build) reads the .dtproj and its files and calls ispacBytes.
 */
import { strToU8 } from 'fflate';
import { contentTypesXml, extensionOf } from './content-types.js';
import { ispacPartName } from './part-name.js';
import { zipParts, type ZipPart } from './zip.js';

export { contentTypesXml } from './content-types.js';
export { ispacManifestXml } from './manifest.js';
export { fileNameFromPartName, ispacPartName } from './part-name.js';
export { unzipParts, zipParts, type ZipPart } from './zip.js';
export { projectConfiguration, type ProjectConfiguration } from './configuration.js';
export { applyPackageParameterValues, applyProjectParameterValues, configurationParameterValues, type ParameterValue } from './parameter-values.js';

export const MANIFEST_PART = '@Project.manifest';
export const PROJECT_PARAMS_PART = 'Project.params';
export const CONTENT_TYPES_PART = '[Content_Types].xml';

/** What a project without parameters gets (Visual Studio writes the part even when empty). */
export const EMPTY_PROJECT_PARAMS = '<?xml version="1.0"?>\r\n<SSIS:Parameters xmlns:SSIS="www.microsoft.com/SqlServer/SSIS" />';

export interface IspacFile {
  /** File name as the manifest lists it, e.g. "Load Orders.dtsx". */
  readonly name: string;
  readonly data: Uint8Array;
}

export interface IspacInput {
  /** The @Project.manifest text (see ispacManifestXml). */
  readonly manifest: string;
  /** Project.params bytes as on disk; null writes an empty parameter list. */
  readonly projectParams: Uint8Array | null;
  readonly packages: readonly IspacFile[];
  readonly connectionManagers: readonly IspacFile[];
}

/** The .ispac bytes: manifest, Project.params, packages, connection managers, then [Content_Types].xml. */
export function ispacBytes(input: IspacInput): Uint8Array {
  const parts: ZipPart[] = [
    { name: MANIFEST_PART, data: strToU8(input.manifest.replace(/^\uFEFF/, '')) },
    { name: PROJECT_PARAMS_PART, data: input.projectParams ?? strToU8(EMPTY_PROJECT_PARAMS) },
    ...input.packages.map((f) => ({ name: ispacPartName(f.name), data: f.data })),
    ...input.connectionManagers.map((f) => ({ name: ispacPartName(f.name), data: f.data })),
  ];
  const lower = new Set<string>();
  for (const p of parts) {
    const key = p.name.toLowerCase();
    // OPC part names compare case-insensitively: two would collide inside the package.
    if (lower.has(key)) throw new Error(`Two files would be stored as the same part "${p.name}" (part names ignore case)`);
    lower.add(key);
  }
  const types = contentTypesXml(parts.map((p) => extensionOf(p.name)));
  return zipParts([...parts, { name: CONTENT_TYPES_PART, data: strToU8(types) }]);
}
