/**
 * Local emulators registered for the session (npm start's first run): listed and usable like any server,
 * labelled as local emulators, and nothing about them — above all the sa password — is written to disk.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../emulator/start.js';
import { SafeStorageSecretStore } from '../secrets/safe-storage-store.js';
import { ServersService } from './servers-service.js';
import { testSafeStorage } from './tests/test-safe-storage.js';

const SA_PASSWORD = 'Local!Emu-Pw7';
let emu: RunningEmulator;
let dir: string;

beforeAll(async () => {
  emu = await startEmulator({ servers: [{ name: 'SRV1', host: '127.0.0.2' }, { name: 'SRV2', host: '127.0.0.3' }], saPassword: SA_PASSWORD });
  dir = await mkdtemp(join(tmpdir(), 'servers-local-'));
});
afterAll(async () => {
  await emu.close();
  await rm(dir, { recursive: true, force: true });
});

function value<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

test('registers both emulators for the session, labelled, connectable, and never written to disk', async () => {
  const service = new ServersService({ userDataDir: dir, secrets: new SafeStorageSecretStore(testSafeStorage(), join(dir, 'secrets.json')), timeouts: { connectMs: 5000 } });
  try {
    for (const s of emu.servers) value(await service.registerLocalEmulator({ name: s.name, host: s.host, port: s.port }, SA_PASSWORD));
    // A saved server next to them goes to the file as usual.
    value(await service.add({ displayName: 'Prod', host: 'prod.example', port: null, authentication: 'sql', userName: 'deployer', encrypt: 'mandatory', trustServerCertificate: false }, null));
    const list = value(await service.list());
    expect(list.servers.map((s) => [s.displayName, s.host, s.localEmulator ?? false, s.passwordSaved])).toEqual([
      ['Prod', 'prod.example', false, false],
      ['SRV1 (local emulator)', '127.0.0.2', true, true],
      ['SRV2 (local emulator)', '127.0.0.3', true, true],
    ]);
    const srv2 = list.servers.find((s) => s.host === '127.0.0.3')!;
    expect(srv2.id).toBe('local-emulator-srv2');
    const info = value(await service.test(srv2.id));
    expect(info.serverName).toBe('SRV2');
    // The display name is taken while the session lasts.
    const clash = await service.add({ displayName: 'srv1 (LOCAL EMULATOR)', host: 'x', port: null, authentication: 'sql', userName: 'u', encrypt: 'optional', trustServerCertificate: true }, null);
    expect(clash.ok).toBe(false);

    const files = await readdir(dir);
    for (const f of files) {
      const text = await readFile(join(dir, f), 'utf8');
      expect(text, f).not.toContain(SA_PASSWORD);
      expect(text, f).not.toContain('local emulator');
    }
    // Removing one forgets it for the session only.
    const after = value(await service.remove(srv2.id));
    expect(after.servers.map((s) => s.displayName)).toEqual(['Prod', 'SRV1 (local emulator)']);
  } finally {
    await service.close();
  }
  // A new service (the next start) knows nothing of them unless they are registered again.
  const next = new ServersService({ userDataDir: dir, secrets: new SafeStorageSecretStore(testSafeStorage(), join(dir, 'secrets.json')) });
  expect(value(await next.list()).servers.map((s) => s.displayName)).toEqual(['Prod']);
  await next.close();
});
