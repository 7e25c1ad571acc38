/**
 * The dtexec the CLI uses when --dtexec is not given: the repository's own `ssisd exec` (bin/ssisd.js),
 * found next to this module (emulator/ in the sources, out/emulator/ when bundled), run by this Node. No
 * app code is imported; the command is only a string the Agent passes to /bin/sh.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Single-quotes a word for /bin/sh. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `'<node>' '<repo>/bin/ssisd.js' exec`, or null when bin/ssisd.js is not found (SSIS stays "not installed"). */
export function defaultDtexecCommand(from: string = fileURLToPath(import.meta.url)): string | null {
  let dir = dirname(from);
  for (let i = 0; i < 4; i++) {
    const launcher = join(dir, 'bin', 'ssisd.js');
    if (existsSync(launcher)) return `${shellQuote(process.execPath)} ${shellQuote(launcher)} exec`;
    dir = dirname(dir);
  }
  return null;
}
