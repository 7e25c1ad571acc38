/**
 * Password-protected SSIS texts opened with the project password; shared by Build, Deploy and the runner.
 * SSIS writes three forms: a whole .dtsx as an xmlenc EncryptedData document and a whole Project.params,
 * .conmgr or project manifest as ciphertext inside its own root element with Salt and IV attributes (both
 * EncryptAllWithPassword), and single sensitive values (EncryptSensitiveWithPassword; SSIS also keeps them
 * so inside a whole-file encrypted package).
 */
import type { EncryptedManifest } from '../../../shared/formats/dtproj.js';
import { encryptedBlock, encryptedValues } from '../../../shared/formats/dtsx.js';
import { NS_SSIS } from '../../../shared/formats/namespaces.js';
import { AppFailure } from '../../../shared/result.js';
import { applyEdits } from '../../../shared/xml/edit.js';
import { childElements, firstChild, textContent } from '../../../shared/xml/query.js';
import { parseXml } from '../../../shared/xml/reader.js';
import type { XmlDocument, XmlElement } from '../../../shared/xml/types.js';
import { decryptSsisBlock } from './password.js';

type Block = { iv: string; algorithm: string | null; cipherText: string };

/** The ciphertext of a whole-file encrypted text (either form), or null. */
function wholeFileBlock(doc: XmlDocument): Block | null {
  const xmlenc = encryptedBlock(doc);
  if (xmlenc) return xmlenc;
  const root = doc.root;
  const attr = (local: string) => root.attributes.find((a) => a.local === local)?.value ?? null;
  const iv = attr('IV');
  if (iv === null || attr('Salt') === null || childElements(root).length > 0 || textContent(root).trim() === '') return null;
  return { iv, algorithm: attr('Algorithm'), cipherText: textContent(root) };
}

/**
 * `text` with its password protection removed: a whole-file ciphertext is replaced by its plaintext (the XML
 * declaration before it is kept) and sensitive values are decrypted in place. Without a password the
 * sensitive values are left blank, as SSIS loads such a file, and a whole-file encrypted text is LOCKED
 * (details.wholeFile). A wrong password is BAD_PASSWORD (details.sensitive: which form refused it). Text
 * that is not XML comes back unchanged, for the caller's parser to report.
 */
export function decryptText(text: string, password: string | null): string {
  if (!text.includes('EncryptedData') && !text.includes('IV=')) return text;
  let doc: XmlDocument;
  try {
    doc = parseXml(text);
  } catch {
    return text;
  }
  const block = wholeFileBlock(doc);
  if (!block) return decryptSensitiveValues(doc, password);
  if (password === null) throw new AppFailure('LOCKED', 'The file is encrypted with a password (EncryptAllWithPassword).', { wholeFile: true });
  let plain: string;
  try {
    plain = decryptSsisBlock({ password, ...block });
  } catch (e) {
    throw e instanceof AppFailure && e.code === 'BAD_PASSWORD' ? new AppFailure('BAD_PASSWORD', e.message, { sensitive: false }) : e;
  }
  const whole = /^\s*<\?xml\b/.test(plain) ? plain : doc.source.slice(0, doc.root.start) + plain + doc.source.slice(doc.root.end);
  return whole.includes('IV=') ? decryptText(whole, password) : whole;
}

function decryptSensitiveValues(doc: XmlDocument, password: string | null): string {
  const edits = encryptedValues(doc).map((v) => {
    if (password === null) {
      const blank = v.element.local === 'EncryptedData' ? { start: v.element.start, end: v.element.end } : { start: v.element.startTagEnd, end: v.element.endTagStart };
      return { ...blank, text: '' };
    }
    let plain: string;
    try {
      plain = decryptSsisBlock({ password, iv: v.iv, algorithm: v.algorithm, cipherText: v.cipherText });
    } catch (e) {
      throw e instanceof AppFailure && e.code === 'BAD_PASSWORD' ? new AppFailure('BAD_PASSWORD', e.message, { sensitive: true }) : e;
    }
    const root = parseXml(plain).root;
    // The plaintext is the whole element that holds the value: the EncryptedData's parent, or a new child.
    const target = v.element.local === 'EncryptedData' && v.parent && v.parent.local === root.local && v.parent.ns === root.ns ? v.parent : v.element;
    return { start: target.start, end: target.end, text: plain.trim() };
  });
  return edits.length ? applyEdits(doc.source, edits) : doc.source;
}

/**
 * The SSIS:Project element of an EncryptAllWithPassword manifest. BAD_PASSWORD when the password is wrong,
 * PARSE_ERROR (naming `projectName`) when the plaintext is no SSIS project manifest.
 */
export function decryptManifest(encrypted: EncryptedManifest, password: string, projectName: string): { doc: XmlDocument; manifest: XmlElement } {
  const xml = decryptSsisBlock({ password, ...encrypted });
  let doc: XmlDocument;
  try {
    doc = parseXml(xml);
  } catch (e) {
    throw new AppFailure('PARSE_ERROR', `The decrypted manifest of ${projectName} is not valid XML: ${e instanceof Error ? e.message : String(e)}`);
  }
  const manifest = doc.root.local === 'Project' && doc.root.ns === NS_SSIS ? doc.root : firstChild(doc.root, 'Project', NS_SSIS);
  if (!manifest) throw new AppFailure('PARSE_ERROR', `The decrypted manifest of ${projectName} has no SSIS:Project element`);
  return { doc, manifest };
}
