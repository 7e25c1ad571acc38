/** How registrations become mssql/tedious settings: instance vs port, encryption modes, authentication types. */
import { describe, expect, test } from 'vitest';
import type { ServerDraft } from '../../../shared/model/server.js';
import { connectionConfig, DEFAULT_TIMEOUTS, endpointOf } from './connection-config.js';

const base: ServerDraft = { displayName: 'A', host: 'db1', port: null, authentication: 'sql', userName: 'deployer', encrypt: 'mandatory', trustServerCertificate: false };

describe('connectionConfig', () => {
  test('host\\instance uses SQL Server Browser unless a port is given (then the port wins, as in SSMS)', () => {
    const named = connectionConfig({ ...base, host: 'db1\\ETL' }, 'pw', DEFAULT_TIMEOUTS);
    expect([named.server, named.port, named.options?.instanceName]).toEqual(['db1', undefined, 'ETL']);
    expect(endpointOf({ ...base, host: 'db1\\ETL' })).toBe('db1\\ETL');
    const ported = connectionConfig({ ...base, host: 'db1\\ETL', port: 14330 }, 'pw', DEFAULT_TIMEOUTS);
    expect([ported.server, ported.port, ported.options?.instanceName]).toEqual(['db1', 14330, undefined]);
    expect(connectionConfig(base, 'pw', DEFAULT_TIMEOUTS).port).toBe(1433);
  });

  test('encryption modes map to tedious encrypt true/false/strict; strict never trusts blindly', () => {
    const enc = (d: Partial<ServerDraft>) => {
      const o = connectionConfig({ ...base, ...d }, 'pw', DEFAULT_TIMEOUTS).options as { encrypt: unknown; trustServerCertificate: unknown };
      return [o.encrypt, o.trustServerCertificate];
    };
    expect(enc({ encrypt: 'mandatory', trustServerCertificate: true })).toEqual([true, true]);
    expect(enc({ encrypt: 'optional' })).toEqual([false, false]);
    expect(enc({ encrypt: 'strict', trustServerCertificate: true })).toEqual(['strict', false]);
  });

  test('Windows: NTLM with DOMAIN\\user split; Entra: azure-active-directory-password (not testable here)', () => {
    const win = connectionConfig({ ...base, authentication: 'windows', userName: 'CORP\\etl' }, 'pw', DEFAULT_TIMEOUTS);
    expect(win.authentication).toEqual({ type: 'ntlm', options: { domain: 'CORP', userName: 'etl', password: 'pw' } });
    expect(win.user).toBeUndefined();
    const entra = connectionConfig({ ...base, authentication: 'entra-password', userName: 'a@contoso.com' }, 'pw', DEFAULT_TIMEOUTS);
    expect(entra.authentication).toMatchObject({ type: 'azure-active-directory-password', options: { userName: 'a@contoso.com', password: 'pw' } });
    expect(connectionConfig(base, 'pw', DEFAULT_TIMEOUTS)).toMatchObject({ user: 'deployer', password: 'pw', database: 'msdb' });
  });
});
