import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { redact, REDACTED, RotatingLog } from './index.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('redact', () => {
  it('scrubs registered secrets and keyed values whatever they are', () => {
    const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';
    expect(redact(`GET /?token=${token} from 127.0.0.1`, [])).toBe(`GET /?token=${REDACTED} from 127.0.0.1`);
    expect(redact(`url http://127.0.0.1:5/#${token}`, [token])).toBe(`url http://127.0.0.1:5/#${REDACTED}`);
    expect(redact('Server=x;User Id=sa;Password=S3cret!;Encrypt=true', [])).toBe(`Server=x;User Id=sa;Password=${REDACTED};Encrypt=true`);
    expect(redact('login failed: password: "p w"', [])).toBe(`login failed: password: ${REDACTED}`);
    expect(redact('nothing secret here', ['abc'])).toBe('nothing secret here');
  });
});

describe('RotatingLog', () => {
  it('writes timestamped, scrubbed lines and rotates, keeping a bounded number of files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ssisd-logs-'));
    dirs.push(dir);
    const echoed: string[] = [];
    const log = new RotatingLog({ dir: join(dir, 'logs'), maxBytes: 2_000, keep: 2, echo: (l) => echoed.push(l), now: () => new Date('2026-12-01T10:00:00Z') });
    log.addSecret('Super$ecretPw');
    log.error('connect failed with Super$ecretPw\nsecond line');
    expect(echoed).toEqual([`connect failed with ${REDACTED}\nsecond line`]);
    const first = await readFile(log.file, 'utf8');
    expect(first).toBe(`2026-12-01T10:00:00.000Z ERROR connect failed with ${REDACTED}\n    second line\n`);
    for (let i = 0; i < 200; i++) log.info(`line ${i} ${'x'.repeat(50)}`);
    const files = (await readdir(join(dir, 'logs'))).sort();
    expect(files).toEqual(['ssisd.1.log', 'ssisd.2.log', 'ssisd.log']);
    for (const f of files) expect((await readFile(join(dir, 'logs', f))).length).toBeLessThanOrEqual(2_000);
    expect(await readFile(log.file, 'utf8')).toContain('line 199');
  });

  it('keeps the app running when the folder cannot be written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ssisd-logs-'));
    dirs.push(dir);
    await writeFile(join(dir, 'a-file'), 'x');
    const log = new RotatingLog({ dir: join(dir, 'a-file', 'logs') });
    expect(() => log.info('hello')).not.toThrow();
  });
});
