import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REDACTED, RotatingLog } from '../services/logs/index.js';
import { unexpectedErrorReporter, type ErrorDialogOptions } from './unexpected-errors.js';

it('logs the stack, shows one dialog at a time with the message and the log path, and can open the logs folder', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ssisd-unexpected-'));
  try {
    const logger = new RotatingLog({ dir });
    logger.addSecret('Hunter2!Secret');
    const shown: ErrorDialogOptions[] = [];
    let answer: (r: { response: number }) => void = () => {};
    let opened = 0;
    const report = unexpectedErrorReporter({
      logger,
      showDialog: (o) => (shown.push(o), new Promise((resolve) => (answer = resolve))),
      openLogsFolder: () => opened++,
      canShowDialogs: () => true,
    });
    report('Unexpected error', new TypeError('cannot read x of undefined (login Hunter2!Secret)'));
    report('Unexpected error', new Error('a second one while the dialog is open'));
    expect(shown).toHaveLength(1);
    expect(shown[0]!.message).toBe(`Something went wrong: cannot read x of undefined (login ${REDACTED})`);
    expect(shown[0]!.detail).toContain(logger.file);
    expect(shown[0]!.buttons).toEqual(['OK', 'Open Logs Folder']);
    answer({ response: 1 });
    await new Promise((r) => setTimeout(r, 0));
    expect(opened).toBe(1);
    report('Unexpected error (promise)', 'a plain string');
    expect(shown).toHaveLength(2);
    const log = await readFile(logger.file, 'utf8');
    expect(log).toContain('ERROR Unexpected error: TypeError: cannot read x of undefined');
    expect(log).toContain('a second one while the dialog is open');
    expect(log).toMatch(/at .*unexpected-errors\.test\.ts/);
    expect(log).not.toContain('Hunter2!Secret');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
