/**
 * `ssisd build <.dtproj> [--configuration C] [--password-env VAR]`: Build as Visual Studio does it. A project
 * in the project deployment model gets `<OutputPath>/<Configuration>/<Project>.ispac`; one in the package
 * deployment model gets its deployment utility (`<Project>.SSISDeploymentManifest` with the package files).
 * Prints the path written. The password of an EncryptAllWithPassword project comes from the environment
 * variable the user names, never from the command line.
 */
import { parseDtproj } from '../../../shared/formats/dtproj.js';
import { readTextFile } from '../../services/files/text-file.js';
import { BuildService } from '../../services/build/index.js';
import { UsageError, type CliIo } from '../io.js';

const USAGE = 'usage: ssisd build <.dtproj> [--configuration C] [--password-env VAR]';

function parseArgs(args: readonly string[]): { path: string; configuration?: string; passwordEnv?: string } {
  let path: string | undefined;
  let configuration: string | undefined;
  let passwordEnv: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--configuration' || a === '-c' || a === '--password-env') {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value; ${USAGE}`);
      if (a === '--password-env') passwordEnv = v;
      else configuration = v;
    } else if (a.startsWith('-')) {
      throw new UsageError(`unknown option ${a}; ${USAGE}`);
    } else if (path === undefined) {
      path = a;
    } else {
      throw new UsageError(`unexpected argument "${a}"; ${USAGE}`);
    }
  }
  if (path === undefined) throw new UsageError(USAGE);
  return { path, configuration, passwordEnv };
}

async function isPackageModel(path: string): Promise<boolean> {
  try {
    return parseDtproj((await readTextFile(path)).text).deploymentModel === 'Package';
  } catch {
    return false; // Build itself reports why the file cannot be read
  }
}

export async function build(args: readonly string[], io: CliIo): Promise<number> {
  const o = parseArgs(args);
  let password: string | undefined;
  if (o.passwordEnv !== undefined) {
    password = process.env[o.passwordEnv];
    if (password === undefined) {
      io.err(`ssisd: the environment variable ${o.passwordEnv} is not set\n`);
      return 1;
    }
  }
  const service = new BuildService();
  if (await isPackageModel(o.path)) {
    const r = await service.deploymentUtility({ projectPath: o.path, configuration: o.configuration });
    if (!r.ok) {
      io.err(`ssisd: ${r.error.message}\n`);
      return 1;
    }
    for (const w of r.value.warnings) io.err(`ssisd: warning: ${w}\n`);
    io.out(`${r.value.manifestPath}\n`);
    return 0;
  }
  const r = await service.buildProject({ projectPath: o.path, configuration: o.configuration, password });
  if (!r.ok) {
    io.err(`ssisd: ${r.error.message}\n`);
    return 1;
  }
  for (const w of r.value.warnings) io.err(`ssisd: warning: ${w}\n`);
  io.out(`${r.value.path}\n`);
  return 0;
}
