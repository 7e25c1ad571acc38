/**
 * Request channels of the Servers pane, in the style of RequestChannels (channels.ts), kept apart until the
 * lead merges them there. Arguments are flat objects so that the boundary can check every field.
 * `password` travels only from the dialog to the Node side; no response ever carries one.
 */
import type {
  BrowseNode,
  BrowseResult,
  JobHistoryRow,
  ServerAuthentication,
  ServerDraft,
  ServerEncryption,
  ServerInfo,
  ServerList,
  ServerRegistration,
} from '../model/server.js';
import { SERVER_AUTHENTICATIONS, SERVER_ENCRYPTIONS } from '../model/server.js';

/** The Add Server dialog's fields plus the password (null: none given / keep the saved one). */
export interface ServerDraftArgs {
  displayName: string;
  host: string;
  port: number | null;
  authentication: ServerAuthentication;
  userName: string;
  encrypt: ServerEncryption;
  trustServerCertificate: boolean;
  certificatePem: string | null;
  password: string | null;
}

/** Request channels: name → [args, response]. */
export interface ServerChannels {
  'servers:list': [Record<string, never>, ServerList];
  'servers:add': [ServerDraftArgs, ServerRegistration];
  /** `password` null keeps the saved password. */
  'servers:update': [ServerDraftArgs & { id: string }, ServerRegistration];
  /** Closes the server's connections and forgets its password; answers the remaining list. */
  'servers:remove': [{ serverId: string }, ServerList];
  'servers:test': [{ serverId: string }, ServerInfo];
  /** Test Connection in the Add Server dialog, before anything is saved. */
  'servers:testDraft': [ServerDraftArgs, ServerInfo];
  /** Gives the password for this session (memory store) or saves it (keychain). */
  'servers:setPassword': [{ serverId: string; password: string }, ServerList];
  'servers:browse': [{ serverId: string; node: BrowseNode }, BrowseResult];
  /** Newest first, at most 500 rows. */
  'servers:jobHistory': [{ serverId: string; jobId: string }, readonly JobHistoryRow[]];
}

export type ServerChannel = keyof ServerChannels;
export type ServerArgs<C extends ServerChannel> = ServerChannels[C][0];
export type ServerResponse<C extends ServerChannel> = ServerChannels[C][1];

/**
 * Field rules: the three of channels.ts plus what these channels need. When merging, add these to FieldRule
 * (or keep validateServerArgs for the servers:* channels).
 */
export type ServerFieldRule =
  | 'string'
  | 'boolean'
  | 'string[]'
  /** An integer 1-65535 or null. */
  | 'port|null'
  | 'string|null'
  | { readonly oneOf: readonly string[] };

type ServerArgRules<A> = { readonly [K in keyof A]-?: ServerFieldRule };

const none = {} as const;
const draftRules: ServerArgRules<ServerDraftArgs> = {
  displayName: 'string',
  host: 'string',
  port: 'port|null',
  authentication: { oneOf: SERVER_AUTHENTICATIONS },
  userName: 'string',
  encrypt: { oneOf: SERVER_ENCRYPTIONS },
  trustServerCertificate: 'boolean',
  certificatePem: 'string|null',
  password: 'string|null',
};

/** Every servers:* channel with the shape of its arguments. The key set is the allowlist. */
export const SERVER_REQUEST_RULES: { readonly [C in ServerChannel]: ServerArgRules<ServerArgs<C>> } = {
  'servers:list': none,
  'servers:add': draftRules,
  'servers:update': { ...draftRules, id: 'string' },
  'servers:remove': { serverId: 'string' },
  'servers:test': { serverId: 'string' },
  'servers:testDraft': draftRules,
  'servers:setPassword': { serverId: 'string', password: 'string' },
  'servers:browse': { serverId: 'string', node: { oneOf: ['msdb', 'catalog', 'jobs', 'proxies'] } },
  'servers:jobHistory': { serverId: 'string', jobId: 'string' },
};

export const SERVER_CHANNELS = Object.keys(SERVER_REQUEST_RULES) as ServerChannel[];

export function isServerChannel(name: unknown): name is ServerChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(SERVER_REQUEST_RULES, name);
}

const MAX_STRING = 32_768;

function fieldProblem(rule: ServerFieldRule, value: unknown): string | null {
  const isString = (v: unknown) => typeof v === 'string' && v.length <= MAX_STRING;
  if (typeof rule === 'object') return typeof value === 'string' && rule.oneOf.includes(value) ? null : `must be one of ${rule.oneOf.join(', ')}`;
  switch (rule) {
    case 'string':
      return isString(value) ? null : 'must be a string';
    case 'string|null':
      return value === null || isString(value) ? null : 'must be a string or null';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'string[]':
      return Array.isArray(value) && value.every(isString) ? null : 'must be a list of strings';
    case 'port|null':
      return value === null || (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535)
        ? null
        : 'must be a TCP port (1-65535) or null';
  }
}

/** Returns null when `args` fits the channel's rules, otherwise a message saying what is wrong (never echoing values). */
export function validateServerArgs(channel: ServerChannel, args: unknown): string | null {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return `${channel}: arguments must be an object`;
  const rules = SERVER_REQUEST_RULES[channel] as Record<string, ServerFieldRule>;
  const given = args as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(key in rules)) return `${channel}: unexpected argument '${key}'`;
  }
  for (const [key, rule] of Object.entries(rules)) {
    const problem = fieldProblem(rule, given[key]);
    if (problem) return `${channel}: '${key}' ${problem}`;
  }
  return null;
}

/** Splits dialog arguments into the draft that is saved and the password that is not. */
export function splitDraftArgs(args: ServerDraftArgs): { draft: ServerDraft; password: string | null } {
  const { password, ...draft } = args;
  return { draft, password };
}
