/**
 * Entry-point edits inside a manifest encrypted with EncryptAllWithPassword: decrypt, splice the one
 * attribute, encrypt again with the project's own IV. Only the ciphertext changes, and toggling back gives
 * the original bytes.
 */
import type { ParsedDtproj } from '../../../shared/formats/dtproj.js';
import { readManifest } from '../../../shared/formats/dtproj.js';
import { setEntryPoint } from '../../../shared/formats/dtproj-edit.js';
import { applyEdits } from '../../../shared/xml/edit.js';
import { parseXml } from '../../../shared/xml/reader.js';
import { AppFailure } from '../../../shared/result.js';
import { decryptSsisBlockText, encryptSsisBlock } from './password.js';

export function setEntryPointEncrypted(p: ParsedDtproj, password: string, packageName: string, on: boolean): string {
  const enc = p.encrypted;
  const manifest = p.manifest;
  if (!enc || !manifest) throw new AppFailure('INTERNAL', 'setEntryPointEncrypted called on a project that is not encrypted');
  const plain = decryptSsisBlockText({ password, ...enc });
  const doc = parseXml(plain);
  const m = readManifest(doc.root);
  const inner: ParsedDtproj = { ...p, doc, manifest: doc.root, encrypted: null, deploymentModel: 'Project', packages: m.packages };
  const edited = setEntryPoint(inner, packageName, on);
  if (edited === plain) return p.doc.source;
  const cipherText = encryptSsisBlock({ password, iv: enc.iv, algorithm: enc.algorithm, text: edited });
  const src = p.doc.source;
  const body = src.slice(manifest.startTagEnd, manifest.endTagStart);
  const lead = body.length - body.trimStart().length;
  const trail = body.length - body.trimEnd().length;
  return applyEdits(src, [{ start: manifest.startTagEnd + lead, end: manifest.endTagStart - trail, text: cipherText }]);
}
