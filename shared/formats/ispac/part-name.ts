/**
 * .ispac part names. An .ispac is an Open Packaging Conventions container, and Visual Studio stores each file
 * under its part URI (System.IO.Packaging escapes the name), so `My Package.dtsx` is the zip entry
 * `My%20Package.dtsx`. Characters a URI path segment allows (RFC 3986 pchar) stay as they are; everything
 * else is percent-encoded as UTF-8 with upper-case hex.
 */

/** Sub-delimiters and ':' '@' are legal in a path segment, but encodeURIComponent escapes them. */
const KEPT = /%(24|26|2B|2C|3B|3D|3A|40)/g;

export function ispacPartName(fileName: string): string {
  return encodeURIComponent(fileName).replace(KEPT, (m) => decodeURIComponent(m));
}

/** The file name a part stands for (the inverse of ispacPartName). */
export function fileNameFromPartName(partName: string): string {
  return decodeURIComponent(partName);
}
