/**
 * What the app layer needs from electron/services/solution: one async method per 'solution:*' channel,
 * named by the channel's verb, taking the channel's args and answering a Result. Declared here from the
 * channel map so a new solution channel fails to compile until the service implements it.
 */
import type { RequestArgs, RequestChannel, ResponseOf } from '../../shared/contract/channels.js';
import type { SolutionView } from '../../shared/model/solution.js';
import type { Result } from '../../shared/result.js';

export type SolutionChannel = Extract<RequestChannel, `solution:${string}`>;
export type SolutionVerb<C extends SolutionChannel> = C extends `solution:${infer V}` ? V : never;

export type SolutionMethods = {
  [C in SolutionChannel as SolutionVerb<C>]: (args: RequestArgs<C>) => Promise<Result<ResponseOf<C>>>;
};

export interface SolutionApi extends SolutionMethods {
  /** Called with the new view whenever the service reloaded because files changed on disk. */
  onChanged(listener: (view: SolutionView) => void): () => void;
  /** The password given when a project was unlocked this session (memory only), for Deploy. */
  projectPassword?(projectPath: string): string | undefined;
  close(): Promise<void> | void;
}
