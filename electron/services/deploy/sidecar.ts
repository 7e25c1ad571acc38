/**
 * The deploy sidecar file `<Project>.dtproj.deploy.json` next to the .dtproj (format: README.md here): the
 * project's assignments, the dialog's remembered defaults per server, and what was deployed where. Never
 * inside the .dtproj (which must keep opening in Visual Studio) and never a secret. Written atomically; a file
 * that cannot be understood is reported and never overwritten.
 */
import { open, readFile, stat, unlink } from 'node:fs/promises';
import {
  DEPLOY_TARGET_KINDS,
  type Assignment,
  type AssignmentState,
  type DeployedRecord,
  type DeployFailureRecord,
  type DeployStep,
  type DeployTarget,
  type DialogDefaults,
  type JobSettings,
} from '../../../shared/model/deploy.js';
import { AppFailure } from '../../../shared/result.js';
import { writeTextFileAtomic } from '../files/atomic-write.js';

const SIDECAR_VERSION = 1;

export interface Sidecar {
  readonly assignments: readonly Assignment[];
  /** Keyed by server display name. */
  readonly defaults: Readonly<Record<string, DialogDefaults>>;
  /** Keyed by assignment id. */
  readonly state: Readonly<Record<string, AssignmentState>>;
}

const EMPTY_SIDECAR: Sidecar = { assignments: [], defaults: {}, state: {} };

export function sidecarPathFor(dtprojPath: string): string {
  return `${dtprojPath}.deploy.json`;
}

const STEPS: readonly DeployStep[] = ['connect', 'folder', 'upload', 'copy', 'job', 'remove'];

class Bad extends Error {}

const obj = (v: unknown, where: string): Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Bad(`${where} must be an object`);
  return v as Record<string, unknown>;
};
const str = (o: Record<string, unknown>, k: string, where: string): string => {
  const v = o[k];
  if (typeof v !== 'string') throw new Bad(`${where}.${k} must be a string`);
  return v;
};
const strOrNull = (o: Record<string, unknown>, k: string, where: string): string | null => {
  const v = o[k];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') throw new Bad(`${where}.${k} must be a string or null`);
  return v;
};
const bool = (o: Record<string, unknown>, k: string, where: string): boolean => {
  const v = o[k];
  if (typeof v !== 'boolean') throw new Bad(`${where}.${k} must be true or false`);
  return v;
};

function readTarget(v: unknown, where: string): DeployTarget {
  const o = obj(v, where);
  const kind = o.kind;
  if (typeof kind !== 'string' || !DEPLOY_TARGET_KINDS.includes(kind as DeployTarget['kind'])) throw new Bad(`${where}.kind must be one of ${DEPLOY_TARGET_KINDS.join(', ')}`);
  if (kind === 'catalog') return { kind, folder: str(o, 'folder', where), project: str(o, 'project', where) };
  if (kind === 'msdb') return { kind, folder: str(o, 'folder', where) };
  return { kind: 'file', path: str(o, 'path', where), copyTo: strOrNull(o, 'copyTo', where) };
}

function readJobBase(v: unknown, where: string): Omit<JobSettings, 'name'> {
  const o = obj(v, where);
  return {
    createJob: bool(o, 'createJob', where),
    description: strOrNull(o, 'description', where),
    owner: strOrNull(o, 'owner', where),
    proxy: strOrNull(o, 'proxy', where),
    use32bit: bool(o, 'use32bit', where),
  };
}

function readAssignment(v: unknown, where: string): Assignment {
  const o = obj(v, where);
  const job = obj(o.job, `${where}.job`);
  return {
    id: str(o, 'id', where),
    packageName: str(o, 'package', where),
    server: str(o, 'server', where),
    target: readTarget(o.target, `${where}.target`),
    job: { ...readJobBase(job, `${where}.job`), name: str(job, 'name', `${where}.job`) },
  };
}

function readDeployed(v: unknown, where: string): DeployedRecord | null {
  if (v === null || v === undefined) return null;
  const o = obj(v, where);
  return {
    sha256: str(o, 'sha256', where),
    versionGuid: strOrNull(o, 'versionGuid', where),
    settings: str(o, 'settings', where),
    jobName: strOrNull(o, 'jobName', where),
    jobId: strOrNull(o, 'jobId', where),
    serverVersion: strOrNull(o, 'serverVersion', where),
    at: str(o, 'at', where),
  };
}

function readFailure(v: unknown, where: string): DeployFailureRecord | null {
  if (v === null || v === undefined) return null;
  const o = obj(v, where);
  const step = str(o, 'step', where) as DeployStep;
  if (!STEPS.includes(step)) throw new Bad(`${where}.step is not a known step`);
  const n = o.sqlErrorNumber;
  if (n !== null && n !== undefined && !Number.isInteger(n)) throw new Bad(`${where}.sqlErrorNumber must be a whole number or null`);
  return { at: str(o, 'at', where), message: str(o, 'message', where), sqlErrorNumber: (n as number | null | undefined) ?? null, step };
}

