/** 'run:*' channels → electron/services/runner. */
import type { Handlers } from '../../shared/contract/channels.js';
import type { RunChannels } from '../../shared/contract/runs.js';
import type { RunnerService } from '../services/runner/index.js';

export function runHandlers(runner: RunnerService): Pick<Handlers, keyof RunChannels> {
  return {
    'run:start': ({ projectPath, packageName }) => runner.start(projectPath, packageName),
    'run:stop': ({ runId }) => runner.stop(runId),
  };
}
