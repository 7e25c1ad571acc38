/**
 * Connection managers to SQL Server (OLE DB, ADO.NET, ODBC) as `mssql` connections. Packages usually say
 * `Integrated Security=SSPI`, which tedious cannot do on Linux/macOS and emulators refuse: such runs take a
 * SQL login from SSISD_SQL_USER / SSISD_SQL_PASSWORD (environment only, never written anywhere), or from a
 * resolver the app supplies (a registered server whose address matches), or a /CONNECTION override that
 * carries User ID and Password.
 */
import sql from 'mssql';
import { noDelayConnector } from '../servers/no-delay-socket.js';

export const SQL_USER_ENV = 'SSISD_SQL_USER';
export const SQL_PASSWORD_ENV = 'SSISD_SQL_PASSWORD';
const CONNECT_TIMEOUT_MS = 15_000;

/** Keyword → value of a connection string; keys lower case, aliases folded (Server → data source, ...). */
export function parseConnectionString(cs: string): Map<string, string> {
  const out = new Map<string, string>();
  const alias: Record<string, string> = {
    server: 'data source', address: 'data source', addr: 'data source', 'network address': 'data source',
    database: 'initial catalog', uid: 'user id', user: 'user id', pwd: 'password', trusted_connection: 'integrated security',
    encrypt: 'encrypt', trustservercertificate: 'trust server certificate', app: 'application name',
    // SMO Server connection managers (maintenance tasks): SqlServerName=...;UseWindowsAuthentication=True;
    sqlservername: 'data source', usewindowsauthentication: 'integrated security', username: 'user id',
  };
  let i = 0;
  while (i < cs.length) {
    const eq = cs.indexOf('=', i);
    if (eq < 0) break;
    const key = cs.slice(i, eq).trim().toLowerCase();
    let j = eq + 1;
    let value: string;
    const open = cs[j];
    if (open === '{' || open === '"' || open === "'") {
      const close = open === '{' ? '}' : open;
      const end = cs.indexOf(close, j + 1);
      value = cs.slice(j + 1, end < 0 ? cs.length : end);
      j = end < 0 ? cs.length : end + 1;
      const semi = cs.indexOf(';', j);
      j = semi < 0 ? cs.length : semi + 1;
    } else {
      const semi = cs.indexOf(';', j);
      value = cs.slice(j, semi < 0 ? cs.length : semi).trim();
      j = semi < 0 ? cs.length : semi + 1;
    }
    if (key) out.set(alias[key] ?? key, value);
    i = j;
  }
  return out;
}

export interface SqlEndpoint {
  readonly host: string;
  readonly port: number | null;
  readonly instance: string | null;
  readonly database: string | null;
  /** As written, for messages. */
  readonly dataSource: string;
  readonly user: string | null;
  readonly password: string | null;
  readonly integrated: boolean;
  readonly applicationName: string | null;
}

/** `host`, `host,port`, `tcp:host,port`, `host\instance`, `(local)`, `.`. */
export function parseDataSource(dataSource: string): { host: string; port: number | null; instance: string | null } {
  let s = dataSource.trim().replace(/^tcp:/i, '');
  let port: number | null = null;
  const comma = s.lastIndexOf(',');
  if (comma >= 0) {
    port = Number(s.slice(comma + 1).trim()) || null;
    s = s.slice(0, comma).trim();
  }
  let instance: string | null = null;
  const slash = s.indexOf('\\');
  if (slash >= 0) {
    instance = s.slice(slash + 1) || null;
    s = s.slice(0, slash);
  }
  if (s === '.' || s.toLowerCase() === '(local)' || s === '') s = 'localhost';
  // An IPv6 address with a port is written in brackets: [::1],1433.
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  return { host: s, port, instance };
}

export function endpointOf(connectionString: string): SqlEndpoint {
  const kv = parseConnectionString(connectionString);
  const dataSource = kv.get('data source') ?? '';
  const integrated = ['sspi', 'true', 'yes'].includes((kv.get('integrated security') ?? '').toLowerCase());
  return {
    ...parseDataSource(dataSource),
    dataSource,
    database: kv.get('initial catalog') || null,
    user: kv.get('user id') || null,
    password: kv.get('password') ?? null,
    integrated,
    applicationName: kv.get('application name') || null,
  };
}

/**
 * The app's hook: a connected pool of a registered server the data source names (with that registration's
 * login), or null. The pool belongs to the servers service and is not closed by the run.
 */
export type ServerResolver = (endpoint: SqlEndpoint) => Promise<sql.ConnectionPool | null>;

export class SqlConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlConnectionError';
  }
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

