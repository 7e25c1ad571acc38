/**
 * The T-SQL of the wired Execute SQL Tasks (sqlserver.md §1.8, §1.12, §7.2). "Start only" is sp_start_job:
 * the task succeeds once the Agent accepted the start. "Start and wait" starts the job, polls
 * msdb.dbo.sysjobactivity until the run it requested has stopped, reads the outcome row of sysjobhistory and
 * raises an error (severity 16, so the task and the parent fail) unless the job succeeded.
 */

export type WireMode = 'start' | 'wait';

/** An N'...' literal. */
export function nstring(value: string): string {
  return `N'${value.replace(/'/g, "''")}'`;
}

/** 'hh:mm:ss' for WAITFOR DELAY. */
function delay(seconds: number): string {
  const s = Math.max(1, Math.min(3599, Math.round(seconds)));
  return `00:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export function startJobSql(jobName: string): string {
  return `EXEC msdb.dbo.sp_start_job @job_name = ${nstring(jobName)};`;
}

/**
 * Start and wait. A loop with GOTO rather than WHILE: both are plain T-SQL, and GOTO keeps the batch within
 * what every SQL Server since 2005 (and the emulator's front end) runs.
 */
export function startAndWaitSql(jobName: string, pollSeconds = 5): string {
  return [
    `-- Wired by SSIS Designer: start the SQL Server Agent job and wait for its outcome.`,
    `DECLARE @job sysname = ${nstring(jobName)};`,
    `DECLARE @rc int, @job_id uniqueidentifier, @session int, @previous datetime, @requested datetime, @stopped datetime, @history int, @status int, @outcome nvarchar(4000), @msg nvarchar(2048);`,
    `SELECT @job_id = job_id FROM msdb.dbo.sysjobs_view WHERE name = @job;`,
    `IF @job_id IS NULL`,
    `BEGIN`,
    `  SET @msg = N'The SQL Server Agent job ''' + @job + N''' does not exist on ' + @@SERVERNAME + N' (or this login may not see it).';`,
    `  RAISERROR(@msg, 16, 1);`,
    `  RETURN;`,
    `END`,
    `SELECT @session = MAX(session_id) FROM msdb.dbo.syssessions;`,
    `SELECT @previous = run_requested_date FROM msdb.dbo.sysjobactivity WHERE job_id = @job_id AND session_id = @session;`,
    `EXEC @rc = msdb.dbo.sp_start_job @job_id = @job_id;`,
    `IF @rc <> 0 RETURN;`,
    `poll:`,
    `WAITFOR DELAY '${delay(pollSeconds)}';`,
    `SET @stopped = NULL;`,
    `SELECT @requested = run_requested_date, @stopped = stop_execution_date, @history = job_history_id FROM msdb.dbo.sysjobactivity WHERE job_id = @job_id AND session_id = @session;`,
    `IF @stopped IS NULL OR @requested <= @previous GOTO poll;`,
    `SELECT @status = run_status, @outcome = message FROM msdb.dbo.sysjobhistory WHERE instance_id = @history;`,
    `IF @status IS NULL OR @status <> 1`,
    `BEGIN`,
    `  SET @msg = N'The SQL Server Agent job ''' + @job + N''' on ' + @@SERVERNAME + N' did not succeed: ' + LEFT(REPLACE(ISNULL(@outcome, N'no outcome was recorded'), N'%', N'%%'), 1800);`,
    `  RAISERROR(@msg, 16, 1);`,
    `END`,
  ].join('\n');
}

export function wireSql(mode: WireMode, jobName: string, pollSeconds?: number): string {
  return mode === 'start' ? startJobSql(jobName) : startAndWaitSql(jobName, pollSeconds);
}
