/**
 * Large immutable binaries (package and project bytes) kept apart from the state, addressed by SHA-256,
 * so that a commit writes only the small state file and a rollback never copies megabytes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';

export class BlobStore {
  private readonly memory = new Map<string, Buffer>();

  constructor(private readonly dir: string | null) {
    if (dir) mkdirSync(dir, { recursive: true });
  }

  /** Stores the bytes (durably when on disk) and returns their hash. */
  put(bytes: Buffer): string {
    const hash = createHash('sha256').update(bytes).digest('hex');
    if (this.dir) {
      const path = join(this.dir, hash);
      if (!existsSync(path)) writeFileAtomic(path, bytes);
    } else {
      this.memory.set(hash, Buffer.from(bytes));
    }
    return hash;
  }

  get(hash: string): Buffer {
    if (!this.dir) {
      const b = this.memory.get(hash);
      if (!b) throw new Error(`blob ${hash} is missing`);
      return b;
    }
    return readFileSync(join(this.dir, hash));
  }
}
