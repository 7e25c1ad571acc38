/**
 * Where `ssisd` commands that talk to SQL Servers get them: `--servers FILE` (the Add Server dialog's fields
 * per server plus `passwordEnv`, the name of the environment variable holding the password), or else the
 * app's own registrations in the user-data folder with its saved passwords. Either way the servers go through
 * ServersService, so validation, connections and error texts are the app's.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_AUTHENTICATIONS, SERVER_ENCRYPTIONS, type ServerDraft } from '../../shared/model/server.js';
import { defaultUserDataDir } from '../app/user-data.js';
import { chooseSecretStore, MemorySecretStore } from '../services/secrets/index.js';
import { ServersService } from '../services/servers/index.js';
import { UsageError } from './io.js';
import { applyPasswordEnv } from './password-env.js';

export interface ServerSource {
  readonly servers: ServersService;
  /** The registration id of `--server S` (display name, case-insensitive, or id). */
  resolve(server: string): Promise<string>;
  close(): Promise<void>;
}

interface FileEntry extends ServerDraft {
  readonly passwordEnv?: string;
}

function entryProblem(e: unknown): string | null {
  if (typeof e !== 'object' || e === null) return 'must be an object';
  const x = e as Record<string, unknown>;
  for (const k of ['displayName', 'host', 'userName'] as const) if (typeof x[k] !== 'string') return `needs "${k}" (text)`;
  if (x.port !== undefined && x.port !== null && typeof x.port !== 'number') return '"port" must be a number or null';
  if (x.authentication !== undefined && !SERVER_AUTHENTICATIONS.includes(x.authentication as never)) return `"authentication" must be one of ${SERVER_AUTHENTICATIONS.join(', ')}`;
  if (x.encrypt !== undefined && !SERVER_ENCRYPTIONS.includes(x.encrypt as never)) return `"encrypt" must be one of ${SERVER_ENCRYPTIONS.join(', ')}`;
  if (x.passwordEnv !== undefined && typeof x.passwordEnv !== 'string') return '"passwordEnv" must be the name of an environment variable';
  if ('password' in x) return 'must not hold a password: name an environment variable in "passwordEnv" instead';
  return null;
}

async function readServersFile(path: string): Promise<FileEntry[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read the servers file ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { servers?: unknown } | null)?.servers;
  if (!Array.isArray(list)) throw new UsageError(`${path}: expected {"servers": [...]}`);
  return list.map((e, i) => {
    const problem = entryProblem(e);
    if (problem) throw new UsageError(`${path}: server ${i + 1} ${problem}`);
    const x = e as Partial<FileEntry> & Pick<FileEntry, 'displayName' | 'host' | 'userName'>;
    return {
      displayName: x.displayName,
      host: x.host,
      port: x.port ?? null,
      authentication: x.authentication ?? 'sql',
      userName: x.userName,
      encrypt: x.encrypt ?? 'mandatory',
      trustServerCertificate: x.trustServerCertificate === true,
      certificatePem: x.certificatePem ?? null,
      ...(x.passwordEnv !== undefined ? { passwordEnv: x.passwordEnv } : {}),
    };
  });
}

export async function openServerSource(serversFile: string | null, env: NodeJS.ProcessEnv = process.env): Promise<ServerSource> {
  let servers: ServersService;
  let tempDir: string | null = null;
  if (serversFile !== null) {
    const entries = await readServersFile(serversFile);
    tempDir = await mkdtemp(join(tmpdir(), 'ssisd-servers-'));
    servers = new ServersService({ userDataDir: tempDir, secrets: new MemorySecretStore() });
    for (const { passwordEnv, ...draft } of entries) {
      const password = passwordEnv !== undefined ? (env[passwordEnv] ?? null) : null;
      if (passwordEnv !== undefined && password === null) throw new UsageError(`the environment variable ${passwordEnv} (password of ${draft.displayName}) is not set`);
      const added = await servers.add(draft, password);
      if (!added.ok) throw new UsageError(`${serversFile}: ${draft.displayName}: ${added.error.message}`);
    }
  } else {
    const userDataDir = defaultUserDataDir(env);
    servers = new ServersService({ userDataDir, secrets: await chooseSecretStore({ userDataDir, useLibsecret: true }) });
  }
  return {
    servers,
    async resolve(server) {
      const list = await servers.list();
      if (!list.ok) throw new Error(list.error.message);
      const found = list.value.servers.find((s) => s.id === server) ?? list.value.servers.find((s) => s.displayName.toLowerCase() === server.toLowerCase());
      if (!found) {
        const known = list.value.servers.map((s) => s.displayName).join(', ') || 'none';
        throw new UsageError(`no server named "${server}" (registered: ${known}${serversFile ? ` in ${serversFile}` : '; give --servers FILE'})`);
      }
      // A session-only store has no saved password: SSISD_PASSWORD gives it for this command.
      if (!found.passwordSaved && env.SSISD_PASSWORD && !list.value.secretStore.persistent) await servers.setPassword(found.id, env.SSISD_PASSWORD);
      return found.id;
    },
    async close() {
      await servers.close();
      if (tempDir) await rm(tempDir, { recursive: true, force: true });
    },
  };
}

/**
 * For commands that connect: the registrations also get the passwords from the variables named by
 * `ssisd server add --password-env` (a --servers file names its own).
 */
export async function openConnectingSource(serversFile: string | null, env: NodeJS.ProcessEnv = process.env): Promise<ServerSource> {
  const source = await openServerSource(serversFile, env);
  if (serversFile === null) await applyPasswordEnv(source.servers, defaultUserDataDir(env), env);
  return source;
}