/**
 * Under the emulator's Agent (SSISD_EMULATOR_SERVER / SSISD_EMULATOR_ADDRESS in a step's environment), a
 * Data Source naming the server the step runs on — its name, localhost, (local) or "." — is that server's
 * listener, as on SQL Server, where the Agent's own machine is local.
 */
export function localEndpoint(endpoint: SqlEndpoint, env: NodeJS.ProcessEnv): SqlEndpoint {
  const address = env['SSISD_EMULATOR_ADDRESS'];
  const name = env['SSISD_EMULATOR_SERVER'];
  if (!address) return endpoint;
  const host = endpoint.host.toLowerCase();
  const isSelf = (name && (host === name.toLowerCase() || endpoint.dataSource.trim().toLowerCase() === name.toLowerCase())) || (LOCAL_HOSTS.has(host) && endpoint.port === null && !endpoint.instance);
  if (!isSelf) return endpoint;
  const target = parseDataSource(address);
  return { ...endpoint, host: target.host, port: target.port, instance: null };
}

export function configFor(given: SqlEndpoint, env: NodeJS.ProcessEnv): sql.config {
  const endpoint = localEndpoint(given, env);
  let user = endpoint.user;
  let password = endpoint.password;
  if (!user) {
    user = env[SQL_USER_ENV] ?? null;
    password = env[SQL_PASSWORD_ENV] ?? null;
  }
  if (!user) {
    throw new SqlConnectionError(
      `The connection to "${endpoint.dataSource}" uses Windows authentication (Integrated Security), which this run cannot use. ` +
        `Set the environment variables ${SQL_USER_ENV} and ${SQL_PASSWORD_ENV} to connect with a SQL Server login, or override the connection (/CONNECTION) with a connection string that has User ID and Password.`,
    );
  }
  const port = endpoint.port ?? (endpoint.instance ? undefined : 1433);
  return {
    server: endpoint.host,
    port,
    database: endpoint.database ?? undefined,
    user,
    password: password ?? '',
    connectionTimeout: CONNECT_TIMEOUT_MS,
    requestTimeout: 0,
    pool: { max: 4, min: 0, idleTimeoutMillis: 30_000 },
    // Check the socket on acquire instead of a `SELECT 1` round trip per request.
    validateConnection: 'socket',
    options: {
      encrypt: false,
      trustServerCertificate: true,
      appName: endpoint.applicationName ?? 'SSIS Designer runner',
      connector: noDelayConnector({ host: endpoint.host, port }, CONNECT_TIMEOUT_MS),
      ...(endpoint.instance && endpoint.port === null ? { instanceName: endpoint.instance } : {}),
    },
  };
}

/** One pool per distinct connection string for the length of a run; closed together at its end. */
export class SqlConnections {
  private readonly pools = new Map<string, Promise<sql.ConnectionPool>>();
  /** Connection strings served by a borrowed pool (its database may differ from Initial Catalog). */
  private readonly borrowed = new Set<string>();

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly resolver: ServerResolver | null,
  ) {}

  pool(connectionString: string): Promise<sql.ConnectionPool> {
    let p = this.pools.get(connectionString);
    if (!p) {
      p = this.open(connectionString);
      this.pools.set(connectionString, p);
      p.catch(() => this.pools.delete(connectionString));
    }
    return p;
  }

  private async open(connectionString: string): Promise<sql.ConnectionPool> {
    const endpoint = endpointOf(connectionString);
    if (!endpoint.dataSource) throw new SqlConnectionError('The connection string has no Data Source (server name).');
    const resolved = this.resolver && !endpoint.user ? await this.resolver(endpoint) : null;
    if (resolved) {
      this.borrowed.add(connectionString);
      return resolved;
    }
    const pool = new sql.ConnectionPool(configFor(endpoint, this.env));
    try {
      return await pool.connect();
    } catch (e) {
      throw new SqlConnectionError(`Login to "${endpoint.dataSource}" failed: ${(e as Error).message}`);
    }
  }

  /** `USE [db];` when a borrowed pool must switch to the connection's Initial Catalog first. */
  statementPrefix(connectionString: string): string {
    const db = endpointOf(connectionString).database;
    return this.borrowed.has(connectionString) && db ? `USE [${db.replace(/]/g, ']]')}];\n` : '';
  }

  async close(): Promise<void> {
    const own = [...this.pools.entries()].filter(([cs]) => !this.borrowed.has(cs)).map(([, p]) => p);
    this.pools.clear();
    this.borrowed.clear();
    await Promise.allSettled(own.map(async (p) => (await p).close()));
  }
}
