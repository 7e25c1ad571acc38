/**
 * `[Content_Types].xml` of an .ispac: one Default per file extension, every part is text/xml. It is the only
 * part written with a UTF-8 byte order mark (System.IO.Packaging writes it that way); there is no `_rels/`.
 */

const NS_CONTENT_TYPES = 'http://schemas.openxmlformats.org/package/2006/content-types';
/** The order Visual Studio's packages list them in. */
const KNOWN_ORDER = ['dtsx', 'conmgr', 'params', 'manifest'];

/** `extensions` are the extensions of the parts present (without the dot); duplicates differing in case count once. */
export function contentTypesXml(extensions: readonly string[]): string {
  const seen = new Map<string, string>();
  for (const e of extensions) if (!seen.has(e.toLowerCase())) seen.set(e.toLowerCase(), e);
  const ordered = [...seen.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const defaults = ordered.map((e) => `<Default Extension="${escape(seen.get(e)!)}" ContentType="text/xml" />`).join('');
  return `\uFEFF<?xml version="1.0" encoding="utf-8"?><Types xmlns="${NS_CONTENT_TYPES}">${defaults}</Types>`;
}

function rank(ext: string): number {
  const i = KNOWN_ORDER.indexOf(ext);
  return i === -1 ? KNOWN_ORDER.length : i;
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot === -1 ? '' : fileName.slice(dot + 1);
}
