/** 'deploy:*' channels → electron/services/deploy. */
import type { Handlers } from '../../shared/contract/channels.js';
import type { DeployChannels } from '../../shared/contract/deploy.js';
import type { DeployService } from '../services/deploy/index.js';

export function deployHandlers(deploy: DeployService): Pick<Handlers, keyof DeployChannels> {
  return {
    'deploy:listAssignments': ({ projectPath }) => deploy.listAssignments(projectPath),
    'deploy:dialogDefaults': ({ projectPath, serverId, packageNames }) => deploy.dialogDefaults(projectPath, serverId, packageNames),
    'deploy:assign': ({ projectPath, serverId, packageNames, target, job, rememberDefaults }) => deploy.assign(projectPath, serverId, packageNames, target, job, rememberDefaults),
    'deploy:unassign': ({ projectPath, assignmentIds, deleteJob, deletePackage }) => deploy.unassign(projectPath, assignmentIds, deleteJob, deletePackage),
    'deploy:run': ({ projectPaths, assignmentIds, servers, projectPasswords }) => deploy.run(projectPaths, assignmentIds, servers, projectPasswords ?? []),
    'deploy:cancel': ({ deployId }) => deploy.cancel(deployId),
    'deploy:retry': ({ deployId }) => deploy.retry(deployId),
    'deploy:get': ({ deployId }) => deploy.get(deployId),
    'deploy:exportToMsdb': ({ projectPath, packageName, serverId, folder }) => deploy.exportToMsdb(projectPath, packageName, serverId, folder),
  };
}
