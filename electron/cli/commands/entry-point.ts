/** `ssisd entry-point <.dtproj|.sln> <package file name> on|off` (also `ssisd solution entry-point ...`). */
import { SolutionService } from '../../services/solution/service.js';
import { UsageError, type CliIo } from '../io.js';

export async function entryPoint(args: readonly string[], io: CliIo): Promise<number> {
  if (args.length !== 3) throw new UsageError('usage: ssisd entry-point <.dtproj|.sln> <package file name> on|off');
  const [path, packageName, state] = args as [string, string, string];
  const flag = state.toLowerCase();
  if (flag !== 'on' && flag !== 'off') throw new UsageError(`expected "on" or "off", got "${state}"`);
  const service = new SolutionService({ watch: false });
  try {
    const opened = await service.open({ path });
    if (!opened.ok) {
      io.err(`ssisd: ${opened.error.message}\n`);
      return 1;
    }
    const lower = packageName.toLowerCase();
    const candidates = opened.value.projects.filter((p) => p.packages.some((k) => k.name.toLowerCase() === lower));
    if (candidates.length === 0) {
      io.err(`ssisd: no project in ${path} lists a package named "${packageName}"\n`);
      return 1;
    }
    if (candidates.length > 1) {
      io.err(`ssisd: "${packageName}" is in several projects (${candidates.map((c) => c.name).join(', ')}); give the .dtproj instead\n`);
      return 1;
    }
    const project = candidates[0]!;
    const r = await service.setEntryPoint({ projectPath: project.path, packageName, entryPoint: flag === 'on' });
    if (!r.ok) {
      io.err(`ssisd: ${r.error.message}\n`);
      return 1;
    }
    const pkg = r.value.projects.find((p) => p.path === project.path)?.packages.find((k) => k.name.toLowerCase() === lower);
    io.out(`${project.name}: ${pkg?.name ?? packageName} Entry-point ${flag === 'on' ? 'on' : 'off'}\n`);
    return 0;
  } finally {
    await service.close();
  }
}
