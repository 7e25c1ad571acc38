/** sp_add_jobserver, sp_start_job, sp_stop_job: the calls that talk to the Agent. */
import type { ProcDef } from '../core/procedure.js';
import { agentLevel, isSysadmin, sameLogin } from '../core/security.js';
import { raise, SqlError } from '../core/sql-error.js';
import type { Job } from '../state/model.js';
import type { Session } from '../types.js';
import { verifyJob, visibleJobs } from './job-lookup.js';
import { name, num } from './params.js';
import { AGENT_ROLES, msdbProc } from './registry-helpers.js';

const AGENT_DOWN = 'SQLServerAgent is not currently running so it cannot be notified of this action.';

function isLocal(server: string | null, serverName: string): boolean {
  return server === null || server.toUpperCase() === '(LOCAL)' || server.toLowerCase() === serverName.toLowerCase();
}

/** Only the owner, SQLAgentOperatorRole or sysadmin may start and stop a job (14393). */
function requireStartStop(session: Session, job: Job, proc: string): void {
  const level = agentLevel(session);
  if (level !== 'sysadmin' && level !== 'operator' && !sameLogin(job.owner, session.login)) {
    throw new SqlError(14393, 'Only owner of a job or members of role sysadmin or SQLAgentOperatorRole can start and stop the job.', 16, 1, proc);
  }
}

export const spAddJobserver: ProcDef = msdbProc({
  name: 'sp_add_jobserver',
  writes: true,
  roles: AGENT_ROLES,
  params: [
    { name: 'job_id', type: 'uniqueidentifier', default: null },
    { name: 'job_name', type: 'nvarchar', length: 128, default: null },
    { name: 'server_name', type: 'nvarchar', length: 128, default: null },
    { name: 'automatic_post', type: 'bit', default: 1 },
  ],
  run(call) {
    // As in msdb, no ownership check here: whoever can see the job may target it at the local server.
    const job = verifyJob(call);
    const server = name(call, 'server_name');
    if (!isLocal(server, call.ctx.serverName)) {
      if (!isSysadmin(call.session)) throw new SqlError(14398, 'Only members of sysadmin server role can create multi-server jobs', 16, 1, 'sp_add_jobserver');
      // No target servers are enlisted on an emulated instance.
      throw raise(14262, "The specified %s ('%s') does not exist.", ['@server_name', server!.toUpperCase()], 'sp_add_jobserver');
    }
    if (job.servers.includes(0)) throw raise(14269, "Job '%s' is already targeted at server '%s'.", [job.name, call.ctx.serverName.toUpperCase()], 'sp_add_jobserver');
    job.servers.push(0);
  },
});

export const spStartJob: ProcDef = msdbProc({
  name: 'sp_start_job',
  writes: true,
  roles: AGENT_ROLES,
  params: [
    { name: 'job_name', type: 'nvarchar', length: 128, default: null },
    { name: 'job_id', type: 'uniqueidentifier', default: null },
    { name: 'error_flag', type: 'int', default: 1 },
    { name: 'server_name', type: 'nvarchar', length: 128, default: null },
    { name: 'step_name', type: 'nvarchar', length: 128, default: null },
    { name: 'output_flag', type: 'int', default: 1 },
  ],
  run(call) {
    const job = verifyJob(call);
    requireStartStop(call.session, job, 'sp_start_job');
    if (job.servers.length === 0) {
      throw raise(14256, 'Cannot start the job "%s" (ID %s) because it does not have any job server or servers defined. Associate the job with a job server by calling sp_add_jobserver.', [job.name, job.job_id], 'sp_start_job');
    }
    // @server_name only matters for multiserver jobs, which an emulated instance does not have.
    let startStep = job.start_step_id;
    const stepName = name(call, 'step_name');
    if (stepName !== null) {
      const step = job.steps.find((s) => s.step_name.toLowerCase() === stepName.toLowerCase());
      if (!step) throw raise(14262, "The specified %s ('%s') does not exist.", ['@step_name', stepName], 'sp_start_job');
      startStep = step.step_id;
    }
    const agent = call.ctx.agent;
    if (!agent.isServiceRunning()) {
      if (num(call, 'error_flag') === 0) return;
      throw new SqlError(22022, AGENT_DOWN, 16, 1);
    }
    const running = agent.runningBy(job.job_id);
    if (running !== null) {
      throw new SqlError(22022, `SQLServerAgent Error: Request to run job ${job.name} (from User ${call.session.login}) refused because the job is already running from a request by User ${running}.`, 16, 1);
    }
    agent.start(job.job_id, call.session.login, startStep);
    if (num(call, 'output_flag') !== 0) call.reply.info(14243, `Job '${job.name}' started successfully.`, 'sp_start_job');
  },
});

export const spStopJob: ProcDef = msdbProc({
  name: 'sp_stop_job',
  writes: false,
  roles: AGENT_ROLES,
  params: [
    { name: 'job_name', type: 'nvarchar', length: 128, default: null },
    { name: 'job_id', type: 'uniqueidentifier', default: null },
    { name: 'originating_server', type: 'nvarchar', length: 128, default: null },
    { name: 'server_name', type: 'nvarchar', length: 128, default: null },
  ],
  run(call) {
    const given = [call.args.get('job_id') !== null, name(call, 'job_name') !== null, name(call, 'originating_server') !== null].filter(Boolean).length;
    if (given !== 1) throw new SqlError(14232, 'Specify either a job_name, job_id, or an originating_server.', 16, 1, 'sp_stop_job');
    const origin = name(call, 'originating_server');
    if (origin !== null) {
      // Every job here originates from this server; stop the visible ones that are running.
      if (origin.toUpperCase() !== call.ctx.serverName.toUpperCase()) throw raise(14268, "There are no jobs at this server that originated from server '%s'.", [origin.toUpperCase()], 'sp_stop_job');
      const level = agentLevel(call.session);
      if (level !== 'sysadmin' && level !== 'operator') throw new SqlError(14393, 'Only owner of a job or members of role sysadmin or SQLAgentOperatorRole can start and stop the job.', 16, 1, 'sp_stop_job');
      const jobs = visibleJobs(call.ctx.store.state.jobs, call.session);
      const stopped = jobs.filter((j) => call.ctx.agent.stop(j.job_id, call.session.login)).length;
      call.reply.info(14253, `${stopped} (of ${jobs.length}) job(s) stopped successfully.`, 'sp_stop_job');
      return;
    }
    const job = verifyJob(call);
    if (job.servers.length === 0) {
      throw raise(14257, 'Cannot stop the job "%s" (ID %s) because it does not have any job server or servers defined. Associate the job with a job server by calling sp_add_jobserver.', [job.name, job.job_id], 'sp_stop_job');
    }
    requireStartStop(call.session, job, 'sp_stop_job');
    const agent = call.ctx.agent;
    if (!agent.isServiceRunning()) throw new SqlError(22022, AGENT_DOWN, 16, 1);
    if (!agent.stop(job.job_id, call.session.login)) {
      throw new SqlError(22022, `SQLServerAgent Error: Request to stop job ${job.name} (from User ${call.session.login}) refused because the job is not currently running.`, 16, 1);
    }
    call.reply.info(14254, `Job '${job.name}' stopped successfully.`, 'sp_stop_job');
  },
});
