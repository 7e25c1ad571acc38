/**
 * `ssisd-emulator`: argument rules in-process, then the real CLI entry bundled by esbuild (with the
 * protocol test engine in place of the real one) and run as a child process: listening lines, two
 * servers with their own @@SERVERNAME, SIGTERM, port in use, bad arguments.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseArgs, parseListen, UsageError } from '../cli-args.js';
import { main } from '../cli.js';
import { defaultDtexecCommand, shellQuote } from '../default-dtexec.js';
import { DEV_SA_PASSWORD } from '../dev-password.js';
import { createProtocolEngine } from './tests/protocol-engine.js';

const noFile = (): string => {
  throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
};
const parse = (args: string[], env: Record<string, string> = {}, file: (p: string) => string = noFile, dtexec: () => string | null = () => null) => {
  const r = parseArgs(args, env, file, dtexec);
  if (r.kind !== 'start') throw new Error('expected start');
  return r;
};

describe('arguments', () => {
  test('--listen, flags and defaults', () => {
    const r = parse(['--listen', 'SRV1=127.0.0.2:1433', '--listen=SRV2=[::1]:0', '--sa-password', 'P@ss', '--tls', 'strict', '--agent=stopped', '--data', '/tmp/d', '--dtexec', 'ssisd exec', '--latency', '25', '--drop-after', '3', '--allow-sql-logins-for-catalog']);
    expect(r.options).toEqual({
      servers: [
        { name: 'SRV1', host: '127.0.0.2', port: 1433 },
        { name: 'SRV2', host: '::1', port: 0 },
      ],
      saPassword: 'P@ss',
      tls: 'strict',
      agent: 'stopped',
      dataDir: '/tmp/d',
      dtexec: 'ssisd exec',
      latencyMs: 25,
      dropAfter: 3,
      allowSqlLoginsForCatalog: true,
    });
    expect(r.warnings).toEqual([]);
    const d = parse(['--listen', 'A=localhost:1'], { SSISD_EMULATOR_SA_PASSWORD: 'fromEnv' });
    expect(d.options).toEqual({ servers: [{ name: 'A', host: 'localhost', port: 1 }], saPassword: 'fromEnv', tls: 'on', agent: 'running' });
  });

  test("without --dtexec: this repository's ssisd exec; --dtexec none: SSIS not installed", () => {
    expect(parse(['--listen', 'A=h:1'], {}, noFile, () => "'/usr/bin/node' '/repo/bin/ssisd.js' exec").options.dtexec).toBe("'/usr/bin/node' '/repo/bin/ssisd.js' exec");
    expect(parse(['--listen', 'A=h:1', '--dtexec', 'none'], {}, noFile, () => 'x').options.dtexec).toBeNull();
    expect(parse(['--listen', 'A=h:1'], {}, noFile, () => null).options).not.toHaveProperty('dtexec');
    const found = defaultDtexecCommand();
    expect(found).toBe(`'${process.execPath}' '${resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'ssisd.js')}' exec`);
    expect(defaultDtexecCommand('/nowhere/a/b/c.js')).toBeNull();
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });

  test('without a password: the development password and a warning', () => {
    const r = parse(['--listen', 'A=127.0.0.1:0']);
    expect(r.options.saPassword).toBe(DEV_SA_PASSWORD);
    expect(r.warnings[0]).toMatch(/^warning: no sa password given/);
  });

  test.each([
    [[], /at least one --listen/],
    [['--listen'], /--listen needs a value/],
    [['--listen', 'SRV1'], /expected NAME=HOST:PORT/],
    [['--listen', 'SRV1=127.0.0.1'], /expected NAME=HOST:PORT/],
    [['--listen', 'SRV1=127.0.0.1:70000'], /not a TCP port/],
    [['--listen', 'A=h:1', '--listen', 'a=h:2'], /used twice/],
    [['--listen', 'A=h:1', '--listen', 'B=h:1'], /two servers listen on h:1/],
    [['--listen', 'A=h:1', '--tls', 'maybe'], /--tls must be off, on or strict, not 'maybe'/],
    [['--listen', 'A=h:1', '--agent', 'paused'], /--agent must be running or stopped/],
    [['--listen', 'A=h:1', '--latency', '-5'], /--latency needs a value|--latency must be a whole number/],
    [['--listen', 'A=h:1', '--drop-after', 'x'], /--drop-after must be a whole number/],
    [['--listen', 'A=h:1', '--sa-password', 'a', '--sa-password', 'b'], /more than once/],
    [['--listen', 'A=h:1', '--frobnicate'], /unknown option --frobnicate/],
    [['--listen', 'A=h:1', 'stray'], /unexpected argument 'stray'/],
    [['--listen', 'A=h:1', '--logins', 'missing.json'], /cannot read the file \(ENOENT\)/],
  ])('%j is refused', (args, message) => {
    expect(() => parseArgs(args, {}, noFile)).toThrow(UsageError);
    expect(() => parseArgs(args, {}, noFile)).toThrow(message);
  });

  test('--logins: roles in SQL Server spelling, passwords from the file or the environment', () => {
    const file = JSON.stringify([
      { name: 'deployer', password: 'Dep#1', roles: ['sqlagentoperatorrole', 'DB_SSISADMIN'] },
      { name: 'reader', passwordEnv: 'READER_PW', roles: [] },
    ]);
    const r = parse(['--listen', 'A=h:1', '--logins', 'l.json'], { READER_PW: 'Rd#2' }, () => file);
    expect(r.options.logins).toEqual([
      { name: 'deployer', password: 'Dep#1', roles: ['SQLAgentOperatorRole', 'db_ssisadmin'] },
      { name: 'reader', password: 'Rd#2', roles: [] },
    ]);
    const bad = (content: string, env: Record<string, string> = {}) => () => parseArgs(['--listen', 'A=h:1', '--logins', 'l.json'], env, () => content);
    expect(bad('{')).toThrow(/not valid JSON/);
    expect(bad('{"x":1}')).toThrow(/expected a JSON array/);
    expect(bad('[{"name":"u","password":"p","roles":["sysadm"]}]')).toThrow(/unknown role 'sysadm'/);
    expect(bad('[{"name":"u","passwordEnv":"NOPE","roles":[]}]')).toThrow(/NOPE is not set/);
    expect(bad('[{"name":"SA","password":"p","roles":[]}]')).toThrow(/declared twice/);
    expect(bad('[{"name":"u","roles":[]}]')).toThrow(/exactly one of "password" or "passwordEnv"/);
  });

  test('parseListen keeps names like HOST\\INSTANCE', () => {
    expect(parseListen('BOX\\SQL2022=127.0.0.5:14330')).toEqual({ name: 'BOX\\SQL2022', host: '127.0.0.5', port: 14330 });
  });
});

describe('main() in-process', () => {
  test('prints the listening lines, serves, and stops when asked', async () => {
    const out: string[] = [];
    const err: string[] = [];
    let stop!: (s: string) => void;
    let started!: () => void;
    const ready = new Promise<void>((r) => (started = r));
    const done = main(['--listen', 'SRV1=127.0.0.1:0', '--sa-password', 'Pw#1'], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: {},
      createEngine: createProtocolEngine(),
      stopRequested: () => new Promise((r) => (stop = r)),
      onStarted: () => started(),
    });
    await ready;
    const m = /^SRV1 listening on 127\.0\.0\.1:(\d+)$/.exec(out[0]!);
    expect(m).not.toBeNull();
    const pool = await new sql.ConnectionPool({ server: '127.0.0.1', port: Number(m![1]), user: 'sa', password: 'Pw#1', options: { encrypt: false } }).connect();
    expect((await pool.request().query('SELECT @@SERVERNAME AS s')).recordset).toEqual([{ s: 'SRV1' }]);
    await pool.close();
    stop('SIGTERM');
    expect(await done).toBe(0);
    expect(err).toEqual(['SIGTERM: stopping', 'stopped']);
  });

  test('bad arguments exit 2 with the reason and a pointer to --help', async () => {
    const err: string[] = [];
    expect(await main(['--tls', 'x'], { out: () => {}, err: (l) => err.push(l), env: {} })).toBe(2);
    expect(err).toEqual(['ssisd-emulator: give at least one --listen NAME=HOST:PORT', 'Run ssisd-emulator --help for usage.']);
  });

  test('--help prints the usage', async () => {
    const out: string[] = [];
    expect(await main(['--help'], { out: (l) => out.push(l), err: () => {}, env: {} })).toBe(0);
    expect(out[0]).toMatch(/^Usage: ssisd-emulator --listen NAME=HOST:PORT/);
  });
});

describe('the ssisd-emulator process', () => {
  let dir: string;
  let entry: string;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    // Inside the repository (out/ is build output), so the bundle finds mssql & co. in node_modules.
    const outDir = resolve(import.meta.dirname, '../../out');
    mkdirSync(outDir, { recursive: true });
    dir = mkdtempSync(join(outDir, 'cli-test-'));
    entry = join(dir, 'cli.js');
    const testEngine = resolve(import.meta.dirname, 'tests/cli-engine.ts');
    await build({
      entryPoints: [resolve(import.meta.dirname, '../cli.ts')],
      outfile: entry,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent',
      absWorkingDir: resolve(import.meta.dirname, '../..'),
      plugins: [{ name: 'test-engine', setup: (b) => b.onResolve({ filter: /default-engine\.js$/ }, () => ({ path: testEngine })) }],
    });
  });
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  function run(args: string[], extraEnv: Record<string, string | undefined> = {}) {
    const env: Record<string, string | undefined> = { ...process.env, ...extraEnv };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    const child = spawn(process.execPath, [entry, ...args], { cwd: resolve(import.meta.dirname, '../..'), env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const lines = async (n: number) => {
      const deadline = Date.now() + 10_000;
      while (stdout.split('\n').filter(Boolean).length < n) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no listening lines: ${stdout} ${stderr}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return stdout.split('\n').filter(Boolean);
    };
    return { child, exited, lines, output: () => ({ stdout, stderr }) };
  }

  test('two servers, each its own @@SERVERNAME; SIGTERM stops it cleanly', async () => {
    const p = run(['--listen', 'SRV1=127.0.0.2:0', '--listen', 'SRV2=127.0.0.3:0', '--sa-password', 'Pw#9', '--verbose']);
    const lines = await p.lines(2);
    const addrs = lines.map((l) => /^(SRV\d) listening on (127\.0\.0\.\d):(\d+)$/.exec(l));
    expect(addrs.map((m) => [m?.[1], m?.[2]])).toEqual([
      ['SRV1', '127.0.0.2'],
      ['SRV2', '127.0.0.3'],
    ]);
    for (const m of addrs) {
      const pool = await new sql.ConnectionPool({ server: m![2]!, port: Number(m![3]), user: 'sa', password: 'Pw#9', options: { encrypt: true, trustServerCertificate: true } }).connect();
      expect((await pool.request().query('SELECT @@SERVERNAME AS s')).recordset).toEqual([{ s: m![1] }]);
      await pool.close();
    }
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.output().stderr).toContain('stopped');
  });

  test('a port in use: exit 1 with a clear message; no password: the dev password with a warning', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const empty = run(['--listen', `SRV1=127.0.0.1:${port}`], { SSISD_EMULATOR_SA_PASSWORD: '' });
      expect(await empty.exited).toBe(2); // an empty variable is a mistake, not "use the dev password"
      expect(empty.output().stderr).toContain('ssisd-emulator: the sa password is empty');
      const p = run(['--listen', `SRV1=127.0.0.1:${port}`], { SSISD_EMULATOR_SA_PASSWORD: undefined });
      expect(await p.exited).toBe(1);
      expect(p.output().stderr).toContain('warning: no sa password given');
      expect(p.output().stderr).toContain(`ssisd-emulator: SRV1: cannot listen on 127.0.0.1:${port}: the port is already in use`);
    } finally {
      blocker.close();
    }
  });
});
