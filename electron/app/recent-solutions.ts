/**
 * Every solution opened successfully — from the command line, File → Open, File → Recent or the page —
 * joins the recent list and becomes the one opened next time no path is given.
 */
import type { SettingsService } from '../services/settings/index.js';
import type { SolutionApi } from './solution-api.js';

export function rememberOpenedSolutions(solution: SolutionApi, settings: SettingsService): SolutionApi {
  const open: SolutionApi['open'] = async (args) => {
    const r = await solution.open(args);
    if (r.ok) await settings.solutionOpened(r.value.openedPath);
    return r;
  };
  return new Proxy(solution, {
    get(target, prop) {
      if (prop === 'open') return open;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
