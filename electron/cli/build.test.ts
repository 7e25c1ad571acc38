// `ssisd build` through main(): the path printed, the file on disk, one stderr line and exit 1 on failure.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { unzipParts } from '../../shared/formats/ispac/index.js';
import { runCli as run } from './run-cli.js';
import { CORPUS_DIR, SAMPLE_DIR, tempCopy } from '../services/solution/test-helpers.js';

const cleanup: string[] = [];
afterEach(() => {
  for (const d of cleanup.splice(0)) rmSync(dirname(d), { recursive: true, force: true });
  delete process.env.SSISD_TEST_PROJECT_PASSWORD;
});

function copy(dir: string): string {
  const c = tempCopy(dir);
  cleanup.push(c);
  return c;
}

describe('ssisd build', () => {
  it('prints the .ispac written for the configuration', async () => {
    const dtproj = join(copy(SAMPLE_DIR), 'LoadBalancing', 'LoadBalancing.dtproj');
    const r = await run('build', dtproj, '--configuration', 'Development');
    const expected = join(dirname(dtproj), 'bin', 'Development', 'LoadBalancing.ispac');
    expect(r).toEqual({ code: 0, out: `${expected}\n`, err: '' });
    expect(unzipParts(readFileSync(expected)).has('@Project.manifest')).toBe(true);
  });

  it('builds the deployment utility of a package-model project', async () => {
    const dir = copy(join(CORPUS_DIR, 'aleonard763__SSIS-Framework-Community-Edition-File/SSIS-Framework-Community-Edition-File/SSIS Framework Community Edition File/FileFrameworkTest2'));
    const r = await run('build', join(dir, 'FileFrameworkTest2.dtproj'));
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${join(dir, 'bin', 'Deployment', 'FileFrameworkTest2.SSISDeploymentManifest')}\n`);
    expect(existsSync(join(dir, 'bin', 'Deployment', 'Child2.dtsx'))).toBe(true);
  });

  it('takes the password of an encrypted project from the environment variable named', async () => {
    const dir = copy(join(CORPUS_DIR, 'rtumaykin__ssis-build/example/SampleSSISProjectSQL2016/SampleSSISProject'));
    const dtproj = join(dir, 'SampleSSISProject.dtproj');
    const locked = await run('build', dtproj);
    expect(locked).toEqual({ code: 1, out: '', err: 'ssisd: SampleSSISProject is encrypted with a password (EncryptAllWithPassword); give the project password to build it.\n' });
    expect((await run('build', dtproj, '--password-env', 'SSISD_TEST_PROJECT_PASSWORD')).err).toBe('ssisd: the environment variable SSISD_TEST_PROJECT_PASSWORD is not set\n');
    process.env.SSISD_TEST_PROJECT_PASSWORD = 'ssis123';
    const r = await run('build', dtproj, '--password-env', 'SSISD_TEST_PROJECT_PASSWORD');
    expect(r.code).toBe(0);
    expect(existsSync(r.out.trim())).toBe(true);
  });

  it('fails with one clear line and a non-zero exit code', async () => {
    expect(await run('build', '/no/such/Project.dtproj')).toEqual({ code: 1, out: '', err: 'ssisd: File not found: /no/such/Project.dtproj\n' });
    const dtproj = join(copy(SAMPLE_DIR), 'LoadBalancing', 'LoadBalancing.dtproj');
    const cfg = await run('build', dtproj, '-c', 'Release');
    expect(cfg).toEqual({ code: 1, out: '', err: 'ssisd: LoadBalancing has no configuration named "Release" (it has: Development)\n' });
    expect((await run('build')).code).toBe(2);
    expect((await run('build', dtproj, '--configuration')).code).toBe(2);
    expect((await run('build', dtproj, '--fast')).err).toMatch(/^ssisd: unknown option --fast; usage: ssisd build/);
  });
});
