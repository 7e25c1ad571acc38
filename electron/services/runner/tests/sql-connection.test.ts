import { describe, expect, it } from 'vitest';
import { localPath } from '../local-path.js';
import { configFor, endpointOf, localEndpoint, parseConnectionString, parseDataSource } from '../sql-connection.js';

describe('connection strings of OLE DB, ADO.NET and ODBC connection managers', () => {
  it('reads keywords with their aliases, quoted and braced values', () => {
    const kv = parseConnectionString('Driver={ODBC Driver 18 for SQL Server};Server=tcp:db1,1444;Database=Stage;UID=etl;PWD="p;w=d";Trusted_Connection=no');
    expect(Object.fromEntries(kv)).toEqual({ driver: 'ODBC Driver 18 for SQL Server', 'data source': 'tcp:db1,1444', 'initial catalog': 'Stage', 'user id': 'etl', password: 'p;w=d', 'integrated security': 'no' });
    expect(parseDataSource('tcp:db1,1444')).toEqual({ host: 'db1', port: 1444, instance: null });
    expect(parseDataSource('SQL02\\PROD')).toEqual({ host: 'SQL02', port: null, instance: 'PROD' });
    expect(parseDataSource('(local)')).toEqual({ host: 'localhost', port: null, instance: null });
    expect(parseDataSource('[::1],50123')).toEqual({ host: '::1', port: 50123, instance: null });
    const smo = endpointOf('SqlServerName=SQL02\\PROD;UseWindowsAuthentication=True;UserName=;');
    expect([smo.host, smo.instance, smo.integrated, smo.user]).toEqual(['SQL02', 'PROD', true, null]);
    const e = endpointOf('Data Source=.;Initial Catalog=msdb;Provider=MSOLEDBSQL.1;Integrated Security=SSPI;Application Name=X;');
    expect([e.host, e.database, e.integrated, e.user, e.applicationName]).toEqual(['localhost', 'msdb', true, null, 'X']);
  });

  it('takes the SQL login from the environment for Windows authentication, and says how when there is none', () => {
    const e = endpointOf('Data Source=db1,1444;Integrated Security=SSPI;');
    const c = configFor(e, { SSISD_SQL_USER: 'etl', SSISD_SQL_PASSWORD: 'pw' });
    expect([c.server, c.port, c.user, c.password]).toEqual(['db1', 1444, 'etl', 'pw']);
    expect(() => configFor(e, {})).toThrow(/SSISD_SQL_USER and SSISD_SQL_PASSWORD/);
    const own = configFor(endpointOf('Data Source=db1;User ID=app;Password=x;'), { SSISD_SQL_USER: 'etl' });
    expect([own.user, own.port]).toEqual(['app', 1433]);
  });

  it('under the emulator\'s Agent, maps the step\'s own server (name, localhost, (local)) to its listener', () => {
    const env = { SSISD_EMULATOR_SERVER: 'SRV1', SSISD_EMULATOR_ADDRESS: '127.0.0.2,50123' };
    for (const ds of ['SRV1', 'srv1', 'localhost', '(local)', '.']) {
      const m = localEndpoint(endpointOf(`Data Source=${ds};Integrated Security=SSPI;`), env);
      expect([m.host, m.port]).toEqual(['127.0.0.2', 50123]);
    }
    const other = localEndpoint(endpointOf('Data Source=SRV2;Integrated Security=SSPI;'), env);
    expect([other.host, other.port]).toEqual(['SRV2', null]);
    expect(localEndpoint(endpointOf('Data Source=SRV1;'), {}).host).toBe('SRV1');
  });
});

describe('Windows paths in packages on Linux and macOS', () => {
  it('maps C:\\dir\\file to /dir/file as SSIS on Linux does, and leaves Windows and UNC paths alone', () => {
    expect(localPath('C:\\test\\in.csv', 'linux')).toBe('/test/in.csv');
    expect(localPath('d:/data/x.dtsx', 'darwin')).toBe('/data/x.dtsx');
    expect(localPath('/already/posix', 'linux')).toBe('/already/posix');
    expect(localPath('\\\\fs01\\ssis\\p.dtsx', 'linux')).toBe('\\\\fs01\\ssis\\p.dtsx');
    expect(localPath('C:\\test\\in.csv', 'win32')).toBe('C:\\test\\in.csv');
  });
});
