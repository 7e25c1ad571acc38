/** Pure helpers of the Progress view: the executables as a tree (siblings in the order they appeared) and VS's time words. */
import type { RunNode } from '../../../shared/contract/runs.js';

export interface ProgressItem {
  readonly node: RunNode;
  readonly children: readonly ProgressItem[];
}

export function progressTree(nodes: Readonly<Record<string, RunNode>>, order: readonly string[]): ProgressItem[] {
  const byParent = new Map<string | null, RunNode[]>();
  for (const id of order) {
    const node = nodes[id];
    if (!node) continue;
    // A node whose parent never arrived is shown at the top rather than lost.
    const parent = node.parentId !== null && node.parentId in nodes ? node.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), node]);
  }
  const build = (parent: string | null, depth: number): ProgressItem[] =>
    depth > 64 ? [] : (byParent.get(parent) ?? []).map((node) => ({ node, children: build(node.id, depth + 1) }));
  return build(null, 0);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** "00:00:01.234", as Visual Studio's Progress tab writes Elapsed time. */
export function elapsed(startIso: string, endIso: string): string {
  const ms = Math.max(0, Date.parse(endIso) - Date.parse(startIso));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/** Local wall-clock time of an ISO instant, "10:12:01 AM" style of the user's locale. */
export function clock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString();
}

const STATE_WORDS: Record<RunNode['state'], string> = {
  pending: 'Not started',
  running: 'Running',
  success: 'Success',
  failure: 'Failure',
  cancelled: 'Canceled',
  skipped: 'Skipped',
};

export function stateWord(state: RunNode['state']): string {
  return STATE_WORDS[state];
}

const LEVEL_WORDS = { information: 'Information', warning: 'Warning', error: 'Error' } as const;

export function levelWord(level: keyof typeof LEVEL_WORDS): string {
  return LEVEL_WORDS[level];
}
