/**
 * The transport-independent core of the app: handlers over the services, the guarded dispatch, and the event
 * bus that forwards the solution service's change notices. electron/main and electron/host wrap this.
 */
import type { AppInfo, EventPayload } from '../../shared/contract/channels.js';
import { createDispatch, type Dispatch, type DispatchOptions } from './dispatch.js';
import { EventBus } from './event-bus.js';
import { createHandlers, type DialogApi } from './handlers.js';
import type { SolutionApi } from './solution-api.js';
import { ispacBytesForProject } from '../services/build/index.js';
import { DeployService } from '../services/deploy/index.js';
import { locateDtexec, registeredServerResolver, RunnerService } from '../services/runner/index.js';
import type { ServersService } from '../services/servers/index.js';
import type { SettingsService } from '../services/settings/index.js';

export { createDispatch, type Dispatch } from './dispatch.js';
export { EventBus } from './event-bus.js';
export { createHandlers, type AppServices, type DialogApi } from './handlers.js';
export { readAppInfo } from './app-info.js';
export type { SolutionApi } from './solution-api.js';

export interface AppCore {
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  readonly solution: SolutionApi;
  readonly servers: ServersService;
  readonly settings?: SettingsService;
  readonly deploy: DeployService;
  readonly runner: RunnerService;
  close(): Promise<void>;
}

export interface AppCoreOptions extends DispatchOptions {
  readonly solution: SolutionApi;
  readonly servers: ServersService;
  readonly info: AppInfo;
  readonly dialog?: DialogApi;
  readonly settings?: SettingsService;
}

export function createAppCore(options: AppCoreOptions): AppCore {
  const events = new EventBus();
  const deploy = new DeployService({
    servers: options.servers,
    buildIspac: (dtprojPath, password) => ispacBytesForProject(dtprojPath, { password, forCatalog: true }),
    projectPassword: (dtprojPath) => options.solution.projectPassword?.(dtprojPath),
    onEvent: (event, payload) => events.emit(event, payload as EventPayload<typeof event>),
    log: options.log,
  });
  // Tools → Options → dtexec path, kept current here because the runner asks for it synchronously.
  let dtexecPath: string | null = null;
  void options.settings?.get().then((r) => {
    if (r.ok) dtexecPath = r.value.dtexecPath;
  });
  const runner = new RunnerService({
    emit: (event, payload) => events.emit(event, payload as EventPayload<typeof event>),
    resolver: registeredServerResolver(options.servers),
    dtexec: () => locateDtexec({ configured: dtexecPath, env: process.env, platform: process.platform }),
    buildIspac: (dtprojPath) => ispacBytesForProject(dtprojPath, { password: options.solution.projectPassword?.(dtprojPath) }),
    projectPassword: (dtprojPath) => options.solution.projectPassword?.(dtprojPath),
    log: options.log,
  });
  const handlers = createHandlers({ solution: options.solution, servers: options.servers, info: options.info, dialog: options.dialog, settings: options.settings, deploy, runner });
  const dispatch = createDispatch(handlers, { log: options.log });
  const unsubscribeSolution = options.solution.onChanged((view) => events.emit('solution:changed', view));
  const unsubscribeSettings = options.settings?.onChanged((settings) => {
    dtexecPath = settings.dtexecPath;
    events.emit('shell:settingsChanged', settings);
  });
  let closed = false;
  return {
    dispatch,
    events,
    solution: options.solution,
    servers: options.servers,
    settings: options.settings,
    deploy,
    runner,
    async close() {
      if (closed) return;
      closed = true;
      unsubscribeSolution();
      unsubscribeSettings?.();
      // Running deploys stop (rolling back what is in flight) before their servers' pools close.
      await deploy.close();
      await runner.close();
      await Promise.allSettled([options.solution.close(), options.servers.close(), options.settings?.flush()]);
    },
  };
}
