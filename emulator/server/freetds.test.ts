/**
 * FreeTDS `tsql` as a second, independent client: SQL batches only, GnuTLS, TDS 7.2–7.4, and the three
 * encryption settings (off → NOT_SUP plaintext, request → login-only TLS, require → full TLS).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, SA_PASSWORD, type Harness } from './tests/harness.js';

const TSQL = '/usr/bin/tsql';
const hasTsql = existsSync(TSQL);
if (!hasTsql) console.warn(`FreeTDS tests skipped: ${TSQL} is not installed (apt-get install freetds-bin)`);

let h: Harness;
let dir: string;
const serverLog: string[] = [];
beforeAll(async () => {
  if (!hasTsql) return;
  h = await startHarness({ log: (line) => serverLog.push(line) });
  dir = mkdtempSync(join(tmpdir(), 'ssisd-freetds-'));
});
afterAll(async () => {
  if (!hasTsql) return;
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

function runTsql(encryption: string, script: string, opts: { tdsVersion?: string; password?: string } = {}): Promise<{ out: string; code: number }> {
  const conf = join(dir, `freetds-${encryption}.conf`);
  writeFileSync(conf, `[global]\n\tencryption = ${encryption}\n`);
  return new Promise((resolve) => {
    const child = execFile(
      TSQL,
      ['-H', h.host, '-p', String(h.port), '-U', 'sa', '-P', opts.password ?? SA_PASSWORD],
      { env: { ...process.env, FREETDSCONF: conf, TDSVER: opts.tdsVersion ?? '7.4', LANG: 'C.UTF-8' }, timeout: 15_000 },
      (err, stdout, stderr) => resolve({ out: stdout + stderr, code: err ? ((err as { code?: number }).code ?? 1) : 0 }),
    );
    child.stdin!.end(script);
  });
}

describe.skipIf(!hasTsql)('FreeTDS tsql', () => {
  const expectedMode: Record<string, string> = { off: 'none', request: 'login-only', require: 'full' };
  for (const encryption of ['off', 'request', 'require']) {
    test(`encryption = ${encryption}: EXEC msdb.dbo.sp_help_job, SELECT, errors`, async () => {
      serverLog.length = 0;
      const { out } = await runTsql(encryption, "EXEC msdb.dbo.sp_help_job\ngo\nSELECT @@SERVERNAME AS s, 40 + 2 AS n\ngo\nEXEC dbo.fail\ngo\n");
      expect(out).toContain('job_id\toriginating_server\tname\tenabled');
      expect(out).toContain('(return status = 0)');
      expect(out).toMatch(/SRV1\t42/);
      expect(out).toMatch(/Msg 50001 \(severity 16, state 2\) from SRV1.*\n.*The test procedure failed on purpose\./);
      expect(out).toContain('(return status = 1)');
      expect(serverLog.find((l) => l.includes('login sa'))).toContain(`encryption=${expectedMode[encryption]}`);
    });
  }

  for (const version of ['7.2', '7.3']) {
    test(`TDS ${version}`, async () => {
      const { out } = await runTsql('request', "EXEC dbo.echo @job_name = N'v'\ngo\n", { tdsVersion: version });
      expect(out).toMatch(/job_name\tv\tnvarchar/);
      expect(out).toContain('(return status = 1)');
    });
  }

  test('a wrong password is refused with 18456', async () => {
    const { out } = await runTsql('off', 'SELECT 1\ngo\n', { password: 'wrong' });
    expect(out).toContain("Login failed for user 'sa'.");
  });
});
