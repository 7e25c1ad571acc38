import { describe, expect, it } from 'vitest';
import type { ServerListEntry } from '../../../../shared/model/server.js';
import { matchRegistration } from '../registered-servers.js';
import { endpointOf } from '../sql-connection.js';

const reg = (id: string, displayName: string, host: string, port: number | null, localEmulator = false): ServerListEntry => ({
  id, displayName, host, port, authentication: 'sql', userName: 'sa', encrypt: 'optional', trustServerCertificate: true, certificatePem: null, passwordSaved: true, ...(localEmulator ? { localEmulator: true } : {}),
});

const servers = [reg('prod', 'SQL02\\PROD', 'sql02.corp\\PROD', null), reg('e1', 'SRV1 (local emulator)', '127.0.0.2', 50001, true), reg('e2', 'SRV2 (local emulator)', '127.0.0.3', 50002, true), reg('qa', 'QA', 'qa.corp', 1433)];
const match = (ds: string) => matchRegistration(servers, endpointOf(`Data Source=${ds};Integrated Security=SSPI;`))?.id ?? null;

describe('which registered server a connection manager means', () => {
  it('matches display names, emulator instance names and host with port', () => {
    expect(match('SQL02\\PROD')).toBe('prod');
    expect(match('srv2')).toBe('e2');
    expect(match('127.0.0.3,50002')).toBe('e2');
    expect(match('qa.corp')).toBe('qa');
    expect(match('qa.corp,1433')).toBe('qa');
    expect(match('127.0.0.3,1')).toBeNull();
    expect(match('elsewhere')).toBeNull();
  });

  it('lets the local emulator stand in for this machine (localhost, (local), .)', () => {
    expect(match('localhost')).toBe('e1');
    expect(match('(local)')).toBe('e1');
    expect(match('.')).toBe('e1');
    expect(match('localhost,1433')).toBeNull();
    expect(matchRegistration(servers.filter((s) => !s.localEmulator), endpointOf('Data Source=localhost;'))).toBeNull();
  });
});
