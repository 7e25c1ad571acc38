/**
 * <userData>/settings.json: read leniently (a field that is missing or wrong falls back to its default, so a
 * hand-edited or older file never stops the app), written atomically.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { DEFAULT_SETTINGS, PANE_SIZE_MAX, PANE_SIZE_MIN, RECENT_SOLUTIONS_MAX, type AppSettings, type WindowLayout } from '../../../shared/model/settings.js';
import { writeFileAtomic } from '../secrets/atomic-write.js';

const MAX_PANES = 32;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function windowLayout(v: unknown): WindowLayout | null {
  if (typeof v !== 'object' || v === null) return null;
  const w = v as Record<string, unknown>;
  if (!finite(w.width) || !finite(w.height) || w.width < 200 || w.height < 150 || w.width > 20_000 || w.height > 20_000) return null;
  return {
    x: finite(w.x) ? Math.round(w.x) : null,
    y: finite(w.y) ? Math.round(w.y) : null,
    width: Math.round(w.width),
    height: Math.round(w.height),
    maximized: w.maximized === true,
  };
}

export function validPaneSize(size: unknown): size is number {
  return finite(size) && size >= PANE_SIZE_MIN && size <= PANE_SIZE_MAX;
}

export function validPaneName(name: unknown): name is string {
  return typeof name === 'string' && /^[A-Za-z][A-Za-z0-9._-]{0,63}$/.test(name);
}

function paneSizes(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return out;
  for (const [name, size] of Object.entries(v).slice(0, MAX_PANES)) {
    if (validPaneName(name) && validPaneSize(size)) out[name] = Math.round(size);
  }
  return out;
}

/** An absolute path (a solution, the dtexec executable). */
export function solutionPath(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 && v.length < 4096 && isAbsolute(v) ? v : null;
}

/** Any JSON value → settings; what does not fit is replaced by the default. */
export function normalizeSettings(value: unknown): AppSettings {
  if (typeof value !== 'object' || value === null) return DEFAULT_SETTINGS;
  const s = value as Record<string, unknown>;
  const recent = Array.isArray(s.recentSolutions) ? s.recentSolutions.map(solutionPath).filter((p): p is string => p !== null) : [];
  return {
    window: windowLayout(s.window),
    paneSizes: paneSizes(s.paneSizes),
    recentSolutions: [...new Set(recent)].slice(0, RECENT_SOLUTIONS_MAX),
    lastSolution: solutionPath(s.lastSolution),
    startLocalEmulators: typeof s.startLocalEmulators === 'boolean' ? s.startLocalEmulators : DEFAULT_SETTINGS.startLocalEmulators,
    dtexecPath: solutionPath(s.dtexecPath),
  };
}

export async function readSettingsFile(path: string): Promise<AppSettings> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return DEFAULT_SETTINGS;
  }
  try {
    return normalizeSettings(JSON.parse(text));
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export async function writeSettingsFile(path: string, settings: AppSettings): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify({ version: 1, ...settings }, null, 2)}\n`, 0o600);
}
