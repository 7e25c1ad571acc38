/**
 * Parameter values of a build configuration. A .dtproj configuration may hold values for project and package
 * parameters (`Options/ParameterConfigurationValues/ConfigurationSetting`: Id = the parameter's ID, Name =
 * "Project::X" or "<package name without .dtsx>::X", Value); building that configuration puts those values
 * into the .ispac: Project.params, the package's DTS:PackageParameter and the manifest's package metadata.
 * Sensitive parameters are left alone (their values are encrypted and live in the .dtproj.user).
 */
import { applyEdits, escapeText, type TextEdit } from '../../xml/edit.js';
import { parseXml } from '../../xml/reader.js';
import { attrValue, childElements, descend, firstChild, textContent } from '../../xml/query.js';
import type { XmlElement } from '../../xml/types.js';
import type { ParsedDtproj } from '../dtproj.js';
import { NS_DTS, NS_SSIS } from '../namespaces.js';

const NS_XSI = 'http://www.w3.org/2001/XMLSchema-instance';

export interface ParameterValue {
  /** The parameter's ID (a GUID in braces), compared case-insensitively. */
  readonly id: string;
  /** "Project" or the package name without .dtsx. */
  readonly scope: string;
  readonly name: string;
  readonly value: string;
}

/** The parameter values the named configuration sets (its LastModifiedTime stamp is not a parameter). */
export function configurationParameterValues(p: ParsedDtproj, configurationName: string): ParameterValue[] {
  const holder = firstChild(p.doc.root, 'Configurations');
  const config = holder ? childElements(holder, 'Configuration').find((c) => textContent(firstChild(c, 'Name') ?? c).trim() === configurationName) : undefined;
  const settings = config ? descend(config, ['Options', 'ParameterConfigurationValues']) : null;
  if (!settings) return [];
  const out: ParameterValue[] = [];
  for (const s of childElements(settings, 'ConfigurationSetting')) {
    const full = textContent(firstChild(s, 'Name') ?? s).trim();
    const cut = full.lastIndexOf('::');
    const valueEl = firstChild(s, 'Value');
    if (cut <= 0 || !valueEl || attrValue(valueEl, 'nil', NS_XSI) === 'true') continue;
    out.push({ id: textContent(firstChild(s, 'Id') ?? s).trim(), scope: full.slice(0, cut), name: full.slice(cut + 2), value: textContent(valueEl) });
  }
  return out;
}

const sameId = (a: string | null, b: string) => a !== null && a.trim().toLowerCase() === b.toLowerCase();

function findValue(values: readonly ParameterValue[], id: string | null, name: string | null): ParameterValue | undefined {
  return values.find((v) => sameId(id, v.id)) ?? values.find((v) => v.name === name);
}

/** Splices `value` as the text of `el` when it differs. */
function textEdit(src: string, el: XmlElement, value: string): TextEdit | null {
  if (textContent(el) === value) return null;
  if (el.selfClosing) return { start: el.start, end: el.end, text: `${src.slice(el.start, el.end).replace(/\s*\/>$/, '>')}${escapeText(value)}</${el.name}>` };
  return { start: el.startTagEnd, end: el.endTagStart, text: escapeText(value) };
}

function ssisProperty(props: XmlElement | null, name: string): XmlElement | null {
  return props ? (childElements(props, 'Property', NS_SSIS).find((p) => attrValue(p, 'Name', NS_SSIS) === name) ?? null) : null;
}

/** Edits of `SSIS:Parameter` elements (Project.params, manifest package metadata) for the given values. */
export function ssisParameterEdits(src: string, parameters: readonly XmlElement[], values: readonly ParameterValue[]): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const param of parameters) {
    const props = firstChild(param, 'Properties', NS_SSIS);
    if (textContent(ssisProperty(props, 'Sensitive') ?? param).trim() === '1') continue;
    const v = findValue(values, ssisProperty(props, 'ID') && textContent(ssisProperty(props, 'ID')!), attrValue(param, 'Name', NS_SSIS));
    const valueEl = ssisProperty(props, 'Value');
    const e = v && valueEl ? textEdit(src, valueEl, v.value) : null;
    if (e) edits.push(e);
  }
  return edits;
}

/** Project.params with the configuration's "Project::" values. */
export function applyProjectParameterValues(text: string, values: readonly ParameterValue[]): string {
  const mine = values.filter((v) => v.scope === 'Project');
  if (mine.length === 0) return text;
  const doc = parseXml(text);
  return applyEdits(text, ssisParameterEdits(text, childElements(doc.root, 'Parameter', NS_SSIS), mine));
}

/** A package's text with its parameters' design values set from the configuration (format 6/8 packages). */
export function applyPackageParameterValues(text: string, packageStem: string, values: readonly ParameterValue[]): string {
  const mine = values.filter((v) => v.scope.toLowerCase() === packageStem.toLowerCase());
  if (mine.length === 0) return text;
  const doc = parseXml(text);
  const holder = doc.root.ns === NS_DTS ? firstChild(doc.root, 'PackageParameters', NS_DTS) : null;
  if (!holder) return text;
  const edits: TextEdit[] = [];
  for (const param of childElements(holder, 'PackageParameter', NS_DTS)) {
    if ((attrValue(param, 'Sensitive', NS_DTS) ?? '').toLowerCase() === 'true') continue;
    const v = findValue(mine, attrValue(param, 'DTSID', NS_DTS), attrValue(param, 'ObjectName', NS_DTS));
    const valueEl = childElements(param, 'Property', NS_DTS).find((p) => attrValue(p, 'Name', NS_DTS) === 'ParameterValue');
    const e = v && valueEl ? textEdit(text, valueEl, v.value) : null;
    if (e) edits.push(e);
  }
  return applyEdits(text, edits);
}
