/** The bench runs end to end and reports every figure (tiny counts: this checks it works, not speed). */
import { expect, test } from 'vitest';
import { runEmulatorBench } from '../bench.js';

test('runEmulatorBench reports logins, round trips and a 5 MB upload', async () => {
  const figures = await runEmulatorBench({ engine: 'protocol', rpcCalls: 20, logins: 2, uploads: 1 });
  expect(Object.keys(figures).sort()).toEqual(
    ['engine_real', 'login_plain_ms', 'login_tls_ms', 'logins_plain_per_s', 'logins_tls_per_s', 'rpc_round_trips_per_s', 'sp_help_job_20_ms', 'upload_5mb_ms', 'upload_mb_per_s'].sort(),
  );
  expect(figures.engine_real).toBe(0);
  for (const [k, v] of Object.entries(figures)) if (k !== 'engine_real') expect(v, k).toBeGreaterThan(0);
});
