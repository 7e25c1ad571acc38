import { describe, expect, it } from 'vitest';
import { main } from '../../../cli/ssisd.js';
import { expressionTask } from '../../../../shared/runtime/test-packages.js';
import { tempDir, writePackage } from './fixtures.js';

async function ssisd(args: string[]): Promise<{ code: number; text: string }> {
  let text = '';
  const code = await main(args, { out: (t) => (text += t), err: (t) => (text += t) });
  return { code, text };
}

describe('ssisd exec (the CLI entry)', () => {
  it('prints dtexec-style usage for /?', async () => {
    const r = await ssisd(['exec', '/?']);
    expect(r.code).toBe(0);
    expect(r.text).toContain('Usage: ssisd exec /FILE');
    expect(r.text).toContain('SSISD_SQL_USER');
  });

  it('runs a package with options in any case and abbreviation, and exits with its outcome', async () => {
    const dir = tempDir('cli');
    const ok = writePackage(dir, { name: 'Ok', variables: [{ name: 'x', type: 3, value: '0' }], children: [expressionTask('T', '@[User::x] = 1')] });
    const bad = writePackage(dir, { name: 'Bad', variables: [{ name: 'x', type: 3, value: '0' }], children: [expressionTask('T', '@[User::x] = 1 / 0')] });
    expect((await ssisd(['exec', '-f', ok, '/rep', 'E', '/X86', '/CALLERINFO', 'SQLAGENT'])).code).toBe(0);
    const failed = await ssisd(['exec', '/File', bad]);
    expect(failed.code).toBe(1);
    expect(failed.text).toContain('Task failed: T');
    expect((await ssisd(['exec'])).code).toBe(6);
    const ignored = await ssisd(['exec', '/FILE', ok, '/Logger', 'DTS.LogProviderTextFile.1;log.txt', '/WarnAsError']);
    expect(ignored.code).toBe(0);
    expect(ignored.text).toContain('Warning: /LOGGER is ignored: the built-in engine does not write to log providers');
    expect(ignored.text).toContain('Warning: /WARNASERROR is ignored');
  });
});
