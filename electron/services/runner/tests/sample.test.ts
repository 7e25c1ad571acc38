import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../../emulator/start.js';
import { exec, SA_PASSWORD } from './fixtures.js';

const SAMPLE = join(import.meta.dirname, '..', '..', '..', '..', 'samples', 'LoadBalancing', 'LoadBalancing');
let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ servers: [{ name: 'WAREHOUSE', host: '127.0.0.8', port: 0 }], saPassword: SA_PASSWORD });
});
afterAll(async () => emu?.close());

describe('the LoadBalancing sample', () => {
  it('runs Parent.dtsx: each Execute Package Task runs its child in the project, in order', async () => {
    const s = emu.servers[0]!;
    const r = await exec(['/FILE', join(SAMPLE, 'Parent.dtsx'), '/CONNECTION', `Warehouse;Data Source=${s.host},${s.port};Initial Catalog=master;User ID=sa;Password=${SA_PASSWORD};`, '/REPORTING', 'EWIP'], {});
    const starts = r.out.split('\n').filter((l) => /SSIS package ".*" starting\./.test(l));
    expect(starts.map((l) => l.replace(/^.*[\\/]/, ''))).toEqual(['Parent.dtsx" starting.', 'LoadCustomers.dtsx" starting.', 'LoadOrders.dtsx" starting.', 'LoadProducts.dtsx" starting.']);
    expect(r.out).toContain('finished: Success.');
    expect(r.code).toBe(0);
  });
});
