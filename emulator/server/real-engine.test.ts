/**
 * The seam in use: startEmulator() without createEngine loads the real engine (emulator/engine) and
 * both clients reach msdb through the protocol layer — mssql by RPC, FreeTDS `tsql` by SQL batch.
 * Skipped (with a message) until emulator/engine/index.ts exists.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../start.js';

const hasEngine = existsSync(resolve(import.meta.dirname, '../engine/index.ts'));
if (!hasEngine) console.warn('real-engine tests skipped: emulator/engine/index.ts does not exist yet');
const TSQL = '/usr/bin/tsql';
const PASSWORD = 'Real#Engine1';

describe.skipIf(!hasEngine)('startEmulator with the real engine', () => {
  let emu: RunningEmulator;
  let pool: sql.ConnectionPool;
  beforeAll(async () => {
    emu = await startEmulator({ servers: [{ name: 'REAL1' }], saPassword: PASSWORD });
    const s = emu.servers[0]!;
    pool = await new sql.ConnectionPool({ server: s.host, port: s.port, user: 'sa', password: PASSWORD, database: 'msdb', options: { encrypt: false } }).connect();
  });
  afterAll(async () => {
    await pool?.close();
    await emu?.close();
  });

  test('RPC: a job made with sp_add_job is listed by sp_help_job; unknown procedures are 2812', async () => {
    const name = `Protocol smoke ${Date.now()}`;
    const add = await pool.request().input('job_name', sql.NVarChar(128), name).output('job_id', sql.UniqueIdentifier, null).execute('msdb.dbo.sp_add_job');
    expect(add.returnValue).toBe(0);
    expect(add.output.job_id).toMatch(/^[0-9A-F-]{36}$/i);
    const help = await pool.request().execute('msdb.dbo.sp_help_job');
    expect(help.recordset.map((r) => r.name)).toContain(name);
    await expect(pool.request().execute('msdb.dbo.sp_no_such_proc')).rejects.toMatchObject({ number: 2812 });
    await expect(pool.request().input('job_name', sql.NVarChar(128), name).output('job_id', sql.UniqueIdentifier, null).execute('msdb.dbo.sp_add_job')).rejects.toMatchObject({ number: 14261 });
  });

  test('a client transaction rolled back leaves no job behind', async () => {
    const name = `Rolled back ${Date.now()}`;
    const tx = new sql.Transaction(pool);
    await tx.begin();
    await new sql.Request(tx).input('job_name', sql.NVarChar(128), name).output('job_id', sql.UniqueIdentifier, null).execute('msdb.dbo.sp_add_job');
    await tx.rollback();
    const help = await pool.request().execute('msdb.dbo.sp_help_job');
    expect(help.recordset.map((r) => r.name)).not.toContain(name);
  });

  test.skipIf(!existsSync(TSQL))('FreeTDS tsql runs EXEC msdb.dbo.sp_help_job as a batch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssisd-freetds-real-'));
    try {
      const conf = join(dir, 'freetds.conf');
      writeFileSync(conf, '[global]\n\tencryption = request\n');
      const s = emu.servers[0]!;
      const out = await new Promise<string>((done) => {
        const child = execFile(TSQL, ['-H', s.host, '-p', String(s.port), '-U', 'sa', '-P', PASSWORD], { env: { ...process.env, FREETDSCONF: conf, TDSVER: '7.4' }, timeout: 15_000 }, (_e, stdout, stderr) =>
          done(stdout + stderr),
        );
        child.stdin!.end('EXEC msdb.dbo.sp_help_job\ngo\n');
      });
      expect(out).toMatch(/job_id\toriginating_server\tname/);
      expect(out).toContain('(return status = 0)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!hasEngine)('ssisd-emulator --data survives kill -9', () => {
  const root = resolve(import.meta.dirname, '../..');
  let dir: string;
  let entry: string;
  let data: string;
  beforeAll(async () => {
    mkdirSync(join(root, 'out'), { recursive: true });
    dir = mkdtempSync(join(root, 'out', 'cli-real-test-'));
    entry = join(dir, 'cli.js');
    data = mkdtempSync(join(tmpdir(), 'ssisd-data-'));
    await build({ entryPoints: [join(root, 'emulator/cli.ts')], outfile: entry, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'silent' });
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  });

  async function start(): Promise<{ port: number; kill: () => Promise<void> }> {
    const child = spawn(process.execPath, [entry, '--listen', 'PERSIST=127.0.0.1:0', '--data', data, '--sa-password', PASSWORD], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    const deadline = Date.now() + 15_000;
    let m: RegExpExecArray | null;
    while (!(m = /PERSIST listening on 127\.0\.0\.1:(\d+)/.exec(out))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`the emulator did not start: ${out} ${err}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return {
      port: Number(m[1]),
      kill: async () => {
        child.kill('SIGKILL');
        await exited;
      },
    };
  }

  test('a job committed before kill -9 is there after the restart', async () => {
    const name = `Survivor ${Date.now()}`;
    const first = await start();
    try {
      const pool = await new sql.ConnectionPool({ server: '127.0.0.1', port: first.port, user: 'sa', password: PASSWORD, options: { encrypt: false } }).connect();
      pool.on('error', () => undefined);
      await pool.request().input('job_name', sql.NVarChar(128), name).output('job_id', sql.UniqueIdentifier, null).execute('msdb.dbo.sp_add_job');
      await first.kill();
      await pool.close().catch(() => undefined);
    } finally {
      await first.kill();
    }
    const second = await start();
    try {
      const pool = await new sql.ConnectionPool({ server: '127.0.0.1', port: second.port, user: 'sa', password: PASSWORD, options: { encrypt: false } }).connect();
      const help = await pool.request().input('job_name', sql.NVarChar(128), name).execute('msdb.dbo.sp_help_job');
      expect(help.recordsets.length).toBeGreaterThan(0);
      const all = await pool.request().execute('msdb.dbo.sp_help_job');
      expect(all.recordset.map((r) => r.name)).toContain(name);
      await pool.close();
    } finally {
      await second.kill();
    }
  });
});
