/**
 * The Build service: one async method per 'build:*' / 'package:exportFile' channel, each answering a Result
 * (never throwing). Build writes `<OutputPath>/<Configuration>/<Project>.ispac` next to the .dtproj.
 */
import { mkdir } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import type { BuildChannels, BuildProjectResult, DeploymentUtilityResult, ExportPackageResult } from '../../../shared/contract/build.js';
import { AppFailure, ok, toAppError, type Result } from '../../../shared/result.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { resolveProjectPath } from '../files/paths.js';
import { fileError } from '../files/text-file.js';
import { createDeploymentUtility } from './deployment-utility.js';
import { exportPackageFile } from './export-package.js';
import { buildIspac, ispacFileName } from './ispac.js';

type Args<C extends keyof BuildChannels> = BuildChannels[C][0];

export interface BuildServiceOptions {
  readonly now?: () => Date;
}

async function attempt<T>(fn: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await fn());
  } catch (e) {
    if (e instanceof AppFailure) return { ok: false, error: e.toError() };
    const code = (e as NodeJS.ErrnoException)?.code;
    if (typeof code === 'string' && code.startsWith('E')) return { ok: false, error: fileError(e, String((e as NodeJS.ErrnoException).path ?? '')).toError() };
    return { ok: false, error: toAppError(e) };
  }
}

function generatedBy(): string {
  try {
    return `${hostname().toUpperCase()}\\${userInfo().username}`;
  } catch {
    return hostname().toUpperCase();
  }
}

export class BuildService {
  constructor(private readonly options: BuildServiceOptions = {}) {}

  buildProject(args: Args<'build:project'>): Promise<Result<BuildProjectResult>> {
    return attempt(async () => {
      const started = performance.now();
      const built = await buildIspac(args.projectPath, { password: args.password, configuration: args.configuration });
      const config = built.configuration;
      const folder = join(resolveProjectPath(built.project.dir, config.outputPath), config.name);
      await mkdir(folder, { recursive: true }).catch((e: unknown) => {
        throw fileError(e, folder);
      });
      const path = join(folder, ispacFileName(built.project));
      await writeFileAtomic(path, built.bytes);
      return {
        path,
        configuration: config.name,
        projectName: built.projectName,
        packageCount: built.packages.length,
        bytes: built.bytes.length,
        elapsedMs: Math.round(performance.now() - started),
        warnings: built.warnings,
      };
    });
  }

  deploymentUtility(args: Args<'build:deploymentUtility'>): Promise<Result<DeploymentUtilityResult>> {
    return attempt(() =>
      createDeploymentUtility(args.projectPath, { configuration: args.configuration, now: (this.options.now ?? (() => new Date()))(), generatedBy: generatedBy() }),
    );
  }

  exportPackage(args: Args<'package:exportFile'>): Promise<Result<ExportPackageResult>> {
    return attempt(() => exportPackageFile(args));
  }
}
