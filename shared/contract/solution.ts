/** Request channels and events of the Solution Explorer (electron/services/solution). */
import type { PackageProperties, ProjectProperties, SolutionView } from '../model/solution.js';
import { NO_ARGS, type ArgRules } from './rules.js';

export interface ViewCode {
  readonly path: string;
  /** The file's text with secrets in connection strings and passwords masked. */
  readonly text: string;
}

export interface NewPackageResult {
  readonly view: SolutionView;
  readonly packageName: string;
}

export interface SolutionChannels {
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
}

export interface SolutionEvents {
  /** The solution was reloaded because files changed on disk. */
  'solution:changed': SolutionView;
}

export const SOLUTION_RULES: { readonly [C in keyof SolutionChannels]: ArgRules<SolutionChannels[C][0]> } = {
  'solution:get': NO_ARGS,
  'solution:open': { path: 'string' },
  'solution:reload': NO_ARGS,
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
};

export const SOLUTION_EVENTS: readonly (keyof SolutionEvents)[] = ['solution:changed'];
