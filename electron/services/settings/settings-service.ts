/**
 * What the app remembers between starts: window layout, pane sizes, recent solutions, the last opened
 * solution and the local-emulators switch. One JSON file in the user-data folder, read once, every change
 * written atomically and in order. Every public method answers a Result and never throws.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { RECENT_SOLUTIONS_MAX, type AppSettings, type WindowLayout } from '../../../shared/model/settings.js';
import { AppFailure, fail, ok, type Result } from '../../../shared/result.js';
import { normalizeSettings, readSettingsFile, solutionPath, validPaneName, validPaneSize, writeSettingsFile } from './settings-file.js';

export const SETTINGS_FILE_NAME = 'settings.json';

export interface SettingsServiceOptions {
  readonly userDataDir: string;
  readonly log?: (line: string) => void;
}

export class SettingsService {
  readonly file: string;
  private current: Promise<AppSettings> | null = null;
  private writes: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(settings: AppSettings) => void>();

  constructor(private readonly opts: SettingsServiceOptions) {
    this.file = join(opts.userDataDir, SETTINGS_FILE_NAME);
  }

  get(): Promise<Result<AppSettings>> {
    return this.guard(() => this.load());
  }

  /** Called after every change that was written. */
  onChanged(listener: (settings: AppSettings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A solution was opened: it goes to the top of the recent list and becomes the last opened one. */
  solutionOpened(path: string): Promise<Result<AppSettings>> {
    return this.change((s) => ({
      ...s,
      recentSolutions: [path, ...s.recentSolutions.filter((p) => p !== path)].slice(0, RECENT_SOLUTIONS_MAX),
      lastSolution: path,
    }));
  }

  /** A recent solution that no longer opens leaves the list (and stops being the last one). */
  forgetSolution(path: string): Promise<Result<AppSettings>> {
    return this.change((s) => ({
      ...s,
      recentSolutions: s.recentSolutions.filter((p) => p !== path),
      lastSolution: s.lastSolution === path ? null : s.lastSolution,
    }));
  }

  clearRecent(): Promise<Result<AppSettings>> {
    return this.change((s) => ({ ...s, recentSolutions: [] }));
  }

  setPaneSize(pane: string, size: number): Promise<Result<AppSettings>> {
    if (!validPaneName(pane)) return Promise.resolve(fail('INVALID_ARGUMENT', 'A pane name is a short identifier (letters, digits, . _ -).', { field: 'pane' }));
    if (!validPaneSize(size)) return Promise.resolve(fail('INVALID_ARGUMENT', 'A pane size must be between 80 and 4000 pixels.', { field: 'size' }));
    return this.change((s) => ({ ...s, paneSizes: { ...s.paneSizes, [pane]: Math.round(size) } }));
  }

  setWindow(layout: WindowLayout): Promise<Result<AppSettings>> {
    return this.change((s) => normalizeSettings({ ...s, window: layout }));
  }

  setStartLocalEmulators(enabled: boolean): Promise<Result<AppSettings>> {
    return this.change((s) => ({ ...s, startLocalEmulators: enabled }));
  }

  /** Tools → Options → dtexec path; null or blank = find an installed dtexec (else the built-in engine). */
  setDtexecPath(path: string | null): Promise<Result<AppSettings>> {
    const trimmed = path?.trim() ?? '';
    if (trimmed !== '' && solutionPath(trimmed) === null) {
      return Promise.resolve(fail('INVALID_ARGUMENT', 'The dtexec path must be a full path, such as C:\\Program Files\\Microsoft SQL Server\\160\\DTS\\Binn\\DTExec.exe or /opt/ssis/bin/dtexec.', { field: 'path' }));
    }
    if (trimmed === '') return this.change((s) => ({ ...s, dtexecPath: null }));
    return stat(trimmed).then(
      (st) => (st.isFile() ? this.change((s) => ({ ...s, dtexecPath: trimmed })) : fail<AppSettings>('INVALID_ARGUMENT', `${trimmed} is a folder; give the path of DTExec itself.`, { field: 'path' })),
      () => fail<AppSettings>('INVALID_ARGUMENT', `There is no file ${trimmed}.`, { field: 'path' }),
    );
  }

  /** Waits for pending writes (on quit). */
  async flush(): Promise<void> {
    await this.writes.catch(() => undefined);
  }

  private load(): Promise<AppSettings> {
    this.current ??= readSettingsFile(this.file);
    return this.current;
  }

  private change(update: (s: AppSettings) => AppSettings): Promise<Result<AppSettings>> {
    return this.guard(() => {
      const next = this.writes.then(async () => {
        const updated = update(await this.load());
        await writeSettingsFile(this.file, updated);
        this.current = Promise.resolve(updated);
        for (const l of [...this.listeners]) {
          try {
            l(updated);
          } catch {
            // A listener's failure (a closed transport) is not the settings' concern.
          }
        }
        return updated;
      });
      this.writes = next.catch(() => undefined);
      return next;
    });
  }

  private async guard<T>(work: () => Promise<T>): Promise<Result<T>> {
    try {
      return ok(await work());
    } catch (e) {
      if (e instanceof AppFailure) return { ok: false, error: e.toError() };
      const message = e instanceof Error ? e.message : String(e);
      this.opts.log?.(`settings: ${message}`);
      return fail('IO_ERROR', `The settings could not be saved in ${this.file}: ${message}`);
    }
  }
}
