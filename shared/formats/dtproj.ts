/**
 * .dtproj (Microsoft.DataTransformationServices project). The package list lives in the project manifest
 * (`SSIS:Project/SSIS:Packages`, project deployment model) or in `<DTSPackages>` (package model, pre-2012).
 * Nothing here rewrites the file: the edit functions return splices of the original text.
 */
import { parseXml } from '../xml/reader.js';
import { attrValue, childElements, descend, firstChild, getAttribute, textContent } from '../xml/query.js';
import type { XmlDocument, XmlElement } from '../xml/types.js';
import type { DeploymentModel, ProtectionLevel } from '../model/solution.js';
import { NS_SSIS } from './namespaces.js';
import { protectionLevelFromName } from './protection.js';

export interface DtprojPackageRef {
  /** File name as listed, e.g. "Child1.dtsx". */
  readonly name: string;
  /** Relative path (package model FullPath; same as name in the project model). */
  readonly fullPath: string;
  /** Project model: the SSIS:EntryPoint flag ("1" when absent, as Visual Studio treats it); null otherwise. */
  readonly entryPoint: boolean | null;
  readonly element: XmlElement;
}

export interface DtprojItemRef {
  readonly name: string;
  readonly fullPath: string;
}

export interface EncryptedManifest {
  readonly salt: string;
  readonly iv: string;
  /** xmlenc algorithm URI when written (AES); absent means Triple DES. */
  readonly algorithm: string | null;
  readonly cipherText: string;
}

export interface ParsedDtproj {
  readonly doc: XmlDocument;
  readonly deploymentModel: DeploymentModel | null;
  readonly productVersion: string | null;
  /** The SSIS:Project manifest element (project model), when present. */
  readonly manifest: XmlElement | null;
  readonly protectionLevel: ProtectionLevel | null;
  /** Set when the manifest body is ciphertext (EncryptAllWithPassword); packages are then unknown. */
  readonly encrypted: EncryptedManifest | null;
  readonly projectId: string | null;
  readonly projectName: string | null;
  readonly packages: readonly DtprojPackageRef[];
  readonly connectionManagers: readonly DtprojItemRef[];
  readonly packageParts: readonly DtprojItemRef[];
  readonly miscellaneous: readonly DtprojItemRef[];
  readonly configurations: readonly { name: string; targetServerVersion: string | null }[];
}

export class DtprojFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DtprojFormatError';
  }
}

function ssisProperty(props: XmlElement | null, name: string): string | null {
  if (!props) return null;
  for (const p of childElements(props, 'Property', NS_SSIS)) {
    if (attrValue(p, 'Name', NS_SSIS) === name) return textContent(p);
  }
  return null;
}

function projectItems(parent: XmlElement | null): DtprojItemRef[] {
  if (!parent) return [];
  return childElements(parent, 'ProjectItem').map((it) => {
    const name = textContent(firstChild(it, 'Name') ?? it).trim();
    const fullPath = textContent(firstChild(it, 'FullPath') ?? it).trim() || name;
    return { name, fullPath };
  });
}

/** Parses the manifest found in the .dtproj or decrypted from it. */
export function readManifest(manifest: XmlElement): Pick<ParsedDtproj, 'projectId' | 'projectName' | 'packages' | 'connectionManagers'> {
  const props = firstChild(manifest, 'Properties', NS_SSIS);
  const packagesEl = firstChild(manifest, 'Packages', NS_SSIS);
  const packages: DtprojPackageRef[] = packagesEl
    ? childElements(packagesEl, 'Package', NS_SSIS).map((el) => {
        const name = attrValue(el, 'Name', NS_SSIS) ?? '';
        const ep = attrValue(el, 'EntryPoint', NS_SSIS);
        return { name, fullPath: name, entryPoint: ep === null ? true : ep.trim() === '1' || ep.trim().toLowerCase() === 'true', element: el };
      })
    : [];
  const cmsEl = firstChild(manifest, 'ConnectionManagers', NS_SSIS);
  const connectionManagers = cmsEl
    ? childElements(cmsEl, 'ConnectionManager', NS_SSIS).map((el) => {
        const name = attrValue(el, 'Name', NS_SSIS) ?? '';
        return { name, fullPath: name };
      })
    : [];
  return { projectId: ssisProperty(props, 'ID'), projectName: ssisProperty(props, 'Name'), packages, connectionManagers };
}

