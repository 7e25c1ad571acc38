/**
 * Builds the Solution Explorer view from files on disk. Every failure is confined to its node: a missing
 * project is "unavailable", malformed XML marks that project or package with the parser's line:column,
 * and the rest of the solution loads.
 */
import { statSync, type Stats } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import type { ItemNode, PackageNode, ProjectNode, SolutionKind, SolutionView } from '../../../shared/model/solution.js';
import { AppFailure } from '../../../shared/result.js';
import { parseSln, parseSlnx, type SolutionProjectRef } from '../../../shared/formats/sln.js';
import { parseDtproj, readManifest, targetServerVersion, type ParsedDtproj } from '../../../shared/formats/dtproj.js';
import { encryptedBlock, parseDtsx, type DtsxInfo } from '../../../shared/formats/dtsx.js';
import { readStartupObject } from '../../../shared/formats/dtproj-user.js';
import { parseXml } from '../../../shared/xml/reader.js';
import { NS_SSIS } from '../../../shared/formats/namespaces.js';
import { firstChild } from '../../../shared/xml/query.js';
import { readTextFile, type Fingerprint, type TextFile } from '../files/text-file.js';
import { findCaseInsensitive, resolveProjectPath } from '../files/paths.js';
import { decryptSsisBlock } from './password.js';

export interface LoadedPackage {
  readonly node: PackageNode;
  readonly info: DtsxInfo | null;
  /** What was read (the text is not kept: packages can be megabytes each); null when it could not be read. */
  readonly fingerprint: Fingerprint | null;
}

/** Packages already parsed, by real path; reused while the file's mtime and size are unchanged. */
export type PackageCache = Map<string, { readonly mtimeMs: number; readonly size: number; readonly loaded: LoadedPackage }>;

export interface LoadedProject {
  readonly node: ProjectNode;
  readonly path: string;
  readonly file: TextFile | null;
  readonly parsed: ParsedDtproj | null;
  readonly packages: readonly LoadedPackage[];
  readonly userPath: string;
  readonly userFile: TextFile | null;
}

export interface LoadedSolution {
  readonly view: SolutionView;
  readonly projects: readonly LoadedProject[];
  /** Every file the view depends on, with what was read (null = did not exist). The watcher compares these. */
  readonly known: ReadonlyMap<string, Fingerprint | null>;
  readonly folders: readonly string[];
}

/** Passwords the user entered this session, by project path. Kept in memory only. */
export type PasswordStore = ReadonlyMap<string, string>;

export function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return out;
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

type ReadAttempt = { file: TextFile | null; path: string; error?: string };

/** Reads the file at `path`, else the one whose name differs only in case (written on Windows). */
async function tryRead(path: string): Promise<ReadAttempt> {
  const first = await readOrError(path);
  if (first.file || first.error) return first;
  const other = await findCaseInsensitive(path);
  return other && other !== path ? readOrError(other) : first;
}

/** The file, or why not: no `error` when it is simply not there. */
async function readOrError(path: string): Promise<ReadAttempt> {
  try {
    return { file: await readTextFile(path), path };
  } catch (e) {
    return { file: null, path, error: e instanceof AppFailure && e.code === 'NOT_FOUND' ? undefined : describeError(e) };
  }
}

async function loadItem(dir: string, name: string, fullPath: string, known: Map<string, Fingerprint | null>, parse: boolean): Promise<ItemNode> {
  const r = await tryRead(resolveProjectPath(dir, fullPath || name));
  known.set(r.path, r.file?.fingerprint ?? null);
  if (!r.file) return { name, path: r.path, status: r.error ? 'error' : 'missing', ...(r.error ? { error: r.error } : { error: `File not found: ${r.path}` }) };
  if (parse) {
    try {
      parseXml(r.file.text);
    } catch (e) {
      return { name, path: r.path, status: 'error', error: describeError(e) };
    }
  }
  return { name, path: r.path, status: 'ok' };
}

async function loadPackage(
  dir: string,
  ref: { name: string; fullPath: string; entryPoint: boolean | null },
  known: Map<string, Fingerprint | null>,
  cache: PackageCache,
  password: string | undefined,
): Promise<LoadedPackage> {
  const wanted = resolveProjectPath(dir, ref.fullPath || ref.name);
  // The cache is keyed by the real path: a name that differs from the file's only in case is simply read again.
  const hit = cache.get(wanted);
  if (hit) {
    // Synchronous, as the reads are (files/text-file.ts): a reload after each edit checks every package.
    const st = statOrNull(wanted);
    if (st && st.mtimeMs === hit.mtimeMs && st.size === hit.size && hit.loaded.fingerprint) {
      known.set(wanted, hit.loaded.fingerprint);
      return { ...hit.loaded, node: { ...hit.loaded.node, name: ref.name, entryPoint: ref.entryPoint } };
    }
  }
  const loaded = await readPackage(wanted, ref, known, password);
  if (loaded.fingerprint && !loaded.info?.encrypted) cache.set(loaded.node.path, { mtimeMs: loaded.fingerprint.mtimeMs, size: loaded.fingerprint.size, loaded });
  return loaded;
}

