import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { strToU8, unzipSync, zipSync } from 'fflate';
import type { ProcParam } from '../types.js';
import { call, engineFor, errorOf, named, query, rowsAsObjects, session, tempDir } from './helpers.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('transactions', () => {
  it('rolls back every change made in the transaction and keeps committed ones', async () => {
    const engine = await engineFor();
    cleanups.push(() => engine.close());
    const s = session(engine);
    s.transaction = await engine.begin(s);
    await call(engine, s, 'msdb.dbo.sp_add_job', { job_name: 'InTx' });
    expect(rowsAsObjects(await call(engine, s, 'msdb.dbo.sp_help_job')).map((j) => j.name)).toEqual(['InTx']);
    await engine.rollback(s);
    s.transaction = null;
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_help_job', { job_name: 'InTx' }))?.number).toBe(14262);

    s.transaction = await engine.begin(s);
    await call(engine, s, 'msdb.dbo.sp_add_job', { job_name: 'Kept' });
    await engine.commit(s);
    s.transaction = null;
    expect(rowsAsObjects(await call(engine, s, 'msdb.dbo.sp_help_job')).map((j) => j.name)).toEqual(['Kept']);
  });

  it('makes other sessions wait for an open transaction (one writer at a time)', async () => {
    const engine = await engineFor();
    cleanups.push(() => engine.close());
    const a = session(engine);
    const b = session(engine);
    a.transaction = await engine.begin(a);
    await call(engine, a, 'msdb.dbo.sp_add_job', { job_name: 'A' });
    let bDone = false;
    const pending = call(engine, b, 'msdb.dbo.sp_add_job', { job_name: 'A' }).then((o) => {
      bDone = true;
      return o;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(bDone).toBe(false);
    await engine.rollback(a);
    const o = await pending;
    expect(errorOf(o)).toBeUndefined();
  });
});

describe('persistence', () => {
  it('reloads committed state after a restart', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const first = await engineFor({ dataDir: t.dir });
    const s = session(first);
    const add = await call(first, s, 'msdb.dbo.sp_add_job', { job_name: 'Durable' }, ['job_id']);
    await first.close();
    const second = await engineFor({ dataDir: t.dir });
    cleanups.push(() => second.close());
    const job = rowsAsObjects(await call(second, session(second), 'msdb.dbo.sp_help_job', { job_name: 'Durable', job_aspect: 'JOB' }))[0]!;
    expect(job.job_id).toBe(add.outputs.job_id);
  });

  it('loses no committed change on kill -9, and nothing uncommitted survives', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const bundle = join(t.dir, 'child.mjs');
    await build({ entryPoints: [join(import.meta.dirname, 'kill-child.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: bundle, logLevel: 'silent' });
    const data = join(t.dir, 'data');
    const child = spawn(process.execPath, [bundle, data], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('READY')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const engine = await engineFor({ dataDir: data });
    cleanups.push(() => engine.close());
    const s = session(engine);
    const jobs = rowsAsObjects(await call(engine, s, 'msdb.dbo.sp_help_job'));
    expect(jobs.map((j) => j.name)).toEqual(['Committed']);
    expect(jobs[0]!.has_step).toBe(1);
    expect(rowsAsObjects(await call(engine, s, 'msdb.dbo.sp_help_category', { name: 'Autocommitted' }))).toHaveLength(1);
  });

  it('refuses to start over a corrupt state file instead of losing it', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(t.dir, 'state.json'), '{ not json');
    await expect(engineFor({ dataDir: t.dir })).rejects.toThrow(/not valid JSON/);
  });
});

describe('catalog.deploy_packages on disk', () => {
  it('keeps the packages it added, and the rebuilt .ispac, across a restart', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const manifest = '<SSIS:Project xmlns:SSIS="www.microsoft.com/SqlServer/SSIS"><SSIS:Properties><SSIS:Property SSIS:Name="Name">P</SSIS:Property></SSIS:Properties><SSIS:Packages /></SSIS:Project>';
    const ispac = Buffer.from(zipSync({ '@Project.manifest': strToU8(manifest), '[Content_Types].xml': strToU8('<Types />') }));
    const dtsx = Buffer.from('<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts" DTS:ExecutableType="Microsoft.Package" DTS:VersionBuild="4" />');
    const first = await engineFor({ dataDir: t.dir, allowSqlLoginsForCatalog: true });
    const s = session(first);
    await call(first, s, 'SSISDB.catalog.create_folder', { folder_name: 'F' });
    expect(errorOf(await call(first, s, 'SSISDB.catalog.deploy_project', { folder_name: 'F', project_name: 'P', project_stream: ispac }))).toBeUndefined();
    const table: ProcParam = { name: 'packages_table', value: null, output: false, table: { typeName: { database: '', schema: '', name: '' }, columns: [{ type: 'nvarchar', length: 260, isDefault: false }, { type: 'varbinary', length: -1, isDefault: false }], rows: [['Child', dtsx]] } };
    const deployed = await first.callProcedure(s, 'SSISDB.catalog.deploy_packages', [...named({ folder_name: 'F', project_name: 'P' }), table], new AbortController().signal);
    expect(errorOf(deployed)).toBeUndefined();
    await first.close();

    const again = await engineFor({ dataDir: t.dir, allowSqlLoginsForCatalog: true });
    cleanups.push(() => again.close());
    const s2 = session(again);
    const pkgs = rowsAsObjects(await query(again, s2, 'SELECT name, version_build FROM SSISDB.catalog.packages'));
    expect(pkgs).toEqual([{ name: 'Child.dtsx', version_build: 4 }]);
    const got = rowsAsObjects(await call(again, s2, 'SSISDB.catalog.get_project', { folder_name: 'F', project_name: 'P' }))[0]!.project_stream as Buffer;
    expect(Buffer.from(unzipSync(new Uint8Array(got))['Child.dtsx']!)).toEqual(dtsx);
  });
});
