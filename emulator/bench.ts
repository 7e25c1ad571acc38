/**
 * Emulator figures for `npm run bench` (scripts/bench.mjs calls runEmulatorBench): logins, sequential
 * RPC round trips (1,000 sp_help_job calls) and a 5 MB upload, all with the real mssql client over
 * loopback TCP. Runs against the real engine (a 5 MB package through sp_ssis_putpackage, and one through
 * catalog.deploy_packages as a table-valued parameter) when it loads, else against the protocol test engine
 * (a 5 MB varbinary(max) parameter); `engine_real` says which.
 * Figures, not assertions: the machine is shared and loopback numbers are noisy.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import sql from 'mssql';
import type { CreateEngine } from './engine/types.js';
import { createProtocolEngine } from './server/tests/protocol-engine.js';
import { startEmulator } from './start.js';

export interface EmulatorBenchOptions {
  /** 'protocol' measures the protocol layer alone; default: the real engine, else the protocol one. */
  readonly engine?: 'real' | 'protocol';
  readonly rpcCalls?: number;
  readonly logins?: number;
  readonly uploads?: number;
}

const SA_PASSWORD = 'Bench#Pass1';
const MB = 1024 * 1024;
const ROOT_FOLDER = '00000000-0000-0000-0000-000000000000';

