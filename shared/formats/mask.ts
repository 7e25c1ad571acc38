/**
 * Masks secrets for View Code: passwords inside connection strings, values of elements or attributes
 * marked Sensitive="1", password properties, and encrypted/DPAPI blobs. The result is for display only.
 */
const MASK = '********';

/** Masks `Password=...;` / `Pwd=...` pairs inside a connection string (quoted values included). */
export function maskConnectionString(cs: string): string {
  // The unquoted value stops at ';' and also at '"', '<' or a line end, so a password that is the last item of
  // a connection string inside an XML attribute does not swallow the rest of the document.
  return cs.replace(/(^|;|&quot;|\s)(\s*(?:password|pwd)\s*=\s*)("[^"]*"|'[^']*'|&quot;.*?&quot;|[^;"<\r\n]*)/gi, (_m, lead: string, key: string) => `${lead}${key}${MASK}`);
}

export function maskSecrets(xml: string): string {
  let out = maskConnectionString(xml);
  // Elements marked sensitive: <X ... Sensitive="1" ...>secret</X> (any prefix on the attribute).
  out = out.replace(/(<([\w:.-]+)\b[^>]*?\b(?:[\w.-]+:)?Sensitive="1"[^>]*?(?<!\/)>)([^<]*)(<\/\2>)/g, (_m, open: string, _n: string, body: string, close: string) =>
    body.trim() === '' ? `${open}${body}${close}` : `${open}${MASK}${close}`,
  );
  // Password properties written as elements: <DTS:Property DTS:Name="Password" ...>x</DTS:Property>.
  out = out.replace(/(<([\w:.-]+)\b[^>]*?\bName="[^"]*Password"[^>]*?(?<!\/)>)([^<]*)(<\/\2>)/gi, (_m, open: string, _n: string, body: string, close: string) =>
    body.trim() === '' ? `${open}${body}${close}` : `${open}${MASK}${close}`,
  );
  // Password attributes: DTS:Password="x", Password="x", ServerPassword="x".
  out = out.replace(/(\s(?:[\w.-]+:)?\w*Password=")([^"]+)(")/gi, (_m, a: string, _v: string, c: string) => `${a}${MASK}${c}`);
  // DPAPI blobs anywhere.
  out = out.replace(/AQAAANCMnd8BFdERjHoAwE\/Cl\+sB[A-Za-z0-9+/=]*/g, MASK);
  return out;
}
