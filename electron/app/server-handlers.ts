/**
 * 'servers:*' channels → electron/services/servers (an exported msdb package or catalog project is written as
 * build's Export... writes a package). Passwords are split off before anything is saved.
 */
import type { Handlers } from '../../shared/contract/channels.js';
import { splitDraftArgs, type ServerChannels } from '../../shared/contract/servers.js';
import { resultOf } from '../../shared/result.js';
import { writeExportFile } from '../services/build/index.js';
import type { ServersService } from '../services/servers/index.js';

export function serverHandlers(servers: ServersService): Pick<Handlers, keyof ServerChannels> {
  return {
    'servers:list': () => servers.list(),
    'servers:add': (args) => {
      const { draft, password } = splitDraftArgs(args);
      return servers.add(draft, password);
    },
    'servers:update': ({ id, ...rest }) => {
      const { draft, password } = splitDraftArgs(rest);
      return servers.update(id, draft, password);
    },
    'servers:remove': ({ serverId }) => servers.remove(serverId),
    'servers:test': ({ serverId }) => servers.test(serverId),
    'servers:testDraft': (args) => {
      const { draft, password } = splitDraftArgs(args);
      return servers.testDraft(draft, password);
    },
    'servers:setPassword': ({ serverId, password }) => servers.setPassword(serverId, password),
    'servers:browse': ({ serverId, node }) => servers.browse(serverId, node),
    'servers:jobHistory': ({ serverId, jobId }) => servers.jobHistory(serverId, jobId),
    'servers:exportStoredPackage': async ({ serverId, folderId, name, targetPath, overwrite }) => {
      const read = await servers.readStoredPackage(serverId, { folderId, name });
      return read.ok ? resultOf(() => writeExportFile(targetPath, read.value, { overwrite, extension: '.dtsx' })) : read;
    },
    'servers:deleteStoredPackage': ({ serverId, folderId, name }) => servers.deleteStoredPackage(serverId, { folderId, name }),
    'servers:exportCatalogProject': async ({ serverId, folder, project, targetPath, overwrite }) => {
      const read = await servers.readCatalogProject(serverId, { folder, project });
      return read.ok ? resultOf(() => writeExportFile(targetPath, read.value, { overwrite, extension: '.ispac' })) : read;
    },
    'servers:deleteCatalogProject': ({ serverId, folder, project }) => servers.deleteCatalogProject(serverId, { folder, project }),
    'servers:deleteStoredFolder': ({ serverId, folderId, name }) => servers.deleteStoredFolder(serverId, { folderId, name }),
    'servers:deleteCatalogFolder': ({ serverId, folder }) => servers.deleteCatalogFolder(serverId, folder),
  };
}