async function loadEngine(which: 'real' | 'protocol' | undefined): Promise<{ createEngine: CreateEngine; real: boolean }> {
  if (which === 'protocol') return { createEngine: createProtocolEngine(), real: false };
  try {
    return { createEngine: (await import('./default-engine.js')).createEngine, real: true };
  } catch (e) {
    if (which === 'real') throw e;
    return { createEngine: createProtocolEngine(), real: false };
  }
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

export async function runEmulatorBench(options: EmulatorBenchOptions = {}): Promise<Record<string, number>> {
  const rpcCalls = options.rpcCalls ?? 1000;
  const loginCount = options.logins ?? 20;
  const uploads = options.uploads ?? 5;
  const engine = await loadEngine(options.engine);
  const emu = await startEmulator({ servers: [{ name: 'BENCH' }], saPassword: SA_PASSWORD, createEngine: engine.createEngine, allowSqlLoginsForCatalog: true });
  const s = emu.servers[0]!;
  const config = (encrypt: boolean): sql.config => ({
    server: s.host,
    port: s.port,
    user: 'sa',
    password: SA_PASSWORD,
    database: 'msdb',
    options: { encrypt, trustServerCertificate: true },
    pool: { max: 1, min: 0 },
    requestTimeout: 60_000,
    // Pool validation would add a SELECT 1 round trip per call (tds.md §4.7); measure the calls alone.
    validateConnection: false,
  } as sql.config);
  const figures: Record<string, number> = { engine_real: engine.real ? 1 : 0 };
  try {
    for (const [label, encrypt] of [['plain', false], ['tls', true]] as const) {
      const started = performance.now();
      for (let i = 0; i < loginCount; i++) {
        const pool = await new sql.ConnectionPool(config(encrypt)).connect();
        await pool.close();
      }
      const ms = performance.now() - started;
      figures[`login_${label}_ms`] = round(ms / loginCount);
      figures[`logins_${label}_per_s`] = round((loginCount * 1000) / ms, 1);
    }

    const pool = await new sql.ConnectionPool(config(false)).connect();
    try {
      await pool.request().execute('msdb.dbo.sp_help_job'); // warm-up
      const started = performance.now();
      for (let i = 0; i < rpcCalls; i++) await pool.request().execute('msdb.dbo.sp_help_job');
      const ms = performance.now() - started;
      figures[`sp_help_job_${rpcCalls}_ms`] = round(ms, 0);
      figures.rpc_round_trips_per_s = round((rpcCalls * 1000) / ms, 0);

      const payload = randomBytes(5 * MB);
      const upload = engine.real
        ? (i: number) =>
            pool
              .request()
              .input('name', sql.NVarChar(128), `Bench${i}`)
              .input('id', sql.UniqueIdentifier, randomUUID())
              .input('description', sql.NVarChar(1024), '')
              .input('createdate', sql.DateTime, new Date())
              .input('folderid', sql.UniqueIdentifier, ROOT_FOLDER)
              .input('packagedata', sql.VarBinary(sql.MAX), packageOf(payload))
              .input('packageformat', sql.Int, 3)
              .input('packagetype', sql.Int, 5)
              .input('vermajor', sql.Int, 1)
              .input('verminor', sql.Int, 0)
              .input('verbuild', sql.Int, 1)
              .input('vercomments', sql.NVarChar(1024), '')
              .input('verid', sql.UniqueIdentifier, randomUUID())
              .execute('msdb.dbo.sp_ssis_putpackage')
        : () => pool.request().input('blob', sql.VarBinary(sql.MAX), payload).execute('dbo.blob_len');
      await upload(0);
      const times: number[] = [];
      for (let i = 1; i <= uploads; i++) {
        const t = performance.now();
        await upload(i);
        times.push(performance.now() - t);
      }
      const mean = times.reduce((a, b) => a + b, 0) / times.length;
      figures.upload_5mb_ms = round(mean, 1);
      figures.upload_mb_per_s = round((5 * 1000) / mean, 1);
      if (engine.real) figures.deploy_packages_5mb_ms = round(await deployPackagesMean(pool, packageOf(payload), uploads), 1);
    } finally {
      await pool.close();
    }
  } finally {
    await emu.close();
  }
  return figures;
}

/** catalog.deploy_packages of one ~5 MB package (a TVP row) into a deployed project, mean of `runs`. */
async function deployPackagesMean(pool: sql.ConnectionPool, pkg: Buffer, runs: number): Promise<number> {
  const manifest =
    '<SSIS:Project xmlns:SSIS="www.microsoft.com/SqlServer/SSIS"><SSIS:Properties><SSIS:Property SSIS:Name="Name">Bench</SSIS:Property></SSIS:Properties>' +
    '<SSIS:Packages></SSIS:Packages><SSIS:DeploymentInfo><SSIS:PackageInfo></SSIS:PackageInfo></SSIS:DeploymentInfo></SSIS:Project>';
  const ispac = zipSync({ '@Project.manifest': strToU8(manifest), '[Content_Types].xml': strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types" />') });
  await pool.request().input('folder_name', sql.NVarChar(128), 'Bench').execute('SSISDB.catalog.create_folder');
  await pool
    .request()
    .input('folder_name', sql.NVarChar(128), 'Bench')
    .input('project_name', sql.NVarChar(128), 'Bench')
    .input('project_stream', sql.VarBinary(sql.MAX), Buffer.from(ispac))
    .execute('SSISDB.catalog.deploy_project');
  const deploy = () => {
    const table = new sql.Table('catalog.Package_Table_Type');
    table.columns.add('name', sql.NVarChar(260), { nullable: false });
    table.columns.add('package_data', sql.VarBinary(sql.MAX), { nullable: true });
    table.rows.add('Child', pkg);
    return pool.request().input('folder_name', sql.NVarChar(128), 'Bench').input('project_name', sql.NVarChar(128), 'Bench').input('packages_table', sql.TVP, table).execute('SSISDB.catalog.deploy_packages');
  };
  await deploy();
  let total = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await deploy();
    total += performance.now() - t;
  }
  return total / runs;
}

/** A .dtsx-shaped document of about the payload's size (the bytes hex-encoded in a comment). */
function packageOf(payload: Buffer): Buffer {
  const head = `<?xml version="1.0"?>\n<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts" DTS:ExecutableType="Microsoft.Package" DTS:ObjectName="Bench" DTS:DTSID="{${randomUUID().toUpperCase()}}">\n<!-- `;
  const tail = ' -->\n</DTS:Executable>\n';
  return Buffer.concat([Buffer.from(head), Buffer.from(payload.subarray(0, payload.length / 2).toString('hex')), Buffer.from(tail)]);
}
