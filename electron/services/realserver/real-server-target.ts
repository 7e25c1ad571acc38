/**
 * The SQL Server that the real-server tests run against, from the SSISD_TEST_SQLSERVER environment variable:
 *
 *   host[\instance][,port];user=U;passwordEnv=VAR[;auth=sql|windows|entra-password]
 *     [;encrypt=mandatory|optional|strict][;trustServerCertificate=true|false][;certificateFile=PEM]
 *     [;catalog=auto|on|off]
 *
 * e.g. `sql01\ETL,14330;user=ssisd_test;passwordEnv=SSISD_TEST_PASSWORD;encrypt=mandatory;trustServerCertificate=true`.
 * The password is never part of the variable: `passwordEnv` names another environment variable that holds it,
 * so the value can be echoed or logged safely. Defaults: auth=sql, encrypt=mandatory, trustServerCertificate=false,
 * certificateFile: a PEM file to validate the server's certificate against (needed with strict and a private CA),
 * catalog=auto (deploy to SSISDB only with Windows authentication, as SSISDB refuses SQL logins; `on` for a
 * server that accepts them, such as the emulator started with allowSqlLoginsForCatalog).
 */
import { SERVER_AUTHENTICATIONS, SERVER_ENCRYPTIONS, type ServerAuthentication, type ServerDraft, type ServerEncryption } from '../../../shared/model/server.js';

export const REAL_SERVER_VARIABLE = 'SSISD_TEST_SQLSERVER';

export type CatalogChoice = 'auto' | 'on' | 'off';

export interface RealServerTarget {
  readonly draft: ServerDraft;
  readonly password: string;
  /** PEM file holding the certificate (or its CA) to validate the server's against; null = the system's CAs. */
  readonly certificateFile: string | null;
  readonly catalog: CatalogChoice;
}

const KEYS = ['user', 'passwordenv', 'auth', 'encrypt', 'trustservercertificate', 'certificatefile', 'catalog'] as const;
type Key = (typeof KEYS)[number];

function fail(message: string): never {
  throw new Error(`${REAL_SERVER_VARIABLE}: ${message}`);
}

function oneOf<T extends string>(key: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (!found) fail(`${key}=${value} is not one of ${allowed.join(', ')}`);
  return found;
}

/** `host`, `host\instance`, `host,port` or `host\instance,port` → draft host and port (null = default/Browser). */
function parseAddress(address: string): { host: string; port: number | null } {
  const [host, port, extra] = address.split(',').map((s) => s.trim());
  if (!host || extra !== undefined) fail(`"${address}" is not host[\\instance][,port]`);
  if (port === undefined) return { host, port: null };
  const n = Number(port);
  if (!/^\d+$/.test(port) || n < 1 || n > 65535) fail(`the port "${port}" is not 1-65535`);
  return { host, port: n };
}

/**
 * Parses the variable's value; `env` is where the password variable is looked up. Throws an Error naming the
 * variable and the part that is wrong (never the password).
 */
export function parseRealServerTarget(value: string, env: Readonly<Record<string, string | undefined>>): RealServerTarget {
  const [address = '', ...pairs] = value.split(';').map((s) => s.trim());
  const { host, port } = parseAddress(address);
  const fields = new Map<Key, string>();
  for (const pair of pairs.filter(Boolean)) {
    const eq = pair.indexOf('=');
    const key = (eq < 0 ? pair : pair.slice(0, eq)).trim().toLowerCase();
    if (key === 'password' || key === 'pwd') fail('give the password in another environment variable and name it with passwordEnv=VAR');
    if (!(KEYS as readonly string[]).includes(key)) fail(`unknown setting "${key}" (known: user, passwordEnv, auth, encrypt, trustServerCertificate, certificateFile, catalog)`);
    if (eq < 0) fail(`"${key}" has no value`);
    if (fields.has(key as Key)) fail(`"${key}" is given twice`);
    fields.set(key as Key, pair.slice(eq + 1).trim());
  }
  const userName = fields.get('user') ?? fail('user=... is missing');
  const passwordEnv = fields.get('passwordenv') ?? fail('passwordEnv=VAR (the variable holding the password) is missing');
  const password = env[passwordEnv] ?? fail(`the password variable ${passwordEnv} is not set`);
  if (password === '') fail(`the password variable ${passwordEnv} is empty`);
  const authentication: ServerAuthentication = oneOf('auth', fields.get('auth') ?? 'sql', SERVER_AUTHENTICATIONS);
  const encrypt: ServerEncryption = oneOf('encrypt', fields.get('encrypt') ?? 'mandatory', SERVER_ENCRYPTIONS);
  const trustServerCertificate = oneOf('trustServerCertificate', fields.get('trustservercertificate') ?? 'false', ['true', 'false']) === 'true';
  const catalog = oneOf<CatalogChoice>('catalog', fields.get('catalog') ?? 'auto', ['auto', 'on', 'off']);
  const certificateFile = fields.get('certificatefile') || null;
  return { draft: { displayName: host, host, port, authentication, userName, encrypt, trustServerCertificate }, password, certificateFile, catalog };
}
