/**
 * EncryptSensitiveWithPassword: connection passwords and sensitive parameters encrypted with the package
 * password are decrypted with /DECRYPT (ssisd exec) or the project password (the app's Unlock Project), and
 * used to log in to SQL Server (the emulator over TDS). The corpus sample (password "ssis123") checks the
 * formats SSDT writes; the hand-made package is encrypted with the app's own encryptSsisBlock.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../../emulator/start.js';
import { buildPackageXml, expressionTask } from '../../../../shared/runtime/test-packages.js';
import { encryptSsisBlock } from '../../solution/password.js';
import { CORPUS_DIR } from '../../solution/test-helpers.js';
import { loadPackageFile, loadProjectFolder } from '../package-files.js';
import { exec, SA_PASSWORD, sqlTask, tempDir } from './fixtures.js';

const PACKAGE_PASSWORD = 'Pkg-Secret 42';
const SECRET_VALUE = 'value only the password opens';
const CM = '{C0000000-0000-0000-0000-0000000000A1}';
const SAMPLE = join(CORPUS_DIR, 'rtumaykin__ssis-build', 'example', 'SampleSSISProject', 'SampleSSISProject');

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ servers: [{ name: 'SENSSRV', host: '127.0.0.9', port: 0 }], saPassword: SA_PASSWORD });
});
afterAll(async () => emu?.close());

/** The xmlenc block SSIS writes for a sensitive value: the plaintext is the whole element that holds it. */
function encryptedData(plainElement: string): string {
  const iv = randomBytes(8).toString('base64');
  const cipher = encryptSsisBlock({ password: PACKAGE_PASSWORD, iv, algorithm: null, text: plainElement });
  return (
    `<EncryptedData Type="http://www.w3.org/2001/04/xmlenc#Element" Salt="${randomBytes(8).toString('base64')}" IV="${iv}" xmlns="http://www.w3.org/2001/04/xmlenc#">` +
    `<EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#tripledes-cbc" /><CipherData><CipherValue>${cipher}</CipherValue></CipherData></EncryptedData>`
  );
}

/** A package whose SQL-login password and sensitive parameter are encrypted with PACKAGE_PASSWORD. */
function writeSensitivePackage(dir: string): string {
  const s = emu.servers[0]!;
  let xml = buildPackageXml({
    name: 'Sensitive',
    connections: [{ name: 'SRV', id: CM, type: 'OLEDB', connectionString: `Data Source=${s.host},${s.port};Initial Catalog=msdb;User ID=sa;Provider=MSOLEDBSQL.1;`, password: 'PLACEHOLDER' }],
    parameters: [{ name: 'Secret', dataType: 8, value: 'PLACEHOLDER' }],
    variables: [{ name: 'echo', type: 8, value: '' }, { name: 'shown', type: 8, value: '' }],
    children: [
      sqlTask('Echo', CM, 'SELECT ? AS Echo', {
        taskAttrs: 'SQLTask:ResultType="ResultSetType_SingleRow"',
        bindings: '<SQLTask:ParameterBinding SQLTask:ParameterName="0" SQLTask:DtsVariableName="$Package::Secret" SQLTask:ParameterDirection="Input" SQLTask:DataType="130" /><SQLTask:ResultBinding SQLTask:ResultName="0" SQLTask:DtsVariableName="User::echo" />',
      }),
      expressionTask('Show', '@[User::shown] = "echo: " + @[User::echo]'),
    ],
    constraints: [{ from: 'Echo', to: 'Show' }],
  });
  const dts = 'xmlns:DTS="www.microsoft.com/SqlServer/Dts"';
  xml = xml
    .replace('DTS:ProtectionLevel="0"', 'DTS:ProtectionLevel="3"')
    .replace('<DTS:Password DTS:Name="Password" Sensitive="1">PLACEHOLDER</DTS:Password>', encryptedData(`<DTS:Password ${dts} DTS:Name="Password" Sensitive="1">${SA_PASSWORD}</DTS:Password>`))
    .replace('DTS:ObjectName="Secret"', 'DTS:ObjectName="Secret" DTS:Sensitive="True"')
    .replace('<DTS:Property DTS:DataType="8" DTS:Name="ParameterValue">PLACEHOLDER</DTS:Property>', `<DTS:Property DTS:Name="ParameterValue">${encryptedData(`<DTS:Property ${dts} DTS:Name="ParameterValue" DTS:DataType="8">${SECRET_VALUE}</DTS:Property>`)}</DTS:Property>`);
  expect(xml).not.toContain('PLACEHOLDER');
  expect(xml).not.toContain(SA_PASSWORD);
  expect(xml).not.toContain(SECRET_VALUE);
  const path = join(dir, 'Sensitive.dtsx');
  writeFileSync(path, xml);
  return path;
}

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
    const path = writeSensitivePackage(tempDir('sensitive'));
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
