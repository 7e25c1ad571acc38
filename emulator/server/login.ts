/** Checks a LOGIN7 and builds the login reply (SQL Server's token order, tds.md §4.5). */
import type { EngineInstance, Session } from '../engine/types.js';
import type { Login7 } from '../tds/login7.js';
import { MAX_PACKET_LENGTH, MIN_PACKET_SIZE } from '../tds/packet.js';
import { ResponseBuilder } from '../tds/response.js';
import { DEFAULT_COLLATION } from '../tds/data-types/wire-type.js';
import { DoneStatus } from '../tds/tokens/done.js';
import { EnvChangeType, writeEnvChangeBytes, writeEnvChangeText } from '../tds/tokens/envchange.js';
import { writeLoginAck } from '../tds/tokens/loginack.js';
import { negotiateVersion } from '../tds/versions.js';
import { canonicalDatabase } from '../tsql/context.js';

export type LoginResult =
  | { readonly ok: true; readonly session: Session; readonly reply: Buffer; readonly packetSize: number; readonly tdsVersion: number }
  | { readonly ok: false; readonly reply: Buffer; readonly reason: string };

export const DEFAULT_PACKET_SIZE = 4096;

/** The product version as four numbers (e.g. 16.0.1000.6), from the engine's version info. */
export function productVersionParts(engine: EngineInstance): { major: number; minor: number; build: number; subbuild: number } {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:\.(\d+))?/.exec(engine.version.product) ?? /(\d+)\.(\d+)\.(\d+)(?:\.(\d+))?/.exec(engine.version.versionString);
  if (m) return { major: Number(m[1]), minor: Number(m[2]), build: Number(m[3]), subbuild: Number(m[4] ?? 0) };
  return { major: engine.version.major, minor: 0, build: 1000, subbuild: 0 };
}

function refuse(serverName: string, message: string, number = 18456, preceding?: { number: number; message: string }): Buffer {
  const out = new ResponseBuilder(serverName);
  if (preceding) out.error(preceding.number, preceding.message, 11, 1);
  out.error(number, message, 14, 1);
  out.done('done', DoneStatus.FINAL);
  return Buffer.from(out.toBuffer());
}

export function answerLogin(login: Login7, engine: EngineInstance, spid: number): LoginResult {
  const server = engine.serverName;
  const user = login.userName;
  const failed = `Login failed for user '${user}'.`;
  if (login.integratedSecurity && user === '') {
    return {
      ok: false,
      reason: 'integrated authentication',
      reply: refuse(server, 'Login failed. The login is from an untrusted domain and cannot be used with Integrated authentication. (The SQL Server Agent emulator supports SQL Server authentication only.)', 18452),
    };
  }
  const tdsVersion = negotiateVersion(login.tdsVersion);
  if (tdsVersion === null) {
    return { ok: false, reason: `TDS version 0x${login.tdsVersion.toString(16)} is older than 7.2`, reply: refuse(server, failed) };
  }
  const who = engine.authenticate(user, login.password);
  if (!who) return { ok: false, reason: `wrong login or password for '${user}'`, reply: refuse(server, failed) };

  const requestedDb = login.database || 'master';
  const database = canonicalDatabase(requestedDb);
  if (!database) {
    return {
      ok: false,
      reason: `unknown database ${requestedDb}`,
      reply: refuse(server, failed, 18456, { number: 4060, message: `Cannot open database "${requestedDb}" requested by the login. The login failed.` }),
    };
  }

  const requested = login.packetSize === 0 ? DEFAULT_PACKET_SIZE : login.packetSize;
  const packetSize = Math.max(MIN_PACKET_SIZE, Math.min(MAX_PACKET_LENGTH, requested));
  const session: Session = {
    id: spid,
    serverName: server,
    login: who.login,
    roles: who.roles,
    isSqlLogin: who.windows !== true,
    appName: login.appName,
    database,
    transaction: null,
  };

  const out = new ResponseBuilder(server);
  writeEnvChangeText(out.w, EnvChangeType.DATABASE, database, 'master');
  out.info(5701, `Changed database context to '${database}'.`);
  writeEnvChangeText(out.w, EnvChangeType.LANGUAGE, 'us_english', '');
  out.info(5703, 'Changed language setting to us_english.');
  writeEnvChangeBytes(out.w, EnvChangeType.SQL_COLLATION, DEFAULT_COLLATION, Buffer.alloc(0));
  const v = productVersionParts(engine);
  writeLoginAck(out.w, tdsVersion, 'Microsoft SQL Server', { major: v.major, minor: v.minor, build: v.build });
  writeEnvChangeText(out.w, EnvChangeType.PACKET_SIZE, String(packetSize), String(DEFAULT_PACKET_SIZE));
  out.done('done', DoneStatus.FINAL);
  return { ok: true, session, reply: Buffer.from(out.toBuffer()), packetSize, tdsVersion };
}
