/**
 * What the SSIS catalog receives for a project protected with a password. SSISDB uses the ServerStorage
 * protection level (5) and encrypts package data and sensitive values with its own key; the password never
 * reaches the server. So, as the Deployment Wizard does with /ProjectPassword, the project is opened here:
 * whole-file encryption removed, sensitive values decrypted in place, and the protection level written as
 * ServerStorage in each package (DTS:ProtectionLevel) and in the manifest (SSIS:ProtectionLevel and each
 * package's ProtectionLevel property). Files not protected with a password are sent as they are.
 */
import { NS_DTS, NS_SSIS } from '../../../shared/formats/namespaces.js';
import { isPasswordLevel, protectionLevelFromCode, protectionLevelName } from '../../../shared/formats/protection.js';
import { AppFailure } from '../../../shared/result.js';
import { applyEdits, elementRemovalRange, type TextEdit } from '../../../shared/xml/edit.js';
import { attrValue, childElements, descend, firstChild, getAttribute } from '../../../shared/xml/query.js';
import { parseXml } from '../../../shared/xml/reader.js';
import type { XmlElement } from '../../../shared/xml/types.js';
import { decodeText, encodeText } from '../files/text-file.js';
import { decryptText } from './decrypt-text.js';

export const SERVER_STORAGE = 5;

/**
 * The text without password protection. `password` undefined: LOCKED when the text holds anything
 * encrypted with a password. Errors name `fileName`.
 */
function openText(text: string, password: string | undefined, fileName: string): string {
  let plain: string;
  try {
    plain = decryptText(text, password ?? null);
  } catch (e) {
    if (!(e instanceof AppFailure)) throw e;
    if (e.code === 'LOCKED') throw new AppFailure('LOCKED', `${fileName} is encrypted with a password; give the project password to deploy it to the SSIS catalog.`, { needsPassword: true });
    if (e.code === 'BAD_PASSWORD') throw new AppFailure('BAD_PASSWORD', `The password does not open ${fileName}: it is not correct.`, { needsPassword: true });
    throw e;
  }
  // Without a password decryptText blanks sensitive values; the catalog must not get a package silently emptied.
  if (password === undefined && plain !== text) throw new AppFailure('LOCKED', `${fileName} has values encrypted with a password (EncryptSensitiveWithPassword); give the project password to deploy it to the SSIS catalog.`, { needsPassword: true });
  return plain;
}

/** An edit that gives `el` the attribute `prefix:local` = value (replacing the value it has). */
function setAttribute(source: string, el: XmlElement, local: string, ns: string, value: string): TextEdit {
  const a = getAttribute(el, local, ns);
  if (a) return { start: a.valueStart, end: a.valueEnd, text: value };
  const at = source[el.startTagEnd - 2] === '/' ? el.startTagEnd - 2 : el.startTagEnd - 1;
  return { start: at, end: at, text: ` ${el.prefix ? `${el.prefix}:` : ''}${local}="${value}"` };
}

/**
 * The bytes of a .dtsx, Project.params or .conmgr as the catalog gets them: decrypted, and a package of
 * protection level EncryptSensitiveWithPassword or EncryptAllWithPassword rewritten as ServerStorage.
 * Unchanged bytes when nothing in the file is protected with a password; text that is no XML too (the
 * server reports it).
 */
export function catalogFileBytes(bytes: Buffer, password: string | undefined, fileName: string): Buffer {
  const { text, encoding, lossless } = decodeText(bytes);
  if (!lossless) return bytes;
  const plain = openText(text, password, fileName);
  let out = plain;
  try {
    const root = parseXml(plain).root;
    if (root.local === 'Executable' && root.ns === NS_DTS && isPasswordLevel(protectionLevelFromCode(attrValue(root, 'ProtectionLevel', NS_DTS)))) {
      out = applyEdits(plain, [setAttribute(plain, root, 'ProtectionLevel', NS_DTS, String(SERVER_STORAGE))]);
    }
  } catch {
    // not XML: sent as it is
  }
  return out === text ? bytes : encodeText(out, encoding);
}

/**
 * A project manifest (`SSIS:Project`, as text) for the catalog: sensitive values decrypted, the password
 * verifier dropped (there is no password any more), SSIS:ProtectionLevel ServerStorage and each package's
 * ProtectionLevel property 5.
 */
export function catalogManifestXml(xml: string, password: string | undefined, projectName: string): string {
  const plain = openText(xml, password, `The manifest of ${projectName}`);
  const doc = parseXml(plain);
  const root = doc.root;
  const edits: TextEdit[] = [setAttribute(plain, root, 'ProtectionLevel', NS_SSIS, protectionLevelName(SERVER_STORAGE)!)];
  const props = firstChild(root, 'Properties', NS_SSIS);
  for (const p of props ? childElements(props, 'Property', NS_SSIS) : []) {
    if (attrValue(p, 'Name', NS_SSIS) === 'PasswordVerifier') edits.push({ ...elementRemovalRange(plain, p), text: '' });
  }
  const info = descend(root, ['DeploymentInfo', 'PackageInfo'], NS_SSIS);
  for (const meta of info ? childElements(info, 'PackageMetaData', NS_SSIS) : []) {
    const metaProps = firstChild(meta, 'Properties', NS_SSIS);
    for (const p of metaProps ? childElements(metaProps, 'Property', NS_SSIS) : []) {
      if (attrValue(p, 'Name', NS_SSIS) !== 'ProtectionLevel') continue;
      const text = String(SERVER_STORAGE);
      edits.push(p.selfClosing ? { start: p.start, end: p.end, text: `${plain.slice(p.start, p.end).replace(/\s*\/>$/, '>')}${text}</${p.name}>` } : { start: p.startTagEnd, end: p.endTagStart, text });
    }
  }
  return applyEdits(plain, edits);
}
