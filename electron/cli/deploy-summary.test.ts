/**
 * `ssisd deploy` in text mode ends with a per-server table (created / updated / unchanged / failed, as the
 * app's Deploy summary), here against one emulator and one server that is down.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator/start.js';
import { closedPort, removeSampleProject, SA_PASSWORD, sampleProject } from '../services/deploy/tests/fixtures.js';
import { runCli as run } from './run-cli.js';

let emu: RunningEmulator;
let dir: string;
let dtproj: string;

beforeAll(async () => {
  emu = await startEmulator({ servers: [{ name: 'TAB1', host: '127.0.0.2' }], saPassword: SA_PASSWORD, dtexec: '/bin/true' });
  dir = mkdtempSync(join(tmpdir(), 'ssisd-deploy-table-'));
  dtproj = sampleProject();
  process.env.TABLE_TEST_PW = SA_PASSWORD;
});

afterAll(async () => {
  delete process.env.TABLE_TEST_PW;
  await emu?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (dtproj) removeSampleProject(dtproj);
});

describe('ssisd deploy summary table', () => {
  test('one row per server and the totals; a server that is down shows Failed', async () => {
    const s = emu.servers[0]!;
    const down = await closedPort('127.0.0.3');
    const file = join(dir, 'servers.json');
    const entry = (name: string, host: string, port: number) => ({ displayName: name, host, port, userName: 'sa', passwordEnv: 'TABLE_TEST_PW', encrypt: 'optional', trustServerCertificate: true });
    writeFileSync(file, JSON.stringify({ servers: [entry('TAB1', s.host, s.port), entry('TAB2', '127.0.0.3', down)] }));
    for (const [pkg, server] of [['LoadCustomers.dtsx', 'TAB1'], ['LoadOrders.dtsx', 'TAB1'], ['LoadProducts.dtsx', 'TAB2']] as const) {
      expect((await run('assign', dtproj, pkg, server, '--target', 'msdb', '--servers', file)).code).toBe(0);
    }
    const first = await run('deploy', dtproj, '--servers', file);
    expect(first.code).toBe(1);
    const table = (out: string) => out.slice(out.indexOf('\nServer ') + 1, out.indexOf('\nDeploy finished')).trimEnd().replace(/\d+\.\d s/g, 'T s');
    expect(table(first.out)).toBe(
      [
        'Server  Result     Created  Updated  Unchanged  Failed   Time',
        '------  ---------  -------  -------  ---------  ------  -----',
        'TAB1    Succeeded        2        0          0       0  T s',
        'TAB2    Failed           0        0          0       1  T s',
        '------  ---------  -------  -------  ---------  ------  -----',
        'Total   Failed           2        0          0       1  T s',
      ].join('\n'),
    );
    const again = await run('deploy', dtproj, '--servers', file, '--server', 'TAB1');
    expect(again.code).toBe(0);
    expect(table(again.out).split('\n').slice(2)).toEqual([
      'TAB1    Succeeded        0        0          2       0  T s',
      '------  ---------  -------  -------  ---------  ------  -----',
      'Total   Succeeded        0        0          2       0  T s',
    ]);
  }, 60_000);
});
