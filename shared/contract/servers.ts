/**
 * Request channels of the Servers pane (electron/services/servers). Arguments are flat objects so that the
 * boundary can check every field.
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
import type { ExportPackageResult } from './build.js';
import { NO_ARGS, type ArgRules } from './rules.js';

/**
 * A package of Stored Packages → MSDB as sp_ssis_listpackages names it (its folder's id, its name without
 * .dtsx), or a folder (its own id and name).
 */
/** A project of Integration Services Catalogs → SSISDB, by its folder's name and its own. */
export interface CatalogProjectArgs {
  serverId: string;
  folder: string;
  project: string;
}

export interface MsdbObjectArgs {
  serverId: string;
  folderId: string;
  name: string;
}

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
  /** Export Package...: the package as msdb stores it, to a .dtsx file (replaced only with `overwrite`). */
  'servers:exportStoredPackage': [MsdbObjectArgs & { targetPath: string; overwrite: boolean }, ExportPackageResult];
  'servers:deleteStoredPackage': [MsdbObjectArgs, { message: string }];
  /** SSISDB → a project → Export...: the deployed project (catalog.get_project) to an .ispac file. */
  'servers:exportCatalogProject': [CatalogProjectArgs & { targetPath: string; overwrite: boolean }, ExportPackageResult];
  'servers:deleteCatalogProject': [CatalogProjectArgs, { message: string }];
  /** Delete on an empty msdb folder (`name` is the folder's own, for the message). */
  'servers:deleteStoredFolder': [MsdbObjectArgs, { message: string }];
  /** Delete on an empty SSISDB folder. */
  'servers:deleteCatalogFolder': [{ serverId: string; folder: string }, { message: string }];
}

const draftRules: ArgRules<ServerDraftArgs> = {
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

/** Every servers:* channel with the shape of its arguments. */
export const SERVER_RULES: { readonly [C in keyof ServerChannels]: ArgRules<ServerChannels[C][0]> } = {
  'servers:list': NO_ARGS,
  'servers:add': draftRules,
  'servers:update': { ...draftRules, id: 'string' },
  'servers:remove': { serverId: 'string' },
  'servers:test': { serverId: 'string' },
  'servers:testDraft': draftRules,
  'servers:setPassword': { serverId: 'string', password: 'string' },
  'servers:browse': { serverId: 'string', node: { oneOf: ['msdb', 'catalog', 'jobs', 'proxies'] } },
  'servers:jobHistory': { serverId: 'string', jobId: 'string' },
  'servers:exportStoredPackage': { serverId: 'string', folderId: 'string', name: 'string', targetPath: 'string', overwrite: 'boolean' },
  'servers:deleteStoredPackage': { serverId: 'string', folderId: 'string', name: 'string' },
  'servers:exportCatalogProject': { serverId: 'string', folder: 'string', project: 'string', targetPath: 'string', overwrite: 'boolean' },
  'servers:deleteCatalogProject': { serverId: 'string', folder: 'string', project: 'string' },
  'servers:deleteStoredFolder': { serverId: 'string', folderId: 'string', name: 'string' },
  'servers:deleteCatalogFolder': { serverId: 'string', folder: 'string' },
};

/** Splits dialog arguments into the draft that is saved and the password that is not. */
export function splitDraftArgs(args: ServerDraftArgs): { draft: ServerDraft; password: string | null } {
  const { password, ...draft } = args;
  return { draft, password };
}
