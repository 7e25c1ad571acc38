/** App-level request channels: what the app is, and the native file pickers. */
import { NO_ARGS, type ArgRules } from './rules.js';

export interface AppInfo {
  readonly name: string;
  readonly version: string;
  readonly mode: 'electron' | 'browser';
  readonly versions: Readonly<Record<string, string>>;
}

export interface AppChannels {
  'app:info': [Record<string, never>, AppInfo];
  /** Native file picker; answers UNSUPPORTED in browser mode, where the renderer asks for a typed path. */
  'dialog:openFile': [{ title: string; extensions: string[] }, { path: string | null }];
  /** Native Save As picker (Export...); UNSUPPORTED in browser mode, where the path is typed. */
  'dialog:saveFile': [{ title: string; extensions: string[]; defaultName: string }, { path: string | null }];
}

export const APP_RULES: { readonly [C in keyof AppChannels]: ArgRules<AppChannels[C][0]> } = {
  'app:info': NO_ARGS,
  'dialog:openFile': { title: 'string', extensions: 'string[]' },
  'dialog:saveFile': { title: 'string', extensions: 'string[]', defaultName: 'string' },
};
