/** 'shell:*' channels → electron/services/settings. */
import type { Handlers } from '../../shared/contract/channels.js';
import type { ShellChannels } from '../../shared/contract/shell.js';
import { fail } from '../../shared/result.js';
import type { SettingsService } from '../services/settings/index.js';

/** Without a settings service (tests that build a bare core) the channels say so instead of failing to exist. */
export function shellHandlers(settings: SettingsService | undefined): Pick<Handlers, keyof ShellChannels> {
  if (!settings) {
    const none = async () => fail<never>('UNSUPPORTED', 'This app core keeps no settings.');
    return { 'shell:settings': none, 'shell:setPaneSize': none, 'shell:setStartLocalEmulators': none, 'shell:setDtexecPath': none, 'shell:clearRecent': none };
  }
  return {
    'shell:settings': () => settings.get(),
    'shell:setPaneSize': ({ pane, size }) => settings.setPaneSize(pane, size),
    'shell:setStartLocalEmulators': ({ enabled }) => settings.setStartLocalEmulators(enabled),
    'shell:setDtexecPath': ({ path }) => settings.setDtexecPath(path),
    'shell:clearRecent': () => settings.clearRecent(),
  };
}
