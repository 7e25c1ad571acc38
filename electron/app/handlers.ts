/**
 * The Node side's one implementation of the channel map. Electron's ipcMain and the browser host both call
 * these through dispatch(), so the two transports cannot drift apart.
 */
import type { AppInfo, Handlers } from '../../shared/contract/channels.js';
import { fail, ok, type Result } from '../../shared/result.js';
import type { SolutionApi } from './solution-api.js';

/** The native file picker; only Electron has one. */
export interface DialogApi {
  openFile(title: string, extensions: readonly string[]): Promise<string | null>;
}

export interface AppServices {
  readonly solution: SolutionApi;
  readonly info: AppInfo;
  /** Absent in browser mode: 'dialog:openFile' then answers UNSUPPORTED. */
  readonly dialog?: DialogApi;
}

export function createHandlers(services: AppServices): Handlers {
  const { solution, info, dialog } = services;
  return {
    'app:info': async () => ok(info),
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
    'dialog:openFile': async (args): Promise<Result<{ path: string | null }>> => {
      if (!dialog) return fail('UNSUPPORTED', 'There is no native file picker in the browser; type the path of the solution instead.');
      return ok({ path: await dialog.openFile(args.title, args.extensions) });
    },
  };
}
