/**
 * CREATE / ALTER / DROP CREDENTIAL in the forms SQL Server accepts (literals only; a variable is a syntax
 * error there too). The secret is never stored: only a salted scrypt hash, so it cannot leak from disk.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import { isSysadmin } from '../core/security.js';
import { SqlError } from '../core/sql-error.js';
import type { EngineContext } from '../context.js';
import type { Session } from '../types.js';
import type { Cursor } from './tokens.js';

function denied(): SqlError {
  return new SqlError(15247, 'User does not have permission to perform this action.', 16, 1);
}

function hashSecret(secret: string): { secret_hash: string; secret_salt: string } {
  const salt = randomBytes(16);
  return { secret_hash: scryptSync(secret, salt, 32).toString('hex'), secret_salt: salt.toString('hex') };
}

function literal(c: Cursor): string {
  const t = c.peek();
  if (t?.kind !== 'string') c.fail();
  c.i++;
  return t.value;
}

/** WITH IDENTITY = '...' [, SECRET = '...'] */
function options(c: Cursor): { identity: string; secret: string | null } {
  c.word('with');
  c.word('identity');
  c.punct('=');
  const identity = literal(c);
  let secret: string | null = null;
  if (c.isPunct(',')) {
    c.i++;
    c.word('secret');
    c.punct('=');
    secret = literal(c);
  }
  return { identity, secret };
}

/** Parses and runs one credential statement; the cursor stands on CREATE/ALTER/DROP. */
export function runCredentialStatement(c: Cursor, ctx: EngineContext, session: Session, run = true): void {
  const verb = (c.peek() as { value: string }).value.toLowerCase();
  c.i++;
  c.word('credential');
  const name = c.ident();
  const state = ctx.store.state;
  const existing = state.credentials.find((x) => x.name.toLowerCase() === name.toLowerCase());
  const now = ctx.now().toISOString();
  if (verb === 'drop') {
    if (!run) return;
    if (!isSysadmin(session)) throw denied();
    if (!existing) throw new SqlError(15151, `Cannot drop the credential '${name}', because it does not exist or you do not have permission.`, 16, 1);
    state.credentials = state.credentials.filter((x) => x !== existing);
    return;
  }
  const { identity, secret } = options(c);
  if (verb === 'create' && c.isWord('for')) {
    c.i++;
    c.word('cryptographic');
    c.word('provider');
    c.ident();
    throw new SqlError(33085, `Cryptographic providers ${'are not supported by the SQL Server Agent emulator'}.`, 16, 1);
  }
  if (!run) return;
  if (!isSysadmin(session)) throw denied();
  if (verb === 'create') {
    if (name.startsWith('#')) throw new SqlError(15002, `The credential name '${name}' is not valid: it cannot start with '#'.`, 16, 1);
    if (existing) throw new SqlError(15025, `The credential '${name}' already exists.`, 16, 1);
    state.credentials.push({
      credential_id: ++state.counters.credential, name, credential_identity: identity,
      ...(secret === null ? { secret_hash: null, secret_salt: null } : hashSecret(secret)), create_date: now, modify_date: now,
    });
    return;
  }
  if (!existing) throw new SqlError(15151, `Cannot alter the credential '${name}', because it does not exist or you do not have permission.`, 16, 1);
  existing.credential_identity = identity;
  Object.assign(existing, secret === null ? { secret_hash: null, secret_salt: null } : hashSecret(secret));
  existing.modify_date = now;
}
