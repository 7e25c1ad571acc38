/** Small lookups over the reader's tree. Names are matched by namespace URI and local name, never by prefix. */
import type { XmlAttribute, XmlElement } from './types.js';

/** Child elements, optionally filtered by local name and namespace (undefined ns = any namespace). */
export function childElements(el: XmlElement, local?: string, ns?: string | null): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) {
    if (c.kind !== 'element') continue;
    if (local !== undefined && c.local !== local) continue;
    if (ns !== undefined && c.ns !== ns) continue;
    out.push(c);
  }
  return out;
}

export function firstChild(el: XmlElement, local: string, ns?: string | null): XmlElement | null {
  for (const c of el.children) {
    if (c.kind === 'element' && c.local === local && (ns === undefined || c.ns === ns)) return c;
  }
  return null;
}

/** Follows a path of local names (same namespace rule for each step). */
export function descend(el: XmlElement, path: readonly string[], ns?: string | null): XmlElement | null {
  let cur: XmlElement | null = el;
  for (const step of path) {
    if (!cur) return null;
    cur = firstChild(cur, step, ns);
  }
  return cur;
}

/** All descendant elements with this local name and namespace, in document order. */
export function findAll(el: XmlElement, local: string, ns?: string | null, out: XmlElement[] = []): XmlElement[] {
  for (const c of el.children) {
    if (c.kind !== 'element') continue;
    if (c.local === local && (ns === undefined || c.ns === ns)) out.push(c);
    findAll(c, local, ns, out);
  }
  return out;
}

/** Attribute by local name; ns undefined = any namespace, null = unprefixed only. */
export function getAttribute(el: XmlElement, local: string, ns?: string | null): XmlAttribute | null {
  for (const a of el.attributes) {
    if (a.local === local && (ns === undefined || a.ns === ns)) return a;
  }
  return null;
}

export function attrValue(el: XmlElement, local: string, ns?: string | null): string | null {
  return getAttribute(el, local, ns)?.value ?? null;
}

/** Concatenated text and CDATA content of the element's direct children. */
export function textContent(el: XmlElement): string {
  let s = '';
  for (const c of el.children) if (c.kind === 'text' || c.kind === 'cdata') s += c.text;
  return s;
}

/** The prefix the document uses for a namespace URI, as seen from `el` (null when it is the default). */
export function prefixFor(el: XmlElement, ns: string): string | null {
  if (el.ns === ns) return el.prefix;
  for (const a of el.attributes) if (a.ns === ns) return a.prefix;
  return null;
}
