/**
 * The Solution Explorer's service: one async method per 'solution:*' channel, each returning a Result
 * (never throwing). Writes are atomic and refused (CONFLICT) when the file changed on disk since it was
 * read; files changed on disk are noticed by a folder watcher, reloaded, and reported through onChanged.
 */
import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { readdir, rename, unlink } from 'node:fs/promises';
import type { NewPackageResult, RequestChannels, ViewCode } from '../../../shared/contract/channels.js';
import type { PackageProperties, ProjectProperties, SolutionView } from '../../../shared/model/solution.js';
import { AppFailure, fail, ok, toAppError, type Result } from '../../../shared/result.js';
import { findPackage } from '../../../shared/formats/dtproj.js';
import { addPackage, DtprojEditError, removePackage, renamePackage, setEntryPoint } from '../../../shared/formats/dtproj-edit.js';
import { newUserFile, setStartupObject } from '../../../shared/formats/dtproj-user.js';
import { newPackageXml, parseDtsx, setPackageObjectName } from '../../../shared/formats/dtsx.js';
import { maskSecrets } from '../../../shared/formats/mask.js';
import { nextPackageName, validatePackageFileName, withDtsxExtension } from '../../../shared/formats/names.js';
import { protectionLevelName } from '../../../shared/formats/protection.js';
import { parseXml } from '../../../shared/xml/reader.js';
import { assertUnchanged, TEMP_PREFIX, writeTextFileAtomic } from '../files/atomic-write.js';
import { currentFingerprint, fileError, readTextFile, sameContent, type Fingerprint, type TextFile } from '../files/text-file.js';
import { findCaseInsensitive } from '../files/paths.js';
import { watchFolders, type FolderWatcher } from '../files/watcher.js';
import { decryptSsisBlock } from './password.js';
import { setEntryPointEncrypted } from './encrypted-edit.js';
import { checkSensitivePassword, isSensitivePasswordProject } from './sensitive-password.js';
import { describeError, loadSolution, type LoadedProject, type LoadedSolution, type PackageCache } from './load.js';

type Args<C extends keyof RequestChannels> = RequestChannels[C][0];

export interface SolutionServiceOptions {
  /** GUID source for new packages (defaults to crypto.randomUUID). */
  readonly newGuid?: () => string;
  readonly now?: () => Date;
  /** Watch files for changes made outside the app (default true). */
  readonly watch?: boolean;
  readonly debounceMs?: number;
}

const MAX_VIEW_CODE_CHARS = 16 * 1024 * 1024;

