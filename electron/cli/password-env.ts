/**
 * For servers registered with `ssisd server add --password-env VAR`: the NAME of the environment variable
 * that holds each server's password (never the password), in `<userData>/cli-password-env.json`. Commands
 * that connect give ServersService the variable's value for this process only.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeTextFileAtomic } from '../services/files/atomic-write.js';
import type { ServersService } from '../services/servers/index.js';
import { UsageError } from './io.js';

const FILE = 'cli-password-env.json';
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

type Mapping = Record<string, string>;

export function checkEnvName(name: string): string {
  if (!ENV_NAME.test(name)) throw new UsageError(`"${name}" is not an environment variable name (letters, digits and _)`);
  return name;
}

export async function readPasswordEnv(userDataDir: string): Promise<Mapping> {
  try {
    const parsed = JSON.parse(await readFile(join(userDataDir, FILE), 'utf8')) as { version?: number; servers?: Mapping };
    return parsed.version === 1 && parsed.servers && typeof parsed.servers === 'object' ? parsed.servers : {};
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new UsageError(`cannot read ${join(userDataDir, FILE)}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Remembers (or, with null, forgets) the variable that holds the password of server `id`. */
export async function savePasswordEnv(userDataDir: string, id: string, envName: string | null): Promise<void> {
  const servers = { ...(await readPasswordEnv(userDataDir)) };
  if (envName === null) delete servers[id];
  else servers[id] = checkEnvName(envName);
  await writeTextFileAtomic(join(userDataDir, FILE), `${JSON.stringify({ version: 1, servers }, null, 2)}\n`);
}

/**
 * Gives each registered server without a saved password the value of its variable, when it is set. Answers
 * one warning per variable that is named but not set, for the command to print.
 */
export async function applyPasswordEnv(servers: ServersService, userDataDir: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const mapping = await readPasswordEnv(userDataDir);
  const list = await servers.list();
  if (!list.ok) return [];
  const missing: string[] = [];
  for (const s of list.value.servers) {
    const name = mapping[s.id];
    if (!name || s.passwordSaved) continue;
    const value = env[name];
    if (value === undefined) missing.push(`the environment variable ${name} (password of ${s.displayName}) is not set`);
    else await servers.setPassword(s.id, value);
  }
  return missing;
}
