/** Jobs with CmdExec (or TSQL, SSIS) steps on an emulator, made through the real mssql client the way SSMS scripts them. */
import sql from 'mssql';

export interface StepSpec {
  readonly name: string;
  readonly command: string;
  /** Default CmdExec. */
  readonly subsystem?: 'CmdExec' | 'TSQL' | 'SSIS';
  /** 1 quit with success, 2 quit with failure, 3 go to the next step (sp_add_jobstep @on_success_action). */
  readonly onSuccess?: 1 | 2 | 3;
}

export async function addJob(pool: sql.ConnectionPool, name: string, steps: readonly StepSpec[]): Promise<string> {
  const r = await pool.request().input('job_name', sql.NVarChar(128), name).output('job_id', sql.UniqueIdentifier).execute('msdb.dbo.sp_add_job');
  const jobId = String(r.output.job_id).toUpperCase();
  for (const [i, step] of steps.entries()) {
    await pool
      .request()
      .input('job_id', sql.UniqueIdentifier, jobId)
      .input('step_name', sql.NVarChar(128), step.name)
      .input('subsystem', sql.NVarChar(40), step.subsystem ?? 'CmdExec')
      .input('command', sql.NVarChar(sql.MAX), step.command)
      .input('on_success_action', sql.TinyInt, step.onSuccess ?? (i < steps.length - 1 ? 3 : 1))
      .execute('msdb.dbo.sp_add_jobstep');
  }
  await pool.request().input('job_id', sql.UniqueIdentifier, jobId).input('server_name', sql.NVarChar(128), '(local)').execute('msdb.dbo.sp_add_jobserver');
  return jobId;
}
