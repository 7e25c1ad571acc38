/**
 * What the app remembers between starts (electron/services/settings keeps it in <userData>/settings.json).
 * Nothing secret is ever part of it.
 */

/** The main window's last bounds (desktop app). */
export interface WindowLayout {
  readonly x: number | null;
  readonly y: number | null;
  readonly width: number;
  readonly height: number;
  readonly maximized: boolean;
}

export interface AppSettings {
  readonly window: WindowLayout | null;
  /** Pane name (e.g. 'solutionExplorer', 'servers', 'output') → size in CSS pixels. */
  readonly paneSizes: Readonly<Record<string, number>>;
  /** Most recent first, at most RECENT_SOLUTIONS_MAX, absolute paths. */
  readonly recentSolutions: readonly string[];
  /** Opened when no path is given on the command line (falls back to the sample when it is gone). */
  readonly lastSolution: string | null;
  /** `npm start` starts two local emulated SQL Servers and registers them (off: `--no-emulators`). */
  readonly startLocalEmulators: boolean;
  /**
   * Tools → Options → SSIS Designer → dtexec path: the DTExec that runs packages (an absolute path), or null to
   * look for an installed SSIS and fall back to the built-in engine. SSISD_DTEXEC in the environment wins.
   */
  readonly dtexecPath: string | null;
}

export const RECENT_SOLUTIONS_MAX = 10;
/** Pane sizes outside this range are ignored (a corrupt file must not hide a pane). */
export const PANE_SIZE_MIN = 80;
export const PANE_SIZE_MAX = 4000;

export const DEFAULT_SETTINGS: AppSettings = {
  window: null,
  paneSizes: {},
  recentSolutions: [],
  lastSolution: null,
  startLocalEmulators: true,
  dtexecPath: null,
};
