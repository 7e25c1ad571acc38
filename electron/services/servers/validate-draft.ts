/** Checks what the Add Server dialog sends before anything is saved or a connection is tried. */
import { SERVER_AUTHENTICATIONS, SERVER_ENCRYPTIONS, type ServerDraft } from '../../../shared/model/server.js';
import { AppFailure } from '../../../shared/result.js';

// A DNS name, IPv4 or bracket-less IPv6, optionally followed by \INSTANCE (SQL Server instance names: 16 chars).
const HOST = /^[A-Za-z0-9._:-]{1,253}$/;
const INSTANCE = /^[A-Za-z_][A-Za-z0-9_$#]{0,15}$/;

export interface ParsedHost {
  readonly server: string;
  readonly instanceName: string | null;
}

export function parseHost(host: string): ParsedHost {
  const trimmed = host.trim();
  const slash = trimmed.indexOf('\\');
  const server = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const instanceName = slash < 0 ? null : trimmed.slice(slash + 1);
  if (!HOST.test(server)) throw new AppFailure('INVALID_ARGUMENT', `The host "${host.slice(0, 80)}" is not a host name or IP address (host or host\\instance).`, { field: 'host' });
  if (instanceName !== null && !INSTANCE.test(instanceName)) {
    throw new AppFailure('INVALID_ARGUMENT', `The instance name "${instanceName.slice(0, 40)}" is not valid (letters, digits, _ $ #, at most 16).`, { field: 'host' });
  }
  return { server, instanceName };
}

/** DOMAIN\user → parts; Windows authentication needs both. */
export function parseWindowsUser(userName: string): { domain: string; user: string } {
  const slash = userName.indexOf('\\');
  const domain = slash < 0 ? '' : userName.slice(0, slash).trim();
  const user = slash < 0 ? '' : userName.slice(slash + 1).trim();
  if (!domain || !user || user.includes('\\')) {
    throw new AppFailure('INVALID_ARGUMENT', 'Windows authentication needs the user as DOMAIN\\user.', { field: 'userName' });
  }
  return { domain, user };
}

/** Returns a normalised copy (trimmed names) or throws AppFailure naming the field. */
export function validateDraft(d: ServerDraft): ServerDraft {
  const displayName = typeof d.displayName === 'string' ? d.displayName.trim() : '';
  if (!displayName) throw new AppFailure('INVALID_ARGUMENT', 'Give the server a display name.', { field: 'displayName' });
  if (displayName.length > 128) throw new AppFailure('INVALID_ARGUMENT', 'The display name is longer than 128 characters.', { field: 'displayName' });
  if (typeof d.host !== 'string' || !d.host.trim()) throw new AppFailure('INVALID_ARGUMENT', 'Give the host (host or host\\instance).', { field: 'host' });
  parseHost(d.host);
  if (d.port !== null && !(Number.isInteger(d.port) && d.port >= 1 && d.port <= 65535)) {
    throw new AppFailure('INVALID_ARGUMENT', 'The port must be 1-65535, or empty for the default.', { field: 'port' });
  }
  if (!SERVER_AUTHENTICATIONS.includes(d.authentication)) throw new AppFailure('INVALID_ARGUMENT', 'Unknown authentication.', { field: 'authentication' });
  if (!SERVER_ENCRYPTIONS.includes(d.encrypt)) throw new AppFailure('INVALID_ARGUMENT', 'Unknown encryption setting.', { field: 'encrypt' });
  const userName = typeof d.userName === 'string' ? d.userName.trim() : '';
  if (!userName) throw new AppFailure('INVALID_ARGUMENT', 'Give the login name.', { field: 'userName' });
  if (userName.length > 256) throw new AppFailure('INVALID_ARGUMENT', 'The login name is longer than 256 characters.', { field: 'userName' });
  if (d.authentication === 'windows') parseWindowsUser(userName);
  if (d.authentication === 'entra-password' && !userName.includes('@')) {
    throw new AppFailure('INVALID_ARGUMENT', 'Microsoft Entra authentication needs the user as name@domain.', { field: 'userName' });
  }
  if (typeof d.trustServerCertificate !== 'boolean') throw new AppFailure('INVALID_ARGUMENT', 'Trust server certificate must be on or off.', { field: 'trustServerCertificate' });
  const pem = d.certificatePem ?? null;
  if (pem !== null && !/-----BEGIN CERTIFICATE-----/.test(pem)) {
    throw new AppFailure('INVALID_ARGUMENT', 'The server certificate must be PEM text (-----BEGIN CERTIFICATE-----).', { field: 'certificatePem' });
  }
  return {
    displayName,
    host: d.host.trim(),
    port: d.port,
    authentication: d.authentication,
    userName,
    encrypt: d.encrypt,
    trustServerCertificate: d.trustServerCertificate,
    certificatePem: pem,
  };
}
