/**
 * A hand-made EncryptSensitiveWithPassword package for tests, encrypted with the app's own encryptSsisBlock in
 * the shape SSDT writes (xmlenc EncryptedData whose plaintext is the whole element holding the value).
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPackageXml, expressionTask } from '../../../../shared/runtime/test-packages.js';
import { encryptSsisBlock } from '../../solution/password.js';
import { sqlTask } from './fixtures.js';

const CM = '{C0000000-0000-0000-0000-0000000000A1}';

export interface SensitivePackage {
  readonly server: { readonly host: string; readonly port: number };
  readonly saPassword: string;
  readonly packagePassword: string;
  readonly secret: string;
}

/** The xmlenc block SSIS writes for a sensitive value: the plaintext is the whole element that holds it. */
function encryptedData(plainElement: string, password: string): string {
  const iv = randomBytes(8).toString('base64');
  const cipher = encryptSsisBlock({ password, iv, algorithm: null, text: plainElement });
  return (
    `<EncryptedData Type="http://www.w3.org/2001/04/xmlenc#Element" Salt="${randomBytes(8).toString('base64')}" IV="${iv}" xmlns="http://www.w3.org/2001/04/xmlenc#">` +
    `<EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#tripledes-cbc" /><CipherData><CipherValue>${cipher}</CipherValue></CipherData></EncryptedData>`
  );
}

/**
 * Sensitive.dtsx (EncryptSensitiveWithPassword): its SQL login's password and its sensitive parameter `Secret`
 * are encrypted with `packagePassword`; it echoes the parameter through the server and shows it ("echo: ...").
 */
export function writeSensitivePackage(dir: string, o: SensitivePackage): string {
  const s = o.server;
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
    .replace('DTS:ProtectionLevel="0"', 'DTS:ProtectionLevel="2"')
    .replace('<DTS:Password DTS:Name="Password" Sensitive="1">PLACEHOLDER</DTS:Password>', encryptedData(`<DTS:Password ${dts} DTS:Name="Password" Sensitive="1">${o.saPassword}</DTS:Password>`, o.packagePassword))
    .replace('DTS:ObjectName="Secret"', 'DTS:ObjectName="Secret" DTS:Sensitive="True"')
    .replace('<DTS:Property DTS:DataType="8" DTS:Name="ParameterValue">PLACEHOLDER</DTS:Property>', `<DTS:Property DTS:Name="ParameterValue">${encryptedData(`<DTS:Property ${dts} DTS:Name="ParameterValue" DTS:DataType="8">${o.secret}</DTS:Property>`, o.packagePassword)}</DTS:Property>`);
  if (xml.includes('PLACEHOLDER') || xml.includes(o.saPassword) || xml.includes(o.secret)) throw new Error('the fixture left a value unencrypted');
  const path = join(dir, 'Sensitive.dtsx');
  writeFileSync(path, xml);
  return path;
}