function parseSidecar(text: string, path: string): Sidecar {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new AppFailure('PARSE_ERROR', `The deploy settings file ${path} is not valid JSON (${(e as Error).message}). Fix or move it away; nothing was changed.`, { path });
  }
  try {
    const root = obj(raw, 'the file');
    if (root.version !== SIDECAR_VERSION) throw new Bad(`"version" must be ${SIDECAR_VERSION}`);
    const list = root.assignments ?? [];
    if (!Array.isArray(list)) throw new Bad('"assignments" must be a list');
    const assignments = list.map((a, i) => readAssignment(a, `assignments[${i}]`));
    const ids = new Set<string>();
    for (const a of assignments) {
      if (ids.has(a.id)) throw new Bad(`assignment id ${a.id} is used twice`);
      ids.add(a.id);
    }
    const defaults: Record<string, DialogDefaults> = {};
    for (const [server, d] of Object.entries(obj(root.defaults ?? {}, 'defaults'))) {
      const o = obj(d, `defaults["${server}"]`);
      defaults[server] = { target: readTarget(o.target, `defaults["${server}"].target`), job: readJobBase(o.job, `defaults["${server}"].job`) };
    }
    const state: Record<string, AssignmentState> = {};
    for (const [id, s] of Object.entries(obj(root.state ?? {}, 'state'))) {
      const o = obj(s, `state["${id}"]`);
      state[id] = { deployed: readDeployed(o.deployed, `state["${id}"].deployed`), failure: readFailure(o.failure, `state["${id}"].failure`) };
    }
    return { assignments, defaults, state };
  } catch (e) {
    if (!(e instanceof Bad)) throw e;
    throw new AppFailure('PARSE_ERROR', `The deploy settings file ${path} is not in the expected format: ${e.message}. Fix or move it away; nothing was changed.`, { path });
  }
}

export async function readSidecar(path: string): Promise<Sidecar> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_SIDECAR;
    throw new AppFailure('IO_ERROR', `Cannot read the deploy settings file ${path}: ${(e as Error).message}`, { path });
  }
  return parseSidecar(text, path);
}


/** Field by field, so nothing but the documented fields (never a password) can reach the file. */
function formatSidecar(s: Sidecar): string {
  const target = (t: DeployTarget) =>
    t.kind === 'catalog' ? { kind: t.kind, folder: t.folder, project: t.project } : t.kind === 'msdb' ? { kind: t.kind, folder: t.folder } : { kind: t.kind, path: t.path, copyTo: t.copyTo };
  const jobBase = (j: Omit<JobSettings, 'name'>) => ({ createJob: j.createJob, description: j.description, owner: j.owner, proxy: j.proxy, use32bit: j.use32bit });
  const ids = new Set(s.assignments.map((a) => a.id));
  const out = {
    version: SIDECAR_VERSION,
    assignments: s.assignments.map((a) => ({ id: a.id, package: a.packageName, server: a.server, target: target(a.target), job: { name: a.job.name, ...jobBase(a.job) } })),
    defaults: Object.fromEntries(Object.entries(s.defaults).map(([k, d]) => [k, { target: target(d.target), job: jobBase(d.job) }])),
    state: Object.fromEntries(
      Object.entries(s.state)
        .filter(([id]) => ids.has(id))
        .map(([id, st]) => [
          id,
          {
            deployed: st.deployed && {
              sha256: st.deployed.sha256,
              versionGuid: st.deployed.versionGuid,
              settings: st.deployed.settings,
              jobName: st.deployed.jobName,
              jobId: st.deployed.jobId,
              serverVersion: st.deployed.serverVersion,
              at: st.deployed.at,
            },
            failure: st.failure && { at: st.failure.at, step: st.failure.step, message: st.failure.message, sqlErrorNumber: st.failure.sqlErrorNumber },
          },
        ]),
    ),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

export async function writeSidecar(path: string, s: Sidecar): Promise<void> {
  await writeTextFileAtomic(path, formatSidecar(s));
}

const LOCK_WAIT_MS = 10_000;
/** A lock file older than this was left by a process that died; it is taken over. */
const LOCK_STALE_MS = 30_000;

/**
 * Runs a read-modify-write of the sidecar while holding `<file>.lock` (created exclusively), so the app, the
 * CLI and a second window never lose each other's changes.
 */
export async function withSidecarLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  const lock = `${path}.lock`;
  const until = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await (await open(lock, 'wx')).close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new AppFailure('IO_ERROR', `Cannot lock the deploy settings file ${path}: ${(e as Error).message}`, { path });
      const age = await stat(lock).then((st) => Date.now() - st.mtimeMs, () => 0);
      if (age > LOCK_STALE_MS) await unlink(lock).catch(() => undefined);
      else if (Date.now() > until) throw new AppFailure('LOCKED', `The deploy settings file ${path} is being changed by another process (${lock} exists); try again.`, { path });
      else await new Promise((r) => setTimeout(r, 15));
    }
  }
  try {
    return await work();
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}
