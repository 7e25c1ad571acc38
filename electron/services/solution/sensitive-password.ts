/**
 * EncryptSensitiveWithPassword projects open without their password (only sensitive values are ciphertext),
 * but runs need it to read those values. The password the user gives is checked against the first encrypted
 * value of the project's files (Project.params, connection managers, then packages), as SSDT checks it when
 * it loads them.
 */
import { readFile } from 'node:fs/promises';
import type { ProjectNode } from '../../../shared/model/solution.js';
import { encryptedValues } from '../../../shared/formats/dtsx.js';
import { parseXml } from '../../../shared/xml/reader.js';
import { decryptSsisBlock } from './password.js';

/** Throws BAD_PASSWORD when `password` does not open the project's first encrypted value; none: nothing to check. */
export async function checkSensitivePassword(project: ProjectNode, password: string): Promise<void> {
  const items = [project.projectParams ?? null, ...project.connectionManagers, ...project.packages];
  const files = items.flatMap((f) => (f && f.status === 'ok' ? [f.path] : []));
  for (const path of files) {
    let values;
    try {
      values = encryptedValues(parseXml((await readFile(path, 'utf8')).replace(/^\uFEFF/, '')));
    } catch {
      continue; // unreadable files are reported by the Solution Explorer itself
    }
    const first = values[0];
    if (!first) continue;
    decryptSsisBlock({ password, iv: first.iv, algorithm: first.algorithm, cipherText: first.cipherText });
    return;
  }
}

export function isSensitivePasswordProject(project: ProjectNode): boolean {
  return project.protectionLevel === 2;
}
