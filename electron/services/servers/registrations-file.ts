/**
 * The list of registered servers: <userData>/servers.json, written atomically. It never holds a password;
 * a file that cannot be read is reported and left untouched (never overwritten).
 */
import { readFile } from 'node:fs/promises';
import type { ServerRegistration } from '../../../shared/model/server.js';
import { AppFailure } from '../../../shared/result.js';
import { writeFileAtomic } from '../secrets/atomic-write.js';
import { validateDraft } from './validate-draft.js';

interface ServersFile {
  version: 1;
  servers: ServerRegistration[];
}

export async function readRegistrations(path: string): Promise<ServerRegistration[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new AppFailure('IO_ERROR', `Cannot read the servers list ${path}: ${(e as Error).message}`);
  }
  let parsed: Partial<ServersFile>;
  try {
    parsed = JSON.parse(text) as Partial<ServersFile>;
  } catch (e) {
    throw new AppFailure('PARSE_ERROR', `The servers list ${path} is not valid JSON (${(e as Error).message}); fix or move it away.`);
  }
  if (parsed.version !== 1 || !Array.isArray(parsed.servers)) {
    throw new AppFailure('PARSE_ERROR', `The servers list ${path} has an unknown layout (expected {"version":1,"servers":[...]}).`);
  }
  return parsed.servers.map((s, i) => {
    if (typeof s?.id !== 'string' || !s.id) throw new AppFailure('PARSE_ERROR', `The servers list ${path}: entry ${i + 1} has no id.`);
    try {
      return { id: s.id, ...validateDraft(s) };
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new AppFailure('PARSE_ERROR', `The servers list ${path}: entry ${i + 1} is not valid: ${why}`);
    }
  });
}

export async function writeRegistrations(path: string, servers: readonly ServerRegistration[]): Promise<void> {
  // Copy field by field so nothing else (a password by mistake) can ever reach the file.
  const clean = servers.map((s) => ({
    id: s.id,
    displayName: s.displayName,
    host: s.host,
    port: s.port,
    authentication: s.authentication,
    userName: s.userName,
    encrypt: s.encrypt,
    trustServerCertificate: s.trustServerCertificate,
    certificatePem: s.certificatePem ?? null,
  }));
  await writeFileAtomic(path, `${JSON.stringify({ version: 1, servers: clean }, null, 2)}\n`, 0o600);
}
