import { describe, expect, test } from 'vitest';
import { isRequestChannel, validateArgs } from './channels.js';
import { splitDraftArgs, type ServerDraftArgs } from './servers.js';

const args: ServerDraftArgs = {
  displayName: 'SRV1',
  host: 'db1\\ETL',
  port: null,
  authentication: 'sql',
  userName: 'deployer',
  encrypt: 'mandatory',
  trustServerCertificate: false,
  certificatePem: null,
  password: 'secret',
};

describe('servers channel rules', () => {
  test('every channel is listed and checked', () => {
    expect(isRequestChannel('servers:jobHistory')).toBe(true);
    expect(isRequestChannel('servers:nope')).toBe(false);
    expect(validateArgs('servers:list', {})).toBeNull();
    expect(validateArgs('servers:add', args)).toBeNull();
    expect(validateArgs('servers:update', { ...args, id: 'x', port: 1433 })).toBeNull();
  });

  test('wrong shapes are refused with the field named and without echoing values', () => {
    expect(validateArgs('servers:add', { ...args, port: 0 })).toMatch(/'port' must be a TCP port/);
    expect(validateArgs('servers:add', { ...args, port: '1433' })).toMatch(/'port'/);
    expect(validateArgs('servers:add', { ...args, encrypt: 'maybe' })).toMatch(/'encrypt' must be one of mandatory, optional, strict/);
    expect(validateArgs('servers:add', { ...args, password: 5 })).toMatch(/'password'/);
    expect(validateArgs('servers:add', { ...args, extra: 1 })).toMatch(/unexpected argument 'extra'/);
    expect(validateArgs('servers:browse', { serverId: 'a', node: 'tables' })).toMatch(/'node' must be one of msdb, catalog, jobs, proxies/);
    expect(validateArgs('servers:add', { ...args, userName: 7 })).not.toContain('secret');
    expect(validateArgs('servers:test', null)).toMatch(/must be an object/);
  });

  test('the password is split off what is saved', () => {
    const { draft, password } = splitDraftArgs(args);
    expect(password).toBe('secret');
    expect(JSON.stringify(draft)).not.toContain('secret');
  });
});
