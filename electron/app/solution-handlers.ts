/** 'solution:*' channels → electron/services/solution. */
import type { Handlers } from '../../shared/contract/channels.js';
import type { SolutionChannels } from '../../shared/contract/solution.js';
import type { SolutionApi } from './solution-api.js';

export function solutionHandlers(solution: SolutionApi): Pick<Handlers, keyof SolutionChannels> {
  return {
    'solution:get': (args) => solution.get(args),
    'solution:open': (args) => solution.open(args),
    'solution:reload': (args) => solution.reload(args),
    'solution:setEntryPoint': (args) => solution.setEntryPoint(args),
    'solution:setStartupObject': (args) => solution.setStartupObject(args),
    'solution:viewCode': (args) => solution.viewCode(args),
    'solution:renamePackage': (args) => solution.renamePackage(args),
    'solution:deletePackage': (args) => solution.deletePackage(args),
    'solution:excludePackage': (args) => solution.excludePackage(args),
    'solution:newPackage': (args) => solution.newPackage(args),
    'solution:addExistingPackage': (args) => solution.addExistingPackage(args),
    'solution:packageProperties': (args) => solution.packageProperties(args),
    'solution:projectProperties': (args) => solution.projectProperties(args),
    'solution:unlockProject': (args) => solution.unlockProject(args),
  };
}
