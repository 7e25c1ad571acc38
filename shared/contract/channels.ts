/**
 * The one channel map. Electron's preload exposes exactly these channels, the browser-mode host serves the
 * same map over a WebSocket, and the renderer calls them through renderer/api.ts without knowing which
 * transport it has. Each request channel is `'domain:verb'`: (args object) => Promise<Result<Response>>.
 */
import type { Result } from '../result.js';
import { APP_RULES, type AppChannels } from './app.js';
import { BUILD_RULES, type BuildChannels } from './build.js';
import { CATALOG_RULES, type CatalogChannels } from './catalog.js';
import { DEPLOY_EVENTS, DEPLOY_RULES, type DeployChannels, type DeployEvents } from './deploy.js';
import { JOB_RULES, type JobChannels } from './jobs.js';
import { PREFLIGHT_RULES, type PreflightChannels } from './preflight.js';
import { PROXY_RULES, type ProxyChannels } from './proxies.js';
import { checkArgs, type ArgRules, type FieldRule } from './rules.js';
import { RUN_EVENTS, RUN_RULES, type RunChannels, type RunEvents } from './runs.js';
import { SERVER_RULES, type ServerChannels } from './servers.js';
import { SHELL_EVENTS, SHELL_RULES, type ShellChannels, type ShellEvents } from './shell.js';
import { SOLUTION_EVENTS, SOLUTION_RULES, type SolutionChannels, type SolutionEvents } from './solution.js';

export type { AppInfo } from './app.js';
export type { NewPackageResult, ViewCode } from './solution.js';

/**
 * Request channels: name → [args, response]. Each domain declares its channels and their argument rules in
 * its own file; add a domain here (interface and rules) and nowhere else.
 */
export interface RequestChannels extends AppChannels, SolutionChannels, ServerChannels, ShellChannels, JobChannels, BuildChannels, DeployChannels, PreflightChannels, ProxyChannels, RunChannels, CatalogChannels {}

/** Events pushed from the Node side to the renderer: name → payload. */
export type EventChannels = SolutionEvents & ShellEvents & DeployEvents & RunEvents;

export type RequestChannel = keyof RequestChannels;
export type EventChannel = keyof EventChannels;
export type RequestArgs<C extends RequestChannel> = RequestChannels[C][0];
export type ResponseOf<C extends RequestChannel> = RequestChannels[C][1];
export type EventPayload<E extends EventChannel> = EventChannels[E];

/** Every request channel with the shape of its arguments. The key set is the allowlist. */
export const REQUEST_RULES: { readonly [C in RequestChannel]: ArgRules<RequestArgs<C>> } = {
  ...APP_RULES,
  ...SOLUTION_RULES,
  ...SERVER_RULES,
  ...SHELL_RULES,
  ...RUN_RULES,
  ...JOB_RULES,
  ...BUILD_RULES,
  ...DEPLOY_RULES,
  ...PREFLIGHT_RULES,
  ...PROXY_RULES,
  ...CATALOG_RULES,
};

export const EVENT_CHANNELS: readonly EventChannel[] = [...SOLUTION_EVENTS, ...SHELL_EVENTS, ...DEPLOY_EVENTS, ...RUN_EVENTS];

export const REQUEST_CHANNELS = Object.keys(REQUEST_RULES) as RequestChannel[];

export function isRequestChannel(name: unknown): name is RequestChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(REQUEST_RULES, name);
}

/** Returns null when `args` fits the channel's rules, otherwise a message saying what is wrong. */
export function validateArgs(channel: RequestChannel, args: unknown): string | null {
  return checkArgs(channel, REQUEST_RULES[channel] as Readonly<Record<string, FieldRule>>, args);
}

/** What the renderer talks to; implemented over Electron IPC and over the browser-mode WebSocket. */
export interface Transport {
  invoke<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<Result<ResponseOf<C>>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Handlers the Node side registers: one per request channel, all returning values, never throwing. */
export type Handlers = { readonly [C in RequestChannel]: (args: RequestArgs<C>) => Promise<Result<ResponseOf<C>>> };

/** WebSocket frames of the browser-mode host. */
export type ClientFrame = { readonly id: number; readonly channel: string; readonly args: unknown };
export type ServerFrame =
  | { readonly id: number; readonly result: Result<unknown> }
  | { readonly event: string; readonly payload: unknown };