/** Reads the real properties of a whole-file encrypted package when the project password is known. */
function decryptedInfo(info: DtsxInfo, doc: Parameters<typeof encryptedBlock>[0], password: string | undefined): DtsxInfo {
  const block = password !== undefined && info.encrypted ? encryptedBlock(doc) : null;
  if (!block || password === undefined) return info;
  try {
    const inner = parseDtsx(decryptSsisBlock({ password, ...block })).info;
    return { ...inner, protectionLevel: 3, encrypted: true };
  } catch {
    return info; // still shown, as encrypted
  }
}

async function readPackage(path: string, ref: { name: string; entryPoint: boolean | null }, known: Map<string, Fingerprint | null>, password: string | undefined): Promise<LoadedPackage> {
  const r = await tryRead(path);
  known.set(r.path, r.file?.fingerprint ?? null);
  const base = { name: ref.name, path: r.path, entryPoint: ref.entryPoint };
  if (!r.file) {
    const error = r.error ?? `The package file was not found: ${r.path}`;
    return { node: { ...base, protectionLevel: null, formatVersion: null, status: r.error ? 'error' : 'missing', error }, info: null, fingerprint: null };
  }
  try {
    const parsed = parseDtsx(r.file.text);
    const info = decryptedInfo(parsed.info, parsed.doc, password);
    const node: PackageNode = {
      ...base,
      protectionLevel: info.protectionLevel,
      formatVersion: info.formatVersion,
      status: 'ok',
      ...(info.id ? { id: info.id } : {}),
      ...(info.versionGuid ? { versionGuid: info.versionGuid } : {}),
    };
    return { node, info, fingerprint: r.file.fingerprint };
  } catch (e) {
    return { node: { ...base, protectionLevel: null, formatVersion: null, status: 'error', error: `${basename(r.path)}: ${describeError(e)}` }, info: null, fingerprint: r.file.fingerprint };
  }
}

function emptyProject(name: string, path: string, status: ProjectNode['status'], extra: Partial<ProjectNode> = {}): ProjectNode {
  return { name, path, status, deploymentModel: null, connectionManagers: [], packages: [], packageParts: [], miscellaneous: [], ...extra };
}

export async function loadProject(name: string, path: string, passwords: PasswordStore, known: Map<string, Fingerprint | null>, folders: Set<string>, cache: PackageCache = new Map()): Promise<LoadedProject> {
  const r = await tryRead(path);
  path = r.path;
  folders.add(dirname(path));
  known.set(path, r.file?.fingerprint ?? null);
  const userPath = `${path}.user`;
  const none = { path, file: r.file, parsed: null, packages: [], userPath, userFile: null };
  if (!r.file) {
    const reason = r.error ?? `The project file was not found: ${path}`;
    return { ...none, node: emptyProject(name, path, 'unavailable', { error: reason }) };
  }
  let parsed: ParsedDtproj;
  try {
    parsed = parseDtproj(r.file.text);
  } catch (e) {
    return { ...none, node: emptyProject(name, path, 'error', { error: `${basename(path)}: ${describeError(e)}` }) };
  }
  const dir = dirname(path);
  let manifestPackages = parsed.packages;
  let connectionManagers = parsed.connectionManagers;
  let status: ProjectNode['status'] = 'loaded';
  let error: string | undefined;
  if (parsed.encrypted) {
    const password = passwords.get(path);
    status = 'locked';
    error = 'This project is encrypted with a password (EncryptAllWithPassword). Enter the password to see its packages.';
    if (password !== undefined) {
      try {
        const xml = decryptSsisBlock({ password, iv: parsed.encrypted.iv, cipherText: parsed.encrypted.cipherText, algorithm: parsed.encrypted.algorithm });
        const doc = parseXml(xml);
        const manifest = doc.root.local === 'Project' && doc.root.ns === NS_SSIS ? doc.root : firstChild(doc.root, 'Project', NS_SSIS);
        if (!manifest) throw new Error('the decrypted manifest has no SSIS:Project element');
        const m = readManifest(manifest);
        manifestPackages = m.packages;
        connectionManagers = m.connectionManagers;
        status = 'loaded';
        error = undefined;
      } catch (e) {
        error = e instanceof AppFailure && e.code === 'BAD_PASSWORD' ? 'The saved password no longer opens this project. Enter the password again.' : `Cannot decrypt the project: ${describeError(e)}`;
      }
    }
  }
  const packages = await mapLimit(manifestPackages, 16, (ref) => loadPackage(dir, ref, known, cache, parsed.encrypted ? passwords.get(path) : undefined));
  const cms = await mapLimit(connectionManagers, 8, (c) => loadItem(dir, c.name, c.fullPath, known, true));
  const parts = await mapLimit(parsed.packageParts, 8, (c) => loadItem(dir, c.name, c.fullPath, known, true));
  const misc = await mapLimit(parsed.miscellaneous, 8, (c) => loadItem(dir, c.name, c.fullPath, known, false));
  const projectParams = parsed.deploymentModel === 'Project' ? await loadItem(dir, 'Project.params', 'Project.params', known, true) : null;
  const user = await tryRead(userPath);
  known.set(user.path, user.file?.fingerprint ?? null);
  let startupObject: string | null = null;
  if (user.file) {
    try {
      startupObject = readStartupObject(user.file.text);
    } catch {
      startupObject = null; // a broken .user file only loses the StartUp object, as in Visual Studio
    }
  }
  const node: ProjectNode = {
    name,
    path,
    status,
    ...(error ? { error } : {}),
    deploymentModel: parsed.deploymentModel,
    protectionLevel: parsed.protectionLevel,
    targetServerVersion: targetServerVersion(parsed),
    projectParams,
    connectionManagers: cms,
    packages: packages.map((p) => p.node),
    packageParts: parts,
    miscellaneous: misc,
    startupObject,
  };
  return { node, path, file: r.file, parsed, packages, userPath: user.path, userFile: user.file };
}