export class SolutionService {
  private state: LoadedSolution | null = null;
  private readonly passwords = new Map<string, string>();
  private readonly packageCache: PackageCache = new Map();
  private readonly listeners = new Set<(view: SolutionView) => void>();
  private watcher: FolderWatcher | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: SolutionServiceOptions = {}) {}

  // ---- plumbing -------------------------------------------------------------------------------------

  /** Runs operations one at a time (no interleaved writes) and turns failures into values. */
  private run<T>(fn: () => Promise<T>): Promise<Result<T>> {
    const next = this.queue.then(async () => {
      try {
        return ok(await fn());
      } catch (e) {
        if (e instanceof DtprojEditError) return fail<T>(e.code, e.message);
        if (e instanceof AppFailure) return { ok: false as const, error: e.toError() };
        const code = (e as NodeJS.ErrnoException)?.code;
        if (typeof code === 'string' && code.startsWith('E')) return { ok: false as const, error: fileError(e, String((e as NodeJS.ErrnoException).path ?? '')).toError() };
        return { ok: false as const, error: toAppError(e) };
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private requireOpen(): LoadedSolution {
    if (!this.state) throw new AppFailure('INVALID_ARGUMENT', 'No solution is open.');
    return this.state;
  }

  private project(projectPath: string): LoadedProject {
    const s = this.requireOpen();
    const want = resolve(projectPath);
    const p = s.projects.find((x) => x.path === want) ?? s.projects.find((x) => x.path.toLowerCase() === want.toLowerCase());
    if (!p) throw new AppFailure('NOT_FOUND', `The open solution has no project ${projectPath}`, { path: projectPath });
    return p;
  }

  /** A project that can be edited: loaded, parsed, not encrypted, and read without loss. */
  private editable(projectPath: string): LoadedProject & { file: TextFile } {
    const p = this.project(projectPath);
    if (p.node.status === 'locked' || p.parsed?.encrypted) {
      throw new AppFailure('LOCKED', `${p.node.name} is encrypted with a password (EncryptAllWithPassword). Enter the password to change its Entry-point packages; other changes to such projects are made in Visual Studio.`);
    }
    if (!p.file || !p.parsed) throw new AppFailure('PARSE_ERROR', `${p.node.name} could not be read, so it is not changed: ${p.node.error ?? 'unknown error'}`);
    if (!p.file.lossless) throw new AppFailure('UNSUPPORTED', `${basename(p.path)} is not valid UTF-8; it is not changed.`);
    return p as LoadedProject & { file: TextFile };
  }

  private async load(path: string): Promise<SolutionView> {
    if (this.state && this.state.view.openedPath !== path) this.packageCache.clear();
    const loaded = await loadSolution(path, this.passwords, this.packageCache);
    if (this.closed) return loaded.view;
    this.state = loaded;
    this.rewatch();
    return loaded.view;
  }

  private async reloadState(): Promise<SolutionView> {
    return this.load(this.requireOpen().view.openedPath);
  }

  private rewatch(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.options.watch === false || !this.state || this.closed) return;
    this.watcher = watchFolders(this.state.folders, () => void this.checkDisk(), {
      debounceMs: this.options.debounceMs ?? 200,
      ignore: (name) => name.startsWith(TEMP_PREFIX),
    });
  }

  /** Called by the watcher: reload and notify when a file the view depends on really changed. */
  private checkDisk(): Promise<unknown> {
    return this.run(async () => {
      const s = this.state;
      if (!s || this.closed) return;
      let changed = false;
      for (const [path, fp] of s.known) {
        const now = await currentFingerprint(path, fp ?? undefined).catch(() => null);
        if (!sameContent(now, fp)) {
          changed = true;
          break;
        }
      }
      if (!changed) return;
      const view = await this.reloadState();
      for (const l of this.listeners) l(view);
    });
  }

  /** Listens for reloads caused by changes on disk. Returns the unsubscribe function. */
  onChanged(listener: (view: SolutionView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops watching; pending operations finish. */
  async close(): Promise<void> {
    this.closed = true;
    this.watcher?.close();
    this.watcher = null;
    this.listeners.clear();
    await this.queue;
  }

  /** Test hook: resolves once the watcher has checked the disk for any events seen so far. */
  async settle(): Promise<void> {
    await new Promise((r) => setTimeout(r, (this.options.debounceMs ?? 200) + 50));
    await this.queue;
  }

  private async writeProject(p: LoadedProject & { file: TextFile }, text: string): Promise<void> {
    await writeTextFileAtomic(p.path, text, { expected: p.file.fingerprint, encoding: p.file.encoding });
  }

  // ---- channels -------------------------------------------------------------------------------------

  get(_args: Args<'solution:get'> = {}): Promise<Result<SolutionView | null>> {
    return this.run(async () => this.state?.view ?? null);
  }

  open(args: Args<'solution:open'>): Promise<Result<SolutionView>> {
    return this.run(() => this.load(resolve(args.path)));
  }

  reload(_args: Args<'solution:reload'> = {}): Promise<Result<SolutionView>> {
    return this.run(() => this.reloadState());
  }

  setEntryPoint(args: Args<'solution:setEntryPoint'>): Promise<Result<SolutionView>> {
    return this.run(async () => {
      const enc = this.project(args.projectPath);
      const password = this.passwords.get(enc.path);
      if (enc.parsed?.encrypted && enc.file && password !== undefined) {
        // An unlocked EncryptAllWithPassword project: edit inside the ciphertext.
        if (!enc.file.lossless) throw new AppFailure('UNSUPPORTED', `${basename(enc.path)} is not valid UTF-8; it is not changed.`);
        const text = setEntryPointEncrypted(enc.parsed, password, args.packageName, args.entryPoint);
        if (text !== enc.file.text) await writeTextFileAtomic(enc.path, text, { expected: enc.file.fingerprint, encoding: enc.file.encoding });
        return this.reloadState();
      }
      const p = this.editable(args.projectPath);
      const text = setEntryPoint(p.parsed!, args.packageName, args.entryPoint);
      if (text !== p.file.text) await this.writeProject(p, text);
      return this.reloadState();
    });
  }

  setStartupObject(args: Args<'solution:setStartupObject'>): Promise<Result<SolutionView>> {
    return this.run(async () => {
      const p = this.project(args.projectPath);
      if (!p.parsed) throw new AppFailure('PARSE_ERROR', `${p.node.name} could not be read: ${p.node.error ?? ''}`);
      const pkg = p.node.packages.find((x) => x.name.toLowerCase() === args.packageName.toLowerCase());
      if (!pkg) throw new AppFailure('NOT_FOUND', `The project does not list a package named "${args.packageName}"`);
      if (p.userFile) {
        if (!p.userFile.lossless) throw new AppFailure('UNSUPPORTED', `${basename(p.userPath)} is not valid UTF-8; it is not changed.`);
        let text: string;
        try {
          text = setStartupObject(p.userFile.text, pkg.name);
        } catch (e) {
          throw new AppFailure('PARSE_ERROR', `${basename(p.userPath)}: ${describeError(e)}; it is not changed.`);
        }
        await writeTextFileAtomic(p.userPath, text, { expected: p.userFile.fingerprint, encoding: p.userFile.encoding });
      } else {
        const configs = p.parsed.configurations.map((c) => c.name).filter(Boolean);
        await writeTextFileAtomic(p.userPath, newUserFile(configs, pkg.name, p.file?.text.includes('\r\n') === false ? '\n' : '\r\n'), { expected: null });
      }
      return this.reloadState();
    });
  }

  viewCode(args: Args<'solution:viewCode'>): Promise<Result<ViewCode>> {
    return this.run(async () => {
      const s = this.requireOpen();
      const want = resolve(args.path);
      // Only files that belong to the open solution can be shown.
      const allowed = new Set<string>([...s.known.keys()].map((k) => k.toLowerCase()));
      if (!allowed.has(want.toLowerCase())) throw new AppFailure('INVALID_ARGUMENT', `${args.path} is not part of the open solution`);
      const real = (await findCaseInsensitive(want)) ?? want;
      const f = await readTextFile(real);
      if (f.text.length > MAX_VIEW_CODE_CHARS) throw new AppFailure('UNSUPPORTED', `${basename(real)} is too large to show`);
      return { path: real, text: maskSecrets(f.text.replace(/^\uFEFF/, '')) };
    });
  }

  renamePackage(args: Args<'solution:renamePackage'>): Promise<Result<SolutionView>> {
    return this.run(async () => {
      const p = this.editable(args.projectPath);
      const ref = findPackage(p.parsed!, args.packageName);
      if (!ref) throw new AppFailure('NOT_FOUND', `The project does not list a package named "${args.packageName}"`);
      const newName = withDtsxExtension(args.newName);
      const names = p.parsed!.packages.map((x) => x.name);
      const invalid = validatePackageFileName(newName, names, ref.name);
      if (invalid) throw new AppFailure('INVALID_ARGUMENT', invalid);
      if (newName === ref.name) return this.requireOpen().view;
      const loadedPkg = p.packages.find((x) => x.node.name === ref.name);
      const oldPath = loadedPkg?.node.path ?? join(dirname(p.path), ref.fullPath);
      const newPath = join(dirname(oldPath), newName);
      const caseOnly = newPath.toLowerCase() === oldPath.toLowerCase();
      if (!caseOnly && (await findCaseInsensitive(newPath))) throw new AppFailure('ALREADY_EXISTS', `A file named "${newName}" already exists in ${dirname(newPath)}.`);
      await assertUnchanged(p.path, p.file.fingerprint);
      const pkgFile = loadedPkg?.fingerprint ? await this.readUnchanged(oldPath, loadedPkg.fingerprint) : null;
      const projectText = renamePackage(p.parsed!, ref.name, newName);
      if (pkgFile) {
        // The package object name follows the file name, as in Visual Studio.
        let pkgText = pkgFile.text;
        if (pkgFile.lossless) {
          try {
            pkgText = setPackageObjectName(parseDtsx(pkgFile.text).doc, newName.replace(/\.dtsx$/i, ''));
          } catch {
            pkgText = pkgFile.text;
          }
        }
        if (caseOnly) {
          await rename(oldPath, newPath);
          if (pkgText !== pkgFile.text) await writeTextFileAtomic(newPath, pkgText, { encoding: pkgFile.encoding });
        } else {
          await writeTextFileAtomic(newPath, pkgText, { expected: null, encoding: pkgFile.encoding });
        }
      }
      try {
        await this.writeProject(p, projectText);
      } catch (e) {
        if (pkgFile && !caseOnly) await unlink(newPath).catch(() => undefined);
        if (pkgFile && caseOnly) await rename(newPath, oldPath).catch(() => undefined);
        throw e;
      }
      if (pkgFile && !caseOnly) await unlink(oldPath).catch(() => undefined);
      await this.renameStartupObject(p, ref.name, newName);
      return this.reloadState();
    });
  }

  /** Reads a file again and refuses (CONFLICT) when it is not what the view was built from. */
  private async readUnchanged(path: string, expected: Fingerprint): Promise<TextFile> {
    const f = await readTextFile(path);
    if (!sameContent(f.fingerprint, expected)) {
      throw new AppFailure('CONFLICT', `${basename(path)} was changed on disk after it was opened. Reload to see the changes, then try again; nothing was written.`, { path });
    }
    return f;
  }

  private async renameStartupObject(p: LoadedProject, oldName: string, newName: string): Promise<void> {
    if (!p.userFile || p.node.startupObject?.toLowerCase() !== oldName.toLowerCase() || !p.userFile.lossless) return;
    try {
      await writeTextFileAtomic(p.userPath, setStartupObject(p.userFile.text, newName), { expected: p.userFile.fingerprint, encoding: p.userFile.encoding });
    } catch {
      /* the StartUp object is a per-user convenience; a stale one is harmless */
    }
  }

  deletePackage(args: Args<'solution:deletePackage'>): Promise<Result<SolutionView>> {
    return this.run(async () => {
      const p = this.editable(args.projectPath);
      const ref = findPackage(p.parsed!, args.packageName);
      if (!ref) throw new AppFailure('NOT_FOUND', `The project does not list a package named "${args.packageName}"`);
      const loadedPkg = p.packages.find((x) => x.node.name === ref.name);
      if (loadedPkg?.fingerprint) await assertUnchanged(loadedPkg.node.path, loadedPkg.fingerprint);
      await this.writeProject(p, removePackage(p.parsed!, ref.name));
      if (loadedPkg?.fingerprint) {
        await unlink(loadedPkg.node.path).catch((e: unknown) => {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(e, loadedPkg.node.path);
        });
      }
      return this.reloadState();
    });
  }

  excludePackage(args: Args<'solution:excludePackage'>): Promise<Result<SolutionView>> {
    return this.run(async () => {
      const p = this.editable(args.projectPath);
      const ref = findPackage(p.parsed!, args.packageName);
      if (!ref) throw new AppFailure('NOT_FOUND', `The project does not list a package named "${args.packageName}"`);
      await this.writeProject(p, removePackage(p.parsed!, ref.name));
      return this.reloadState();
    });
  }

  newPackage(args: Args<'solution:newPackage'>): Promise<Result<NewPackageResult>> {
    return this.run(async () => {
      const p = this.editable(args.projectPath);
      const dir = dirname(p.path);
      let name = nextPackageName(p.parsed!.packages.map((x) => x.name));
      while (await findCaseInsensitive(join(dir, name))) name = nextPackageName([...p.parsed!.packages.map((x) => x.name), name, ...(await this.takenNames(dir))]);
      const objectName = name.replace(/\.dtsx$/i, '');
      const user = safeUser();
      // As in SSDT, the new package takes the project's protection level (Build requires them to match).
      const projectLevel = p.parsed!.protectionLevel;
      const level = projectLevel === 0 || projectLevel === 2 || projectLevel === 5 ? projectLevel : 1;
      const created = newPackageXml({
        objectName,
        newGuid: this.options.newGuid ?? randomUUID,
        now: (this.options.now ?? (() => new Date()))(),
        creatorName: user,
        creatorComputerName: hostname().toUpperCase(),
        newline: p.file.text.includes('\r\n') ? '\r\n' : '\n',
        protectionLevel: level,
      });
      const projectText = addPackage(p.parsed!, { fileName: name, objectName, id: created.id, versionGuid: created.versionGuid, versionBuild: 1, protectionLevel: level });
      const pkgPath = join(dir, name);
      await assertUnchanged(p.path, p.file.fingerprint);
      await writeTextFileAtomic(pkgPath, created.text, { expected: null });
      try {
        await this.writeProject(p, projectText);
      } catch (e) {
        await unlink(pkgPath).catch(() => undefined);
        throw e;
      }
      return { view: await this.reloadState(), packageName: name };
    });
  }

  private async takenNames(dir: string): Promise<string[]> {
    return readdir(dir).catch(() => [] as string[]);
  }

  addExistingPackage(args: Args<'solution:addExistingPackage'>): Promise<Result<SolutionView>> {
    return this.run(async () => {
      const p = this.editable(args.projectPath);
      const source = await readTextFile(resolve(args.sourcePath));
      let info;
      try {
        info = parseDtsx(source.text).info;
      } catch (e) {
        throw new AppFailure('PARSE_ERROR', `${basename(source.path)} is not a valid SSIS package: ${describeError(e)}`, { path: source.path });
      }
      const name = basename(source.path);
      const invalid = validatePackageFileName(name, p.parsed!.packages.map((x) => x.name));
      if (invalid) throw new AppFailure(/already exists/.test(invalid) ? 'ALREADY_EXISTS' : 'INVALID_ARGUMENT', invalid);
      const dir = dirname(p.path);
      const target = join(dir, name);
      const inPlace = resolve(dirname(source.path)) === resolve(dir);
      if (!inPlace && (await findCaseInsensitive(target))) {
        throw new AppFailure('ALREADY_EXISTS', `A file named "${name}" already exists in the project folder; rename one of them first.`);
      }
      const projectText = addPackage(p.parsed!, {
        fileName: name,
        objectName: info.objectName ?? name.replace(/\.dtsx$/i, ''),
        id: info.id ?? '',
        versionGuid: info.versionGuid ?? '',
        versionMajor: info.versionMajor ?? 1,
        versionMinor: info.versionMinor ?? 0,
        versionBuild: info.versionBuild ?? 0,
        formatVersion: info.formatVersion ?? 8,
        protectionLevel: info.protectionLevel ?? 1,
        description: info.description ?? '',
      });
      await assertUnchanged(p.path, p.file.fingerprint);
      if (!inPlace) await writeTextFileAtomic(target, source.text, { expected: null, encoding: source.encoding });
      try {
        await this.writeProject(p, projectText);
      } catch (e) {
        if (!inPlace) await unlink(target).catch(() => undefined);
        throw e;
      }
      return this.reloadState();
    });
  }

  packageProperties(args: Args<'solution:packageProperties'>): Promise<Result<PackageProperties>> {
    return this.run(async () => {
      const p = this.project(args.projectPath);
      const pkg = p.packages.find((x) => x.node.name === args.packageName) ?? p.packages.find((x) => x.node.name.toLowerCase() === args.packageName.toLowerCase());
      if (!pkg) throw new AppFailure('NOT_FOUND', `The project does not list a package named "${args.packageName}"`);
      const i = pkg.info;
      return {
        name: pkg.node.name,
        path: pkg.node.path,
        id: i?.id ?? null,
        versionGuid: i?.versionGuid ?? null,
        versionMajor: i?.versionMajor ?? null,
        versionMinor: i?.versionMinor ?? null,
        versionBuild: i?.versionBuild ?? null,
        protectionLevel: pkg.node.protectionLevel,
        protectionLevelName: protectionLevelName(pkg.node.protectionLevel),
        formatVersion: pkg.node.formatVersion,
        targetServerVersion: p.node.targetServerVersion ?? null,
        creatorName: i?.creatorName ?? null,
        creationDate: i?.creationDate ?? null,
        description: i?.description ?? null,
        entryPoint: pkg.node.entryPoint,
      };
    });
  }

  projectProperties(args: Args<'solution:projectProperties'>): Promise<Result<ProjectProperties>> {
    return this.run(async () => {
      const p = this.project(args.projectPath);
      const level = p.parsed?.protectionLevel ?? null;
      return {
        name: p.node.name,
        path: p.path,
        deploymentModel: p.node.deploymentModel,
        protectionLevel: level,
        protectionLevelName: protectionLevelName(level),
        productVersion: p.parsed?.productVersion ?? null,
        targetServerVersion: p.node.targetServerVersion ?? null,
        configurations: p.parsed?.configurations.map((c) => c.name) ?? [],
        id: p.parsed?.projectId ?? null,
      };
    });
  }

  /**
   * The password the user gave when unlocking this project (solution:unlockProject), for Build and Deploy;
   * undefined when it was not unlocked this session. Held in memory only.
   */
  projectPassword(projectPath: string): string | undefined {
    const want = resolve(projectPath);
    for (const [path, password] of this.passwords) if (path === want || path.toLowerCase() === want.toLowerCase()) return password;
    return undefined;
  }

  unlockProject(args: Args<'solution:unlockProject'>): Promise<Result<SolutionView>> {
    return this.run(async () => {
      const p = this.project(args.projectPath);
      const enc = p.parsed?.encrypted;
      if (!enc && isSensitivePasswordProject(p.node)) {
        // EncryptSensitiveWithPassword: the project is open already; runs need the password for its secrets.
        await checkSensitivePassword(p.node, args.password);
        this.passwords.set(p.path, args.password);
        return this.reloadState();
      }
      if (!enc) throw new AppFailure('INVALID_ARGUMENT', `${p.node.name} is not encrypted with a password.`);
      const xml = decryptSsisBlock({ password: args.password, iv: enc.iv, cipherText: enc.cipherText, algorithm: enc.algorithm });
      try {
        parseXml(xml);
      } catch (e) {
        throw new AppFailure('PARSE_ERROR', `The decrypted manifest of ${p.node.name} is not valid XML: ${describeError(e)}`);
      }
      this.passwords.set(p.path, args.password);
      return this.reloadState();
    });
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}
