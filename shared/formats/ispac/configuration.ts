/**
 * The build options of one configuration of a .dtproj (`Configurations/Configuration/Options`): where Build
 * writes (`OutputPath`, default "bin") and, in the package deployment model, the deployment utility's
 * settings (`DeploymentOutputPath`, default bin\Deployment; `AllowConfigurationChanges`, default true).
 */
import { childElements, descend, firstChild, textContent } from '../../xml/query.js';
import type { ParsedDtproj } from '../dtproj.js';

export interface ProjectConfiguration {
  readonly name: string;
  readonly outputPath: string;
  readonly deploymentOutputPath: string;
  readonly allowConfigurationChanges: boolean;
}

/**
 * The named configuration (case-insensitive), or the first one when `name` is omitted ("Development" when
 * the project has none). Returns null when a name is given and the project has no such configuration.
 */
export function projectConfiguration(p: ParsedDtproj, name?: string): ProjectConfiguration | null {
  const holder = firstChild(p.doc.root, 'Configurations');
  const configs = holder ? childElements(holder, 'Configuration') : [];
  const nameOf = (c: (typeof configs)[number]) => textContent(firstChild(c, 'Name') ?? c).trim();
  const el = name === undefined ? configs[0] : (configs.find((c) => nameOf(c) === name) ?? configs.find((c) => nameOf(c).toLowerCase() === name.toLowerCase()));
  if (!el) return name === undefined ? { name: 'Development', ...defaults() } : null;
  const option = (tag: string): string | null => {
    const o = descend(el, ['Options', tag]) ?? descend(el, ['Options', 'DeploymentUtility', tag]);
    const v = o ? textContent(o).trim() : '';
    return v === '' ? null : v;
  };
  const d = defaults();
  return {
    name: nameOf(el) || 'Development',
    outputPath: option('OutputPath') ?? d.outputPath,
    deploymentOutputPath: option('DeploymentOutputPath') ?? d.deploymentOutputPath,
    allowConfigurationChanges: (option('AllowConfigurationChanges') ?? 'true').toLowerCase() !== 'false',
  };
}

function defaults() {
  return { outputPath: 'bin', deploymentOutputPath: 'bin\\Deployment', allowConfigurationChanges: true };
}
