/** 'build:*' and 'package:exportFile' channels → electron/services/build. */
import type { BuildChannels } from '../../shared/contract/build.js';
import type { Handlers } from '../../shared/contract/channels.js';
import type { BuildService } from '../services/build/index.js';

export function buildHandlers(build: BuildService): Pick<Handlers, keyof BuildChannels> {
  return {
    'build:project': (args) => build.buildProject(args),
    'build:deploymentUtility': (args) => build.deploymentUtility(args),
    'package:exportFile': (args) => build.exportPackage(args),
  };
}
