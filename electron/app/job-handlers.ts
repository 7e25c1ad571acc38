/** 'jobs:*' channels → electron/services/jobs, over the registered servers' pools. */
import type { Handlers } from '../../shared/contract/channels.js';
import type { JobChannels } from '../../shared/contract/jobs.js';
import type { JobsService } from '../services/jobs/index.js';

export function jobHandlers(jobs: JobsService): Pick<Handlers, keyof JobChannels> {
  return {
    'jobs:start': ({ stepName, ...ref }) => jobs.start(ref, stepName ?? null),
    'jobs:stop': (ref) => jobs.stop(ref),
    'jobs:status': (ref) => jobs.status(ref),
    'jobs:history': (ref) => jobs.history(ref),
    'jobs:setEnabled': ({ enabled, ...ref }) => jobs.setEnabled(ref, enabled),
    'jobs:delete': (ref) => jobs.delete(ref),
  };
}
