/**
 * On a slow disk or network share the reader stops reading synchronously, so a slow file no longer holds the event
 * loop. Named pipes stand in for slow files: opening one waits until another process writes to it. Its own file, as
 * the switch lasts for the rest of the process.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTextFile } from './text-file.js';

const dir = mkdtempSync(join(tmpdir(), 'ssisd-slow-reads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A named pipe that another process fills with `text` after `delayMs`. */
function lateFile(name: string, text: string, delayMs: number): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  spawn('sh', ['-c', `sleep ${delayMs / 1000}; printf '%s' '${text}' > '${path}'`], { stdio: 'ignore' });
  return path;
}

describe.skipIf(process.platform === 'win32')('slow reads', () => {
  it('after three slow synchronous reads, reads go through the thread pool and the event loop keeps turning', async () => {
    for (let i = 0; i < 3; i++) expect((await readTextFile(lateFile(`slow${i}`, `<a>${i}</a>`, 50))).text).toBe(`<a>${i}</a>`);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    try {
      expect((await readTextFile(lateFile('late', '<late/>', 400))).text).toBe('<late/>');
    } finally {
      clearInterval(timer);
    }
    // Held synchronously, the timer could not have fired during the 400 ms.
    expect(ticks).toBeGreaterThan(10);
  });
});
