/** The SSISD_TEST_SQLSERVER format: address forms, defaults, the password only through passwordEnv, and errors. */
import { describe, expect, test } from 'vitest';
import { parseRealServerTarget } from './real-server-target.js';

const env = { SSISD_TEST_PASSWORD: 'S3cret;pw=1' };

describe('parseRealServerTarget', () => {
  test('host with instance and port, every setting given', () => {
    const t = parseRealServerTarget('sql01\\ETL,14330;user=CORP\\etl;passwordEnv=SSISD_TEST_PASSWORD;auth=windows;encrypt=strict;trustServerCertificate=true;certificateFile=/etc/ssl/sql01.pem;catalog=off', env);
    expect(t).toEqual({
      draft: { displayName: 'sql01\\ETL', host: 'sql01\\ETL', port: 14330, authentication: 'windows', userName: 'CORP\\etl', encrypt: 'strict', trustServerCertificate: true },
      password: 'S3cret;pw=1',
      certificateFile: '/etc/ssl/sql01.pem',
      catalog: 'off',
    });
  });

  test('defaults: SQL login, mandatory encryption, certificate validated, catalog auto; keys are case-insensitive', () => {
    const t = parseRealServerTarget(' 10.0.0.5 ; USER=ssisd_test ; PasswordEnv=SSISD_TEST_PASSWORD ; ', env);
    expect(t.draft).toMatchObject({ host: '10.0.0.5', port: null, authentication: 'sql', userName: 'ssisd_test', encrypt: 'mandatory', trustServerCertificate: false });
    expect([t.catalog, t.certificateFile]).toEqual(['auto', null]);
  });

  test('the password is never accepted inline and never appears in an error', () => {
    expect(() => parseRealServerTarget('h;user=u;password=hunter2', env)).toThrow(/passwordEnv=VAR/);
    expect(() => parseRealServerTarget('h;user=u;pwd=hunter2', env)).toThrow(/passwordEnv=VAR/);
    expect(() => parseRealServerTarget('h;user=u;passwordEnv=NOPE', env)).toThrow(/SSISD_TEST_SQLSERVER: the password variable NOPE is not set/);
    expect(() => parseRealServerTarget('h;user=u;passwordEnv=E', { E: '' })).toThrow(/is empty/);
    const message = (() => {
      try {
        parseRealServerTarget('h;user=u;passwordEnv=SSISD_TEST_PASSWORD;encrypt=yes', env);
        return null;
      } catch (e) {
        return String(e);
      }
    })();
    expect(message).toMatch(/encrypt=yes is not one of mandatory, optional, strict/);
    expect(message).not.toContain(env.SSISD_TEST_PASSWORD);
  });

  test('mistakes name the part that is wrong', () => {
    const p = (v: string) => () => parseRealServerTarget(v, env);
    expect(p('h,0;user=u;passwordEnv=SSISD_TEST_PASSWORD')).toThrow(/port "0" is not 1-65535/);
    expect(p('h,1,2;user=u;passwordEnv=SSISD_TEST_PASSWORD')).toThrow(/is not host\[\\instance\]\[,port\]/);
    expect(p(';user=u;passwordEnv=SSISD_TEST_PASSWORD')).toThrow(/is not host/);
    expect(p('h;passwordEnv=SSISD_TEST_PASSWORD')).toThrow(/user=\.\.\. is missing/);
    expect(p('h;user=u')).toThrow(/passwordEnv=VAR .* is missing/);
    expect(p('h;user=u;user=v;passwordEnv=SSISD_TEST_PASSWORD')).toThrow(/"user" is given twice/);
    expect(p('h;user=u;passwordEnv=SSISD_TEST_PASSWORD;database=x')).toThrow(/unknown setting "database"/);
    expect(p('h;user=u;passwordEnv=SSISD_TEST_PASSWORD;catalog')).toThrow(/"catalog" has no value/);
    expect(p('h;user=u;passwordEnv=SSISD_TEST_PASSWORD;auth=kerberos')).toThrow(/auth=kerberos is not one of sql, windows, entra-password/);
    expect(p('h;user=u;passwordEnv=SSISD_TEST_PASSWORD;trustServerCertificate=yes')).toThrow(/trustServerCertificate=yes is not one of true, false/);
  });
});
