/**
 * EncryptSensitiveWithPassword: connection passwords and sensitive parameters encrypted with the package
 * password are decrypted with /DECRYPT (ssisd exec) or the project password (the app's Unlock Project), and
 * used to log in to SQL Server (the emulator over TDS). The corpus sample (password "ssis123") checks the
 * formats SSDT writes; the hand-made package (sensitive-fixture.ts) is encrypted with the app's encryptSsisBlock.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../../emulator/start.js';
import { CORPUS_DIR } from '../../solution/test-helpers.js';
import { loadPackageFile, loadProjectFolder } from '../package-files.js';
import { exec, SA_PASSWORD, tempDir } from './fixtures.js';
import { writeSensitivePackage } from './sensitive-fixture.js';

const PACKAGE_PASSWORD = 'Pkg-Secret 42';
const SECRET_VALUE = 'value only the password opens';
const SAMPLE = join(CORPUS_DIR, 'rtumaykin__ssis-build', 'example', 'SampleSSISProject', 'SampleSSISProject');

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ servers: [{ name: 'SENSSRV', host: '127.0.0.9', port: 0 }], saPassword: SA_PASSWORD });
});
afterAll(async () => emu?.close());

describe('EncryptSensitiveWithPassword', () => {
  it('reads the corpus sample\'s encrypted connection passwords and sensitive parameters with the password', async () => {
    const project = await loadProjectFolder(join(SAMPLE, 'SampleSSISProject.dtproj'), 'ssis123');
    expect(project.parameters.find((p) => p.sensitive)).toMatchObject({ name: 'SourceDBName', value: { value: 'master' } });
    expect(project.connections.find((c) => c.name === 'db-01 msdb')?.password).toBe('Rbylpvfhfekb1');
    const pkg = await loadPackageFile(join(SAMPLE, 'Package 221.dtsx'), 'ssis123');
    expect(pkg.parameters.find((p) => p.name === 'Parameterwere')).toMatchObject({ sensitive: true, value: { value: 2 } });
    expect(pkg.connections.find((c) => c.name === 'source')?.password).toBe('db-01');
    // Without the password the sensitive values are blank, as SSIS loads them; a wrong one is refused.
    const blank = await loadProjectFolder(join(SAMPLE, 'SampleSSISProject.dtproj'), null);
    expect(blank.connections.find((c) => c.name === 'db-01 msdb')?.password).toBeNull();
    expect(blank.parameters.find((p) => p.sensitive)).toMatchObject({ name: 'SourceDBName', value: { value: '' } });
    const blankPkg = await loadPackageFile(join(SAMPLE, 'Package 221.dtsx'), null);
    expect(JSON.stringify(blankPkg.parameters)).not.toMatch(/DSdxwa1Z9b/);
    expect(blankPkg.connections.find((c) => c.name === 'source')?.password).toBeNull();
    await expect(loadPackageFile(join(SAMPLE, 'Package 221.dtsx'), 'wrong')).rejects.toThrow('the package password (EncryptSensitiveWithPassword) given with /DECRYPT is not correct');
  });

  it('ssisd exec /DECRYPT logs in with the decrypted connection password and binds the sensitive parameter', async () => {
    const path = writeSensitivePackage(tempDir('sensitive'), { server: emu.servers[0]!, saPassword: SA_PASSWORD, packagePassword: PACKAGE_PASSWORD, secret: SECRET_VALUE });
    const r = await exec(['/FILE', path, '/DECRYPT', PACKAGE_PASSWORD, '/REPORTING', 'EWI'], {});
    expect(r.out).toContain(`evaluated to "echo: ${SECRET_VALUE}"`);
    expect(r.code).toBe(0);
    const wrong = await exec(['/FILE', path, '/DECRYPT', 'not it'], {});
    expect(wrong.out).toContain('given with /DECRYPT is not correct');
    expect(wrong.code).toBe(5);
    // Without /DECRYPT the login has no password (SSIS loads the package without its sensitive values).
    const without = await exec(['/FILE', path], {});
    expect(without.code).toBe(1);
    expect(without.out).not.toContain(SECRET_VALUE);
  });
});
