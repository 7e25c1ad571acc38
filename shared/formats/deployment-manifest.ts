/**
 * The legacy package deployment utility's `<Project>.SSISDeploymentManifest` (package deployment model):
 * one element per file copied next to it, names relative to that folder. The Package Installation Wizard
 * (dtsinstall.exe) reads it; so can a tool that deploys each package with sp_ssis_putpackage or for /FILE.
 * Also: which `.dtsConfig` files a package names (XML configurations, type 1), since the utility copies them.
 */
import { escapeAttr, escapeText } from '../xml/edit.js';
import { parseXml } from '../xml/reader.js';
import { attrValue, childElements, firstChild, textContent } from '../xml/query.js';
import type { XmlDocument, XmlElement } from '../xml/types.js';
import { NS_DTS } from './namespaces.js';

export interface DeploymentManifest {
  readonly generatedBy: string;
  readonly generatedFromProjectName: string;
  /** As written: local time with 7 fractional digits and the UTC offset, e.g. 2006-02-24T13:29:02.6537669-08:00. */
  readonly generatedDate: string;
  readonly allowConfigurationChanges: boolean;
  readonly packages: readonly string[];
  readonly configurationFiles: readonly string[];
  readonly miscellaneousFiles: readonly string[];
}

/** .NET's round-trip ("o") format of a local time, which is how the utility stamps GeneratedDate. */
export function roundTripLocalDate(d: Date): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const offset = -d.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const frac = `${pad(d.getMilliseconds(), 3)}0000`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${frac}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export function deploymentManifestXml(m: DeploymentManifest, newline: '\r\n' | '\n' = '\r\n'): string {
  const el = (tag: string, v: string) => `  <${tag}>${escapeText(v)}</${tag}>`;
  return [
    '<?xml version="1.0"?>',
    `<DTSDeploymentManifest GeneratedBy="${escapeAttr(m.generatedBy)}" GeneratedFromProjectName="${escapeAttr(m.generatedFromProjectName)}" GeneratedDate="${escapeAttr(m.generatedDate)}" AllowConfigurationChanges="${m.allowConfigurationChanges ? 'true' : 'false'}">`,
    ...m.packages.map((p) => el('Package', p)),
    ...m.configurationFiles.map((c) => el('ConfigurationFile', c)),
    ...m.miscellaneousFiles.map((f) => el('MiscellaneousFile', f)),
    '</DTSDeploymentManifest>',
    '',
  ].join(newline);
}

/** Reads a deployment manifest. Throws XmlError or Error when it is not one. */
export function parseDeploymentManifest(text: string): DeploymentManifest {
  const root = parseXml(text).root;
  if (root.local !== 'DTSDeploymentManifest') throw new Error(`Not an SSIS deployment manifest: the root element is <${root.name}>`);
  const list = (tag: string) => childElements(root, tag).map((e) => textContent(e).trim());
  return {
    generatedBy: attrValue(root, 'GeneratedBy') ?? '',
    generatedFromProjectName: attrValue(root, 'GeneratedFromProjectName') ?? '',
    generatedDate: attrValue(root, 'GeneratedDate') ?? '',
    allowConfigurationChanges: (attrValue(root, 'AllowConfigurationChanges') ?? 'true').toLowerCase() !== 'false',
    packages: list('Package'),
    configurationFiles: list('ConfigurationFile'),
    miscellaneousFiles: list('MiscellaneousFile'),
  };
}

/** A DTS property from an attribute (format 6/8) or a `<DTS:Property DTS:Name=…>` child (format 2/3). */
function dtsProperty(el: XmlElement, name: string): string | null {
  const a = attrValue(el, name, NS_DTS);
  if (a !== null) return a;
  const p = childElements(el, 'Property', NS_DTS).find((x) => attrValue(x, 'Name', NS_DTS) === name);
  return p ? textContent(p) : null;
}

/**
 * The file paths of a package's XML configurations (ConfigurationType 1), as written (often absolute Windows
 * paths). Whole-file encrypted packages name none that can be read.
 */
export function packageConfigurationFiles(doc: XmlDocument): string[] {
  const root = doc.root;
  if (root.local !== 'Executable' || root.ns !== NS_DTS) return [];
  const holder = firstChild(root, 'Configurations', NS_DTS);
  const configs = [...(holder ? childElements(holder, 'Configuration', NS_DTS) : []), ...childElements(root, 'Configuration', NS_DTS)];
  const out: string[] = [];
  for (const c of configs) {
    if ((dtsProperty(c, 'ConfigurationType') ?? '0').trim() !== '1') continue;
    const path = (dtsProperty(c, 'ConfigurationString') ?? '').trim();
    if (path && !out.includes(path)) out.push(path);
  }
  return out;
}
