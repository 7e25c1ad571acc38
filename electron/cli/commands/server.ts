/**
 * `ssisd server add NAME --host H [--port P] [--user U --password-env VAR] [--trust-server-certificate]
 * [--encrypt mandatory|optional|strict] [--windows]` and `ssisd server list [--json] [--servers FILE]`.
 * Registrations go to the app's user-data folder (the same list the Servers pane shows); the password is
 * never saved by the CLI: only the name of the variable that holds it.
 */
import { SERVER_ENCRYPTIONS, type ServerEncryption } from '../../../shared/model/server.js';
import { defaultUserDataDir } from '../../app/user-data.js';
import { chooseSecretStore } from '../../services/secrets/index.js';
import { ServersService } from '../../services/servers/index.js';
import { UsageError, type CliIo } from '../io.js';
import { checkEnvName, readPasswordEnv, savePasswordEnv } from '../password-env.js';
import { openServerSource } from '../server-source.js';
import { parseCliArgs } from './cli-args.js';

const ADD_USAGE = 'usage: ssisd server add NAME --host H [--port P] [--user U --password-env VAR] [--trust-server-certificate] [--encrypt mandatory|optional|strict] [--windows]';
const LIST_USAGE = 'usage: ssisd server list [--json] [--servers FILE]';

export async function serverAdd(args: readonly string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const a = parseCliArgs(args, { valued: ['--host', '--port', '--user', '--password-env', '--encrypt'], switches: ['--trust-server-certificate', '--windows'], usage: ADD_USAGE });
  if (a.positional.length !== 1) throw new UsageError(ADD_USAGE);
  const host = a.value('--host');
  if (!host) throw new UsageError(`--host is required\n${ADD_USAGE}`);
  const portText = a.value('--port');
  const port = portText === undefined ? null : Number(portText);
  if (port !== null && !(Number.isInteger(port) && port >= 1 && port <= 65535)) throw new UsageError(`--port must be 1-65535, got "${portText}"`);
  const encrypt = (a.value('--encrypt') ?? 'mandatory') as ServerEncryption;
  if (!SERVER_ENCRYPTIONS.includes(encrypt)) throw new UsageError(`--encrypt must be one of ${SERVER_ENCRYPTIONS.join(', ')}`);
  const passwordEnv = a.value('--password-env');
  if (passwordEnv !== undefined) checkEnvName(passwordEnv);
  const userDataDir = defaultUserDataDir(env);
  const servers = new ServersService({ userDataDir, secrets: await chooseSecretStore({ userDataDir, useLibsecret: true }) });
  try {
    const added = await servers.add(
      {
        displayName: a.positional[0]!,
        host,
        port,
        authentication: a.has('--windows') ? 'windows' : 'sql',
        userName: a.value('--user') ?? 'sa',
        encrypt,
        trustServerCertificate: a.has('--trust-server-certificate'),
        certificatePem: null,
      },
      null,
    );
    if (!added.ok) {
      io.err(`ssisd: ${added.error.message}\n`);
      return 1;
    }
    if (passwordEnv !== undefined) await savePasswordEnv(userDataDir, added.value.id, passwordEnv);
    io.out(`Added ${added.value.displayName} (${added.value.host}${added.value.port ? `:${added.value.port}` : ''})${passwordEnv ? `; password from $${passwordEnv}` : ''}\n`);
    return 0;
  } finally {
    await servers.close();
  }
}

export async function serverList(args: readonly string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const a = parseCliArgs(args, { valued: ['--servers'], switches: ['--json'], usage: LIST_USAGE });
  if (a.positional.length) throw new UsageError(LIST_USAGE);
  const file = a.value('--servers') ?? null;
  const source = await openServerSource(file, env);
  try {
    const list = await source.servers.list();
    if (!list.ok) {
      io.err(`ssisd: ${list.error.message}\n`);
      return 1;
    }
    const envNames = file === null ? await readPasswordEnv(defaultUserDataDir(env)) : {};
    const rows = list.value.servers.map((s) => ({
      name: s.displayName,
      host: s.host,
      port: s.port,
      authentication: s.authentication,
      userName: s.userName,
      encrypt: s.encrypt,
      trustServerCertificate: s.trustServerCertificate,
      password: s.passwordSaved ? 'saved' : envNames[s.id] ? `$${envNames[s.id]}` : 'none',
    }));
    if (a.has('--json')) io.out(`${JSON.stringify({ servers: rows }, null, 2)}\n`);
    else if (rows.length === 0) io.out('No servers registered.\n');
    else for (const r of rows) io.out(`${r.name}\t${r.host}${r.port ? `:${r.port}` : ''}\t${r.authentication} ${r.userName}\tencrypt ${r.encrypt}${r.trustServerCertificate ? ', trust certificate' : ''}\tpassword ${r.password}\n`);
    return 0;
  } finally {
    await source.close();
  }
}