/** Parses a .dtproj. Throws XmlError (with line:column) or DtprojFormatError. */
export function parseDtproj(text: string): ParsedDtproj {
  const doc = parseXml(text);
  const root = doc.root;
  if (root.local !== 'Project') throw new DtprojFormatError(`Not an SSIS project: the root element is <${root.name}>, expected <Project>`);
  const dm = firstChild(root, 'DeploymentModel');
  const dmText = dm ? textContent(dm).trim() : null;
  const manifestHolder = descend(root, ['DeploymentModelSpecificContent', 'Manifest']);
  const manifest = manifestHolder ? firstChild(manifestHolder, 'Project', NS_SSIS) : null;
  const deploymentModel: DeploymentModel | null =
    dmText === 'Project' || dmText === 'Package' ? dmText : manifest ? 'Project' : manifestHolder || firstChild(root, 'DTSPackages') ? 'Package' : null;

  let protectionLevel: ProtectionLevel | null = null;
  let encrypted: EncryptedManifest | null = null;
  let fromManifest: ReturnType<typeof readManifest> = { projectId: null, projectName: null, packages: [], connectionManagers: [] };
  if (manifest) {
    protectionLevel = protectionLevelFromName(attrValue(manifest, 'ProtectionLevel', NS_SSIS));
    const salt = getAttribute(manifest, 'Salt', NS_SSIS);
    const iv = getAttribute(manifest, 'IV', NS_SSIS);
    if (salt && iv && !firstChild(manifest, 'Packages', NS_SSIS)) {
      encrypted = { salt: salt.value, iv: iv.value, algorithm: attrValue(manifest, 'Algorithm', NS_SSIS), cipherText: textContent(manifest).trim() };
    } else {
      fromManifest = readManifest(manifest);
    }
  }
  let packages = fromManifest.packages;
  if (deploymentModel !== 'Project' || !manifest) {
    const dtsPackages = (manifestHolder && firstChild(manifestHolder, 'DTSPackages')) ?? firstChild(root, 'DTSPackages');
    packages = dtsPackages
      ? childElements(dtsPackages, 'DtsPackage').map((el) => {
          const name = textContent(firstChild(el, 'Name') ?? el).trim();
          const fullPath = textContent(firstChild(el, 'FullPath') ?? el).trim() || name;
          return { name, fullPath, entryPoint: null, element: el };
        })
      : [];
  }
  const configurations = childElements(firstChild(root, 'Configurations') ?? root, 'Configuration').map((c) => {
    const tsv = descend(c, ['Options', 'TargetServerVersion']);
    return { name: textContent(firstChild(c, 'Name') ?? c).trim(), targetServerVersion: tsv ? textContent(tsv).trim() || null : null };
  });
  const pv = firstChild(root, 'ProductVersion');
  return {
    doc,
    deploymentModel,
    productVersion: pv ? textContent(pv).trim() || null : null,
    manifest,
    protectionLevel,
    encrypted,
    projectId: fromManifest.projectId,
    projectName: fromManifest.projectName,
    packages,
    connectionManagers: fromManifest.connectionManagers,
    packageParts: projectItems(firstChild(root, 'ControlFlowParts')),
    miscellaneous: projectItems(firstChild(root, 'Miscellaneous')),
    configurations,
  };
}

export function targetServerVersion(p: ParsedDtproj): string | null {
  return p.configurations.find((c) => c.targetServerVersion)?.targetServerVersion ?? null;
}

/** Finds a listed package by file name, case-insensitively (Visual Studio on Windows does not care). */
export function findPackage(p: ParsedDtproj, name: string): DtprojPackageRef | null {
  return p.packages.find((x) => x.name === name) ?? p.packages.find((x) => x.name.toLowerCase() === name.toLowerCase()) ?? null;
}
