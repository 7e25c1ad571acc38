/** sys.dm_server_services as Test Connection reads it: the Agent's state, and 300 without VIEW SERVER STATE. */
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineInstance } from '../types.js';
import { engineFor, errorOf, query, rowsAsObjects, session } from './helpers.js';

const AGENT_SQL = "SELECT status_desc FROM sys.dm_server_services WHERE servicename LIKE N'SQL Server Agent%'";
const engines: EngineInstance[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
});

describe('sys.dm_server_services', () => {
  it('lists SQL Server and SQL Server Agent; the Agent row follows the agent option', async () => {
    const running = await engineFor();
    const stopped = await engineFor({ agent: 'stopped' });
    engines.push(running, stopped);
    const all = rowsAsObjects(await query(running, session(running, 'sa', 'master'), 'SELECT servicename, status, status_desc, startup_type_desc FROM sys.dm_server_services'));
    expect(all).toEqual([
      { servicename: 'SQL Server (MSSQLSERVER)', status: 4, status_desc: 'Running', startup_type_desc: 'Automatic' },
      { servicename: 'SQL Server Agent (MSSQLSERVER)', status: 4, status_desc: 'Running', startup_type_desc: 'Automatic' },
    ]);
    expect(rowsAsObjects(await query(stopped, session(stopped), AGENT_SQL))).toEqual([{ status_desc: 'Stopped' }]);
  });

  it('refuses a login without VIEW SERVER STATE with error 300', async () => {
    const engine = await engineFor();
    engines.push(engine);
    expect(errorOf(await query(engine, session(engine, 'reader'), AGENT_SQL))).toMatchObject({
      number: 300,
      message: "VIEW SERVER STATE permission was denied on object 'server', database 'master'.",
    });
  });
});
