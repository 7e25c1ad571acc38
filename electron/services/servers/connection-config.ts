/** Builds the mssql/tedious configuration for a registration and its password. */
import type sql from 'mssql';
import type { ServerDraft } from '../../../shared/model/server.js';
import { noDelayConnector } from './no-delay-socket.js';
import { parseHost, parseWindowsUser } from './validate-draft.js';

/**
 * The client id Microsoft's own drivers use for Entra password sign-in to Azure SQL ("ADO.NET" public client);
 * tedious requires one for 'azure-active-directory-password'.
 */
const ENTRA_PUBLIC_CLIENT_ID = '7f98cb04-cd1e-40df-9140-3bf7e2cea4db';

export interface ConnectionTimeouts {
  readonly connectMs: number;
  readonly requestMs: number;
}

export const DEFAULT_TIMEOUTS: ConnectionTimeouts = { connectMs: 15_000, requestMs: 30_000 };

/** Where the client will connect, for messages ("host:port" or "host\\instance"). */
export function endpointOf(d: ServerDraft): string {
  const { server, instanceName } = parseHost(d.host);
  if (d.port !== null) return `${server}:${d.port}`;
  return instanceName ? `${server}\\${instanceName}` : `${server}:1433`;
}

export function connectionConfig(d: ServerDraft, password: string, timeouts: ConnectionTimeouts, beforeConnect?: sql.config['beforeConnect']): sql.config {
  const { server, instanceName } = parseHost(d.host);
  const port = d.port ?? (instanceName ? undefined : 1433);
  const options: sql.IOptions & { encrypt?: boolean | 'strict'; cryptoCredentialsDetails?: { ca?: string }; connector?: unknown } = {
    // 'optional' still encrypts the login packet (the server offers TLS for it); 'strict' is TDS 8.
    encrypt: d.encrypt === 'strict' ? 'strict' : d.encrypt === 'mandatory',
    // With 'strict' SQL Server's drivers ignore TrustServerCertificate and always validate; tedious does too.
    trustServerCertificate: d.encrypt !== 'strict' && d.trustServerCertificate,
    appName: 'SSIS Designer',
    // msdb is where every Agent and package-store procedure lives; IS_MEMBER() then answers msdb roles.
    database: 'msdb',
    enableArithAbort: true,
    connector: noDelayConnector({ host: server, port }, timeouts.connectMs),
  };
  if (d.certificatePem) options.cryptoCredentialsDetails = { ca: d.certificatePem };
  // SSMS rule: an explicit port wins over the instance name (no SQL Server Browser lookup).
  if (instanceName && d.port === null) options.instanceName = instanceName;
  const base: sql.config = {
    server,
    port,
    database: 'msdb',
    connectionTimeout: timeouts.connectMs,
    requestTimeout: timeouts.requestMs,
    options: options as sql.IOptions,
    pool: { max: 4, min: 0, idleTimeoutMillis: 60_000 },
    // Check the socket on acquire instead of a `SELECT 1` round trip before every procedure call.
    validateConnection: 'socket',
    beforeConnect,
  };
  switch (d.authentication) {
    case 'sql':
      return { ...base, user: d.userName, password };
    case 'windows': {
      const { domain, user } = parseWindowsUser(d.userName);
      return { ...base, authentication: { type: 'ntlm', options: { domain, userName: user, password } } };
    }
    case 'entra-password':
      return {
        ...base,
        authentication: { type: 'azure-active-directory-password', options: { userName: d.userName, password, clientId: ENTRA_PUBLIC_CLIENT_ID } },
      } as sql.config;
  }
}
