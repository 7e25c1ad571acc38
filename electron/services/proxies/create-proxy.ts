/**
 * New Proxy: the credential (identity + secret), the Agent proxy, its grant to the SSIS subsystem (id 11)
 * and the logins allowed to use it, in one transaction on the server (sqlserver.md §1.14). CREATE CREDENTIAL
 * has no procedure and takes literals only, so a fixed parameterized batch builds the statement on the
 * server with QUOTENAME; the secret goes to the server as a parameter value and nowhere else.
 */
import sql from 'mssql';
import { AppFailure } from '../../../shared/result.js';

export interface NewProxy {
  readonly name: string;
  /** Defaults to the proxy's name. */
  readonly credentialName: string | null;
  /** The Windows account, DOMAIN\user. */
  readonly identity: string;
  readonly secret: string;
  readonly description: string | null;
  /** Logins (or Windows groups) allowed to use the proxy; sysadmin members need none. */
  readonly logins: readonly string[];
}

export type ProxyStep = 'credential' | 'proxy' | 'subsystem' | 'login';

/** The one statement that is not a procedure call; QUOTENAME yields NULL past 128 characters, so say so. */
export const CREATE_CREDENTIAL_SQL = [
  "DECLARE @sql nvarchar(max) = N'CREATE CREDENTIAL ' + QUOTENAME(@credential_name) + N' WITH IDENTITY = ' + QUOTENAME(@identity, '''') + N', SECRET = ' + QUOTENAME(@secret, '''');",
  "IF @sql IS NULL RAISERROR(N'The credential name, identity and secret must each be at most 128 characters.', 16, 1);",
  'ELSE EXEC sp_executesql @sql;',
].join('\n');

export const SSIS_SUBSYSTEM_ID = 11;

/** Checks what SQL Server would refuse in a way that is hard to read (a NULL statement, 14529). */
export function validateNewProxy(p: NewProxy): NewProxy {
  const clean = {
    name: p.name.trim(),
    credentialName: (p.credentialName ?? '').trim() || p.name.trim(),
    identity: p.identity.trim(),
    secret: p.secret,
    description: p.description?.trim() || null,
    logins: [...new Set(p.logins.map((l) => l.trim()).filter(Boolean))],
  };
  const field = (f: string, message: string) => new AppFailure('INVALID_ARGUMENT', message, { field: f });
  if (!clean.name) throw field('name', 'Give the proxy a name.');
  if (clean.name.length > 128) throw field('name', 'The proxy name can have at most 128 characters.');
  if (clean.credentialName.length > 128) throw field('credentialName', 'The credential name can have at most 128 characters.');
  if (clean.credentialName.startsWith('#')) throw field('credentialName', 'Credential names cannot start with "#" (those are system credentials).');
  if (!/^[^\\\s]+\\[^\\\s]+$/.test(clean.identity)) throw field('identity', 'The identity must be a Windows account, written DOMAIN\\user.');
  if (clean.identity.length > 128) throw field('identity', 'The identity can have at most 128 characters.');
  if (!clean.secret) throw field('secret', "Give the Windows account's password (it is sent to the server and not kept).");
  if (clean.secret.length > 128) throw field('secret', 'The password can have at most 128 characters here.');
  return clean;
}

/** Runs the four steps in one transaction; the first error rolls everything back and names its step. */
export async function createProxy(pool: sql.ConnectionPool, input: NewProxy): Promise<{ proxyId: number; messages: string[] }> {
  const p = validateNewProxy(input);
  const tx = new sql.Transaction(pool);
  await tx.begin();
  const messages: string[] = [];
  let step: ProxyStep = 'credential';
  const request = () => {
    const r = new sql.Request(tx);
    r.on('info', (m: { message?: string }) => {
      if (m.message) messages.push(m.message);
    });
    return r;
  };
  try {
    await request()
      .input('credential_name', sql.NVarChar(128), p.credentialName)
      .input('identity', sql.NVarChar(128), p.identity)
      .input('secret', sql.NVarChar(128), p.secret)
      .query(CREATE_CREDENTIAL_SQL);
    step = 'proxy';
    const added = await request()
      .input('proxy_name', sql.NVarChar(128), p.name)
      .input('credential_name', sql.NVarChar(128), p.credentialName)
      .input('enabled', sql.TinyInt, 1)
      .input('description', sql.NVarChar(512), p.description)
      .output('proxy_id', sql.Int)
      .execute('msdb.dbo.sp_add_proxy');
    if (added.returnValue !== 0) throw new Error(`msdb.dbo.sp_add_proxy returned ${String(added.returnValue)}`);
    step = 'subsystem';
    await request().input('proxy_name', sql.NVarChar(128), p.name).input('subsystem_id', sql.Int, SSIS_SUBSYSTEM_ID).execute('msdb.dbo.sp_grant_proxy_to_subsystem');
    step = 'login';
    for (const login of p.logins) {
      await request().input('login_name', sql.NVarChar(256), login).input('proxy_name', sql.NVarChar(128), p.name).execute('msdb.dbo.sp_grant_login_to_proxy');
    }
    await tx.commit();
    return { proxyId: Number(added.output.proxy_id), messages };
  } catch (e) {
    await tx.rollback().catch(() => undefined);
    throw new StepError(step, e);
  }
}

/** A failure with the step it happened in; the service turns it into an AppFailure with SQL Server's number. */
export class StepError extends Error {
  constructor(
    readonly step: ProxyStep,
    readonly original: unknown,
  ) {
    super(original instanceof Error ? original.message : String(original));
    this.name = 'StepError';
  }
}
