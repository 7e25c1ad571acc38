/** One store per app (and per test): the slices composed over the transport they call. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Transport } from '../../shared/contract/channels.js';
import { createDeploySlice } from './deploySlice.js';
import { createJobsSlice } from './jobsSlice.js';
import { createPreflightSlice } from '../features/preflight/preflightSlice.js';
import { createProxiesSlice } from '../features/proxies/proxiesSlice.js';
import { createBuildSlice } from './buildSlice.js';
import { createOutputSlice } from './outputSlice.js';
import { createRunsSlice } from './runsSlice.js';
import { createServersSlice } from './serversSlice.js';
import { createShellSlice } from '../features/shell/shellSlice.js';
import { createSolutionSlice } from './solutionSlice.js';
import { createUiSlice } from './uiSlice.js';
import type { AppState, Theme } from './types.js';

export type AppStore = StoreApi<AppState>;

export function createAppStore(transport: Transport, options: { theme?: Theme } = {}): AppStore {
  const solution = createSolutionSlice(transport);
  const ui = createUiSlice(options.theme ?? 'light');
  const output = createOutputSlice();
  const build = createBuildSlice(transport);
  const servers = createServersSlice(transport);
  const deploy = createDeploySlice(transport);
  const runs = createRunsSlice(transport);
  const jobs = createJobsSlice(transport);
  const preflight = createPreflightSlice(transport);
  const proxies = createProxiesSlice(transport);
  const shell = createShellSlice(transport);
  return createStore<AppState>()((...a) => ({ ...solution(...a), ...shell(...a), ...ui(...a), ...output(...a), ...servers(...a), ...deploy(...a), ...runs(...a), ...jobs(...a), ...build(...a), ...preflight(...a), ...proxies(...a) }));
}
