/**
 * The Node side's one implementation of the channel map, composed from one handler file per domain.
 * Electron's ipcMain and the browser host both call these through dispatch(), so the two transports cannot
 * drift apart.
 */
import type { AppChannels, AppInfo } from '../../shared/contract/app.js';
import type { Handlers } from '../../shared/contract/channels.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { BuildService } from '../services/build/index.js';
import type { DeployService } from '../services/deploy/index.js';
import { CatalogExecutions, JobsService } from '../services/jobs/index.js';
import { PreflightService } from '../services/preflight/index.js';
import { ProxiesService } from '../services/proxies/index.js';
import type { RunnerService } from '../services/runner/index.js';
import type { ServersService } from '../services/servers/index.js';
import type { SettingsService } from '../services/settings/index.js';
import { buildHandlers } from './build-handlers.js';
import { deployHandlers } from './deploy-handlers.js';
import { preflightHandlers } from './preflight-handlers.js';
import { jobHandlers } from './job-handlers.js';
import { catalogHandlers } from './catalog-handlers.js';
import { runHandlers } from './run-handlers.js';
import { serverHandlers } from './server-handlers.js';
import { shellHandlers } from './shell-handlers.js';
import type { SolutionApi } from './solution-api.js';
import { solutionHandlers } from './solution-handlers.js';

/** The native file picker; only Electron has one. */
export interface DialogApi {
  openFile(title: string, extensions: readonly string[]): Promise<string | null>;
  saveFile(title: string, extensions: readonly string[], defaultName: string): Promise<string | null>;
}

export interface AppServices {
  readonly solution: SolutionApi;
  readonly servers: ServersService;
  readonly info: AppInfo;
  /** Absent in browser mode: 'dialog:openFile' / 'dialog:saveFile' then answer UNSUPPORTED. */
  readonly dialog?: DialogApi;
  /** What the app remembers between starts; absent in bare test cores ('shell:*' then answer UNSUPPORTED). */
  readonly settings?: SettingsService;
  /** Deploy runs and their events; made by createAppCore, which owns the event bus. */
  readonly deploy: DeployService;
  /** Package runs and their events; made by createAppCore, which owns the event bus. */
  readonly runner: RunnerService;
}

function appHandlers(info: AppInfo, dialog: DialogApi | undefined): Pick<Handlers, keyof AppChannels> {
  return {
    'app:info': async () => ok(info),
    'dialog:openFile': async (args): Promise<Result<{ path: string | null }>> => {
      if (!dialog) return fail('UNSUPPORTED', 'There is no native file picker in the browser; type the path of the solution instead.');
      return ok({ path: await dialog.openFile(args.title, args.extensions) });
    },
    'dialog:saveFile': async (args): Promise<Result<{ path: string | null }>> => {
      if (!dialog) return fail('UNSUPPORTED', 'There is no native file picker in the browser; type the path instead.');
      return ok({ path: await dialog.saveFile(args.title, args.extensions, args.defaultName) });
    },
  };
}

export function createHandlers(services: AppServices): Handlers {
  return {
    ...appHandlers(services.info, services.dialog),
    ...solutionHandlers(services.solution),
    ...serverHandlers(services.servers),
    // Job actions hold no state of their own: they run on the servers' pools.
    ...jobHandlers(new JobsService(services.servers)),
    ...catalogHandlers(new CatalogExecutions(services.servers)),
    ...shellHandlers(services.settings),
    // Build reads and writes project files only; it holds no state either.
    ...buildHandlers(new BuildService()),
    ...deployHandlers(services.deploy),
    ...runHandlers(services.runner),
    // Preflight reads assignments through the deploy service; proxies run on the servers' pools.
    ...preflightHandlers(new PreflightService({ servers: services.servers, assignments: services.deploy }), new ProxiesService(services.servers)),
  };
}
