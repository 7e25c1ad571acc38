/**
 * Holds the state, persists every committed change (state.json written atomically) and reloads it at
 * start. Without a data directory everything stays in memory.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import { BlobStore } from './blobs.js';
import { WriteLock } from './lock.js';
import { initialState, type State } from './model.js';

export class Store {
  state: State;
  readonly blobs: BlobStore;
  readonly lock = new WriteLock();
  private readonly file: string | null;

  constructor(dataDir: string | null | undefined) {
    if (dataDir) {
      mkdirSync(dataDir, { recursive: true });
      this.file = join(dataDir, 'state.json');
      this.blobs = new BlobStore(join(dataDir, 'blobs'));
      this.state = existsSync(this.file) ? load(this.file) : initialState();
    } else {
      this.file = null;
      this.blobs = new BlobStore(null);
      this.state = initialState();
    }
  }

  snapshot(): State {
    return copyJson(this.state);
  }

  restore(s: State): void {
    this.state = s;
  }

  /** Makes the current state durable (a no-op in memory). */
  persist(): void {
    if (this.file) writeFileAtomic(this.file, JSON.stringify(this.state));
  }
}

/**
 * A deep copy of plain JSON data (what State is). Every write statement takes one, so it is hand-written:
 * structuredClone also handles types State never holds, and took about twice as long in the deploy bench.
 */
function copyJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyJson) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copyJson((value as Record<string, unknown>)[key]);
  return out as T;
}

function load(file: string): State {
  const text = readFileSync(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not valid JSON (${(e as Error).message}); refusing to start over it`, { cause: e });
  }
  if (!parsed || typeof parsed !== 'object' || (parsed as { version?: unknown }).version !== 1) {
    throw new Error(`${file} has an unknown format; refusing to start over it`);
  }
  return { ...initialState(), ...(parsed as State) };
}