/** Opens a .sln, .slnx or .dtproj. Throws AppFailure when the opened file itself cannot be read. */
export async function loadSolution(openedPath: string, passwords: PasswordStore, cache: PackageCache = new Map()): Promise<LoadedSolution> {
  const ext = extname(openedPath).toLowerCase();
  const known = new Map<string, Fingerprint | null>();
  const folders = new Set<string>();
  if (ext === '.dtproj') {
    const real = await findCaseInsensitive(openedPath);
    if (!real) throw new AppFailure('NOT_FOUND', `File not found: ${openedPath}`, { path: openedPath });
    const p = await loadProject(basename(real, extname(real)), real, passwords, known, folders, cache);
    if (!p.file) throw new AppFailure('IO_ERROR', p.node.error ?? `Cannot read ${real}`, { path: real });
    return { view: { solution: null, projects: [p.node], openedPath: real, kind: 'dtproj' }, projects: [p], known, folders: [...folders] };
  }
  if (ext !== '.sln' && ext !== '.slnx') {
    throw new AppFailure('INVALID_ARGUMENT', `Open a .sln, .slnx or .dtproj file (got "${basename(openedPath)}")`, { path: openedPath });
  }
  const real = await findCaseInsensitive(openedPath);
  if (!real) throw new AppFailure('NOT_FOUND', `File not found: ${openedPath}`, { path: openedPath });
  const sln = await readTextFile(real);
  known.set(real, sln.fingerprint);
  folders.add(dirname(real));
  let refs: readonly SolutionProjectRef[];
  try {
    refs = (ext === '.sln' ? parseSln(sln.text) : parseSlnx(sln.text)).projects;
  } catch (e) {
    throw new AppFailure('PARSE_ERROR', `${basename(real)}: ${describeError(e)}`, { path: real });
  }
  const dir = dirname(real);
  const projects = await mapLimit(refs, 4, async (ref): Promise<LoadedProject> => {
    const path = resolveProjectPath(dir, ref.relativePath);
    if (ref.kind === 'foreign') {
      const node = emptyProject(ref.name, path, 'foreign', { foreignKind: ref.foreignKind ?? 'Unsupported project type', error: `${ref.foreignKind ?? 'This'} projects are not supported by SSIS Designer.` });
      return { node, path, file: null, parsed: null, packages: [], userPath: `${path}.user`, userFile: null };
    }
    return loadProject(ref.name, path, passwords, known, folders, cache);
  });
  const kind: SolutionKind = ext === '.sln' ? 'sln' : 'slnx';
  const name = basename(real, extname(real));
  return { view: { solution: { name, path: real }, projects: projects.map((p) => p.node), openedPath: real, kind }, projects, known, folders: [...folders] };
}
