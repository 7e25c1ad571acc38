/**
 * The one channel map. Electron's preload exposes exactly these channels, the browser-mode host serves the
 * same map over a WebSocket, and the renderer calls them through renderer/api.ts without knowing which
 * transport it has. Each request channel is `'domain:verb'`: (args object) => Promise<Result<Response>>.
 */
import type { Result } from '../result.js';
import type { PackageProperties, ProjectProperties, SolutionView } from '../model/solution.js';

export interface AppInfo {
  readonly name: string;
  readonly version: string;
  readonly mode: 'electron' | 'browser';
  readonly versions: Readonly<Record<string, string>>;
}

export interface ViewCode {
  readonly path: string;
  /** The file's text with secrets in connection strings and passwords masked. */
  readonly text: string;
}

export interface NewPackageResult {
  readonly view: SolutionView;
  readonly packageName: string;
}

/** Request channels: name → [args, response]. */
export interface RequestChannels {
  'app:info': [Record<string, never>, AppInfo];
  'solution:get': [Record<string, never>, SolutionView | null];
  'solution:open': [{ path: string }, SolutionView];
  'solution:reload': [Record<string, never>, SolutionView];
  'solution:setEntryPoint': [{ projectPath: string; packageName: string; entryPoint: boolean }, SolutionView];
  'solution:setStartupObject': [{ projectPath: string; packageName: string }, SolutionView];
  'solution:viewCode': [{ path: string }, ViewCode];
  'solution:renamePackage': [{ projectPath: string; packageName: string; newName: string }, SolutionView];
  'solution:deletePackage': [{ projectPath: string; packageName: string }, SolutionView];
  'solution:excludePackage': [{ projectPath: string; packageName: string }, SolutionView];
  'solution:newPackage': [{ projectPath: string }, NewPackageResult];
  'solution:addExistingPackage': [{ projectPath: string; sourcePath: string }, SolutionView];
  'solution:packageProperties': [{ projectPath: string; packageName: string }, PackageProperties];
  'solution:projectProperties': [{ projectPath: string }, ProjectProperties];
  'solution:unlockProject': [{ projectPath: string; password: string }, SolutionView];
  /** Native file picker; answers UNSUPPORTED in browser mode, where the renderer asks for a typed path. */
  'dialog:openFile': [{ title: string; extensions: string[] }, { path: string | null }];
}

/** Events pushed from the Node side to the renderer: name → payload. */
export interface EventChannels {
  /** The solution was reloaded because files changed on disk. */
  'solution:changed': SolutionView;
}

export type RequestChannel = keyof RequestChannels;
export type EventChannel = keyof EventChannels;
export type RequestArgs<C extends RequestChannel> = RequestChannels[C][0];
export type ResponseOf<C extends RequestChannel> = RequestChannels[C][1];
export type EventPayload<E extends EventChannel> = EventChannels[E];

/** How a field of a request must look; checked at the boundary before any service is called. */
type FieldRule = 'string' | 'boolean' | 'string[]';
type ArgRules<A> = { readonly [K in keyof A]-?: FieldRule };

const none = {} as const;

/** Every request channel with the shape of its arguments. The key set is the allowlist. */
export const REQUEST_RULES: { readonly [C in RequestChannel]: ArgRules<RequestArgs<C>> } = {
  'app:info': none,
  'solution:get': none,
  'solution:open': { path: 'string' },
  'solution:reload': none,
  'solution:setEntryPoint': { projectPath: 'string', packageName: 'string', entryPoint: 'boolean' },
  'solution:setStartupObject': { projectPath: 'string', packageName: 'string' },
  'solution:viewCode': { path: 'string' },
  'solution:renamePackage': { projectPath: 'string', packageName: 'string', newName: 'string' },
  'solution:deletePackage': { projectPath: 'string', packageName: 'string' },
  'solution:excludePackage': { projectPath: 'string', packageName: 'string' },
  'solution:newPackage': { projectPath: 'string' },
  'solution:addExistingPackage': { projectPath: 'string', sourcePath: 'string' },
  'solution:packageProperties': { projectPath: 'string', packageName: 'string' },
  'solution:projectProperties': { projectPath: 'string' },
  'solution:unlockProject': { projectPath: 'string', password: 'string' },
  'dialog:openFile': { title: 'string', extensions: 'string[]' },
};

export const EVENT_CHANNELS: readonly EventChannel[] = ['solution:changed'];

export const REQUEST_CHANNELS = Object.keys(REQUEST_RULES) as RequestChannel[];

export function isRequestChannel(name: unknown): name is RequestChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(REQUEST_RULES, name);
}

const MAX_STRING = 32_768;

/** Returns null when `args` fits the channel's rules, otherwise a message saying what is wrong. */
export function validateArgs(channel: RequestChannel, args: unknown): string | null {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return `${channel}: arguments must be an object`;
  const rules = REQUEST_RULES[channel] as Record<string, FieldRule>;
  const given = args as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(key in rules)) return `${channel}: unexpected argument '${key}'`;
  }
  for (const [key, rule] of Object.entries(rules)) {
    const value = given[key];
    if (rule === 'string' && (typeof value !== 'string' || value.length > MAX_STRING)) return `${channel}: '${key}' must be a string`;
    if (rule === 'boolean' && typeof value !== 'boolean') return `${channel}: '${key}' must be true or false`;
    if (rule === 'string[]' && !(Array.isArray(value) && value.every((v) => typeof v === 'string' && v.length <= MAX_STRING)))
      return `${channel}: '${key}' must be a list of strings`;
  }
  return null;
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
