/** Test setup through the real mssql client: jobs, package-store folders, catalog folders and proxies on an emulator. */
import { randomUUID } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import sql from 'mssql';

export async function saPool(host: string, port: number, password: string): Promise<sql.ConnectionPool> {
  const pool = new sql.ConnectionPool({
    server: host,
    port,
    user: 'sa',
    password,
    database: 'msdb',
    options: { encrypt: false, trustServerCertificate: true },
    pool: { max: 2, min: 0 },
  });
  pool.on('error', () => undefined);
  return pool.connect();
}

/** A job with one CmdExec step bound to (local), as SSMS creates it; returns its id. */
export async function addJob(pool: sql.ConnectionPool, name: string, opts: { enabled?: boolean; command?: string } = {}): Promise<string> {
  const r = await pool
    .request()
    .input('job_name', sql.NVarChar(128), name)
    .input('enabled', sql.TinyInt, opts.enabled === false ? 0 : 1)
    .input('description', sql.NVarChar(512), `Test job ${name}`)
    .output('job_id', sql.UniqueIdentifier)
    .execute('msdb.dbo.sp_add_job');
  const jobId = String(r.output.job_id);
  await pool
    .request()
    .input('job_id', sql.UniqueIdentifier, jobId)
    .input('step_name', sql.NVarChar(128), 'Run it')
    .input('subsystem', sql.NVarChar(40), 'CmdExec')
    .input('command', sql.NVarChar(sql.MAX), opts.command ?? 'exit 0')
    .execute('msdb.dbo.sp_add_jobstep');
  await pool.request().input('job_id', sql.UniqueIdentifier, jobId).input('server_name', sql.NVarChar(128), '(local)').execute('msdb.dbo.sp_add_jobserver');
  return jobId;
}

export async function runJobAndWait(pool: sql.ConnectionPool, jobId: string, timeoutMs = 10_000): Promise<void> {
  await pool.request().input('job_id', sql.UniqueIdentifier, jobId).execute('msdb.dbo.sp_start_job');
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const r = await pool.request().input('job_id', sql.UniqueIdentifier, jobId).input('step_id', sql.Int, 0).execute('msdb.dbo.sp_help_jobhistory');
    if ((r.recordset ?? []).length > 0) return;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`job ${jobId} did not finish within ${timeoutMs} ms`);
}

export async function addMsdbFolder(pool: sql.ConnectionPool, parentId: string, name: string): Promise<string> {
  const id = randomUUID().toUpperCase();
  await pool
    .request()
    .input('parentfolderid', sql.UniqueIdentifier, parentId)
    .input('name', sql.NVarChar(128), name)
    .input('folderid', sql.UniqueIdentifier, id)
    .execute('msdb.dbo.sp_ssis_addfolder');
  return id;
}

/** An SSISDB folder, as catalog.create_folder makes it. */
export async function addCatalogFolder(pool: sql.ConnectionPool, folder: string): Promise<void> {
  await pool.request().input('folder_name', sql.NVarChar(128), folder).output('folder_id', sql.BigInt).execute('SSISDB.catalog.create_folder');
}

/** A project (an .ispac's bytes) deployed into an existing SSISDB folder with catalog.deploy_project. */
export async function deployCatalogProject(pool: sql.ConnectionPool, folder: string, project: string, ispac: Uint8Array): Promise<void> {
  await pool
    .request()
    .input('folder_name', sql.NVarChar(128), folder)
    .input('project_name', sql.NVarChar(128), project)
    .input('project_stream', sql.VarBinary(sql.MAX), Buffer.from(ispac))
    .output('operation_id', sql.BigInt)
    .execute('SSISDB.catalog.deploy_project');
}

export async function putPackage(pool: sql.ConnectionPool, folderId: string, name: string, bytes: Buffer): Promise<string> {
  const id = randomUUID().toUpperCase();
  await pool
    .request()
    .input('name', sql.NVarChar(128), name)
    .input('id', sql.UniqueIdentifier, id)
    .input('description', sql.NVarChar(1024), 'test package')
    .input('createdate', sql.DateTime, new Date())
    .input('folderid', sql.UniqueIdentifier, folderId)
    .input('packagedata', sql.VarBinary(sql.MAX), bytes)
    .input('packageformat', sql.Int, 3)
    .input('packagetype', sql.Int, 5)
    .input('vermajor', sql.Int, 1)
    .input('verminor', sql.Int, 2)
    .input('verbuild', sql.Int, 3)
    .input('vercomments', sql.NVarChar(1024), null)
    .input('verid', sql.UniqueIdentifier, randomUUID())
    .execute('msdb.dbo.sp_ssis_putpackage');
  return id;
}

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A minimal .ispac (OPC zip) holding a manifest, content types and one tiny .dtsx per package. */
export function minimalIspac(project: string, packages: readonly { name: string; entryPoint: boolean }[]): Buffer {
  const listed = packages.map((p) => `<SSIS:Package SSIS:Name="${xmlText(p.name)}" SSIS:EntryPoint="${p.entryPoint ? 1 : 0}" />`).join('');
  const meta = packages
    .map((p) => `<SSIS:PackageMetaData SSIS:Name="${xmlText(p.name)}"><SSIS:Properties><SSIS:Property SSIS:Name="VersionMajor">2</SSIS:Property><SSIS:Property SSIS:Name="VersionBuild">7</SSIS:Property></SSIS:Properties><SSIS:Parameters /></SSIS:PackageMetaData>`)
    .join('');
  const manifest =
    `<?xml version="1.0"?><SSIS:Project xmlns:SSIS="www.microsoft.com/SqlServer/SSIS" SSIS:ProtectionLevel="DontSaveSensitive">` +
    `<SSIS:Properties><SSIS:Property SSIS:Name="Name">${xmlText(project)}</SSIS:Property></SSIS:Properties>` +
    `<SSIS:Packages>${listed}</SSIS:Packages><SSIS:DeploymentInfo><SSIS:PackageInfo>${meta}</SSIS:PackageInfo></SSIS:DeploymentInfo></SSIS:Project>`;
  const parts: Record<string, Uint8Array> = {
    '@Project.manifest': strToU8(manifest),
    '[Content_Types].xml': strToU8('<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="dtsx" ContentType="text/xml" /></Types>'),
  };
  for (const p of packages) parts[encodeURIComponent(p.name)] = strToU8(`<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts" DTS:DTSID="{${randomUUID().toUpperCase()}}" />`);
  return Buffer.from(zipSync(parts));
}
