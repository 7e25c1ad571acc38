/**
 * Watches folders (not files) for changes, debounced. Watching the folder survives editors that save by
 * writing a temp file and renaming it over the original (the file's inode changes; the folder's does not).
 */
import { watch, type FSWatcher } from 'node:fs';

export interface FolderWatcher {
  close(): void;
}

/**
 * Calls `onChange` once per burst of changes in any of `folders` (after `debounceMs` of quiet). `ignore`
 * filters file names (our own temp files). Folders that cannot be watched are skipped.
 */
export function watchFolders(
  folders: readonly string[],
  onChange: (changedNames: ReadonlySet<string>) => void,
  options: { debounceMs?: number; ignore?: (name: string) => boolean } = {},
): FolderWatcher {
  const debounceMs = options.debounceMs ?? 200;
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | null = null;
  let pending = new Set<string>();
  let closed = false;
  const fire = () => {
    timer = null;
    if (closed) return;
    const names = pending;
    pending = new Set();
    onChange(names);
  };
  for (const folder of new Set(folders)) {
    try {
      const w = watch(folder, { persistent: false }, (_event, filename) => {
        const name = filename ? String(filename) : '';
        if (name && options.ignore?.(name)) return;
        pending.add(name);
        if (timer) clearTimeout(timer);
        timer = setTimeout(fire, debounceMs);
      });
      w.on('error', () => undefined);
      watchers.push(w);
    } catch {
      /* a folder that vanished or cannot be watched: the next reload will report what is missing */
    }
  }
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
