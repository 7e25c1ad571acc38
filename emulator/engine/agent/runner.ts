/**
 * The SQL Server Agent inside the emulator: sp_start_job hands a job here and returns; the job then runs
 * in the background, step by step with the on-success / on-failure actions, writing sysjobhistory (one row
 * per step plus the step-0 job outcome) and sysjobactivity the way the Agent does.
 */
import { tmpdir } from 'node:os';
import { runDate, runDuration, runTime } from '../core/agent-time.js';
import type { EngineContext } from '../context.js';
import { deleteJob } from '../msdb/jobs.js';
import { ownerIsSysadmin, ownerMayUseProxy, proxyGrantedToSubsystem } from '../msdb/proxy-access.js';
import { findSubsystem } from '../msdb/subsystems.js';
import type { HistoryRow, Job, JobStep, State } from '../state/model.js';
import { AGENT_SERVICE_ACCOUNT, jobOutcomeMessage, NO_PROXY_FOR_NON_SYSADMIN, processStepMessage, SSIS_NOT_INSTALLED, STEP_CANCELED } from './messages.js';
import { stepLogin } from './step-login.js';
import { StepProcess } from './step-process.js';
import { splitCommandLine } from './windows-args.js';

interface StepResult {
  status: 0 | 1 | 3;
  message: string;
}

interface Run {
  readonly jobId: string;
  readonly invokedBy: string;
  currentStep: number | null;
  /** Retries of the current step so far, and whether the Agent is waiting out the retry interval. */
  retryAttempt: number;
  betweenRetries: boolean;
  stoppedBy: string | null;
  process: StepProcess | null;
  done: Promise<void>;
}

export class AgentRunner {
  private readonly runs = new Map<string, Run>();
  private ctx!: EngineContext;
  private sessionId = 0;
  private closed = false;

  attach(ctx: EngineContext): void {
    this.ctx = ctx;
  }

  /** Opens an Agent session (syssessions) when the service is "running", as a service start does. */
  startService(): void {
    if (this.ctx.options.agent === 'stopped') return;
    const state = this.ctx.store.state;
    this.sessionId = ++state.counters.session;
    state.agentSessions.push({ session_id: this.sessionId, agent_start_date: this.ctx.now().toISOString() });
    this.ctx.store.persist();
  }

  isServiceRunning(): boolean {
    return this.ctx.options.agent !== 'stopped' && !this.closed;
  }

  runningBy(jobId: string): string | null {
    return this.runs.get(jobId)?.invokedBy ?? null;
  }

  /**
   * What sp_help_job reports of a running job: the step (0 before the first starts), the execution status
   * (1 executing, 3 between retries) and the retry attempt; null when the job is idle.
   */
  runState(jobId: string): { step: number; status: 1 | 3; retryAttempt: number } | null {
    const r = this.runs.get(jobId);
    return r ? { step: r.currentStep ?? 0, status: r.betweenRetries ? 3 : 1, retryAttempt: r.retryAttempt } : null;
  }

  /** Called inside sp_start_job (under the write lock): records the request and starts the run. */
  start(jobId: string, invokedBy: string, startStep: number): void {
    const state = this.ctx.store.state;
    const now = this.ctx.now().toISOString();
    state.activity = state.activity.filter((a) => !(a.job_id === jobId && a.session_id === this.sessionId));
    state.activity.push({
      session_id: this.sessionId, job_id: jobId, run_requested_date: now, run_requested_source: '4', queued_date: null,
      start_execution_date: null, last_executed_step_id: null, last_executed_step_date: null, stop_execution_date: null,
      job_history_id: null, next_scheduled_run_date: null,
    });
    const run: Run = { jobId, invokedBy, currentStep: null, retryAttempt: 0, betweenRetries: false, stoppedBy: null, process: null, done: Promise.resolve() };
    this.runs.set(jobId, run);
    // Start after the current call has released the lock (setImmediate), like the Agent's own thread.
    run.done = new Promise<void>((r) => setImmediate(r)).then(() => this.execute(run, startStep)).catch((e) => this.ctx.log(`agent: job ${jobId} crashed: ${(e as Error).stack ?? e}`)).finally(() => this.runs.delete(jobId));
  }

  stop(jobId: string, by: string): boolean {
    const run = this.runs.get(jobId);
    if (!run || run.stoppedBy !== null) return false;
    run.stoppedBy = by;
    run.process?.kill();
    return true;
  }

  /** A deleted job stops running. */
  forget(jobId: string): void {
    this.stop(jobId, 'sa');
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const r of this.runs.values()) {
      r.stoppedBy ??= 'sa';
      r.process?.kill();
    }
    await Promise.allSettled([...this.runs.values()].map((r) => r.done));
  }

  private async write(fn: (s: State) => void): Promise<void> {
    const store = this.ctx.store;
    await store.lock.acquire('agent');
    try {
      fn(store.state);
      store.persist();
    } finally {
      store.lock.release('agent');
    }
  }

  private activity(s: State, jobId: string) {
    return s.activity.find((a) => a.job_id === jobId && a.session_id === this.sessionId);
  }

  private async execute(run: Run, startStep: number): Promise<void> {
    const started = this.ctx.now();
    await this.write((s) => {
      const a = this.activity(s, run.jobId);
      if (a) a.start_execution_date = started.toISOString();
    });
    let stepId: number | null = startStep;
    let outcome: 'succeeded' | 'failed' | 'canceled' = 'succeeded';
    let last: { id: number; name: string } | null = null;
    const visited = new Map<number, number>();
    while (stepId !== null) {
      const job = this.job(run.jobId);
      if (!job) return;
      const step: JobStep | undefined = job.steps.find((x) => x.step_id === stepId);
      if (!step) {
        // A job without steps (or a go-to to a missing step) fails, as the Agent reports it.
        outcome = 'failed';
        break;
      }
      // Guard against go-to loops that would never end.
      visited.set(step.step_id, (visited.get(step.step_id) ?? 0) + 1);
      if ((visited.get(step.step_id) ?? 0) > 100) {
        outcome = 'failed';
        break;
      }
      run.currentStep = step.step_id;
      run.retryAttempt = 0;
      last = { id: step.step_id, name: step.step_name };
      let attempt = 0;
      let result: StepResult;
      for (;;) {
        const stepStart = this.ctx.now();
        result = run.stoppedBy !== null ? { status: 3, message: STEP_CANCELED } : await this.runStep(run, job, step);
        if (run.stoppedBy !== null) result = { status: 3, message: STEP_CANCELED };
        const retrying = result.status === 0 && attempt < step.retry_attempts && run.stoppedBy === null;
        await this.logStep(run.jobId, step, retrying ? 2 : result.status, result.message, stepStart, attempt);
        if (!retrying) break;
        attempt++;
        run.retryAttempt = attempt;
        run.betweenRetries = true;
        await this.sleep(step.retry_interval * 60_000, run);
        run.betweenRetries = false;
      }
      if (result.status === 3) {
        outcome = 'canceled';
        break;
      }
      const ok = result.status === 1;
      const action = ok ? step.on_success_action : step.on_fail_action;
      const target = ok ? step.on_success_step_id : step.on_fail_step_id;
      if (action === 1) {
        outcome = 'succeeded';
        stepId = null;
      } else if (action === 2) {
        outcome = 'failed';
        stepId = null;
      } else if (action === 3) {
        const nextStep = job.steps.find((x) => x.step_id === step.step_id + 1);
        outcome = ok ? 'succeeded' : 'failed';
        stepId = nextStep ? nextStep.step_id : null;
      } else {
        stepId = target;
      }
    }
    await this.logOutcome(run, outcome, started, last);
  }

  private job(jobId: string): Job | undefined {
    return this.ctx.store.state.jobs.find((j) => j.job_id === jobId);
  }

  private sleep(ms: number, run: Run): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      const poll = setInterval(() => {
        if (run.stoppedBy !== null || this.closed) {
          clearTimeout(t);
          clearInterval(poll);
          resolve();
        }
      }, 200);
      setTimeout(() => clearInterval(poll), ms + 10);
    });
  }

  private async runStep(run: Run, job: Job, step: JobStep): Promise<StepResult> {
    const ctx = this.ctx;
    const ssisInstalled = ctx.options.dtexec != null;
    const sub = findSubsystem(step.subsystem, true);
    if (!sub) return { status: 0, message: `Unable to start execution of step ${step.step_id} (reason: the subsystem ${step.step_name} is not available).  The step failed.` };
    if (sub.id === 11 && !ssisInstalled) return { status: 0, message: SSIS_NOT_INSTALLED(step.step_id) };
    if (sub.id === 1) return this.runTsqlStep(run, job, step);
    if (sub.id !== 3 && sub.id !== 11) {
      return { status: 0, message: `Unable to start execution of step ${step.step_id} (reason: the ${sub.name} subsystem is not supported by the SQL Server Agent emulator).  The step failed.` };
    }
    const state = ctx.store.state;
    let user = AGENT_SERVICE_ACCOUNT;
    if (step.proxy_id !== null) {
      const proxy = state.proxies.find((p) => p.proxy_id === step.proxy_id);
      if (!proxy) return { status: 0, message: `Unable to start execution of step ${step.step_id} (reason: The specified @proxy_id ('${step.proxy_id}') does not exist.).  The step failed.` };
      if (proxy.enabled !== 1) {
        return { status: 0, message: `Unable to start execution of step ${step.step_id} (reason: Execution in the context of disabled proxy (proxy_id = ${proxy.proxy_id}) is not allowed. Contact your system administrator.).  The step failed.` };
      }
      if (!proxyGrantedToSubsystem(state, proxy.proxy_id, sub.id) || !ownerMayUseProxy(ctx, state, proxy, job.owner)) {
        return {
          status: 0,
          message: `Unable to start execution of step ${step.step_id} (reason: Proxy (${proxy.proxy_id}) is not allowed for subsystem "${sub.name}" and user "${job.owner}". Grant permission by calling sp_grant_proxy_to_subsystem or sp_grant_login_to_proxy.).  The step failed.`,
        };
      }
      user = state.credentials.find((c) => c.credential_id === proxy.credential_id)?.credential_identity ?? user;
    } else if (!ownerIsSysadmin(ctx, job.owner)) {
      return { status: 0, message: NO_PROXY_FOR_NON_SYSADMIN(sub.name) };
    }
    // SSIS: dtexec gets the step's arguments as DTExec.exe would (Windows splitting), past the shell.
    const commandLine = sub.id === 11 ? `${ctx.options.dtexec} "$@"` : (step.command ?? '');
    const args = sub.id === 11 ? splitCommandLine(step.command ?? '') : [];
    const proc = new StepProcess();
    run.process = proc;
    // The step connects back as the identity SQL Server would run it as: the Agent service account (sysadmin)
    // or the proxy's credential (with the job owner's rights), through a login that lives as long as the step.
    const login = stepLogin(ctx, user, step.proxy_id === null ? new Set(['sysadmin']) : (ctx.logins.get(job.owner.toLowerCase())?.roles ?? new Set()));
    const address = ctx.address();
    const env = {
      SSISD_EMULATOR_SERVER: ctx.serverName, SSISD_EMULATOR_JOB_ID: job.job_id, SSISD_EMULATOR_STEP_ID: String(step.step_id),
      ...(address ? { SSISD_EMULATOR_ADDRESS: address } : {}), ...login.env,
    };
    let res: Awaited<ReturnType<StepProcess['run']>>;
    try {
      res = await proc.run(commandLine, env, ctx.options.dataDir ?? tmpdir(), args);
    } finally {
      login.release();
    }
    run.process = null;
    if (res.killed) return { status: 3, message: STEP_CANCELED };
    if (res.exitCode === null) {
      return { status: 0, message: `Executed as user: ${user}. The process could not be created for step ${step.step_id} of job ${job.job_id} (reason: ${res.error ?? 'unknown'}).  The step failed.` };
    }
    const success = sub.id === 11 ? res.exitCode === 0 : res.exitCode === step.cmdexec_success_code;
    return { status: success ? 1 : 0, message: processStepMessage(user, res.output, res.exitCode, success) };
  }

  /**
   * TSQL steps run the query() forms (EXEC of procedures, SELECT of the supported views, IF EXISTS ...)
   * as the job owner; the history message lists the messages in the Agent's "[SQLSTATE ...] (Message n)" form.
   */
  private async runTsqlStep(run: Run, job: Job, step: JobStep): Promise<StepResult> {
    const sysadmin = ownerIsSysadmin(this.ctx, job.owner);
    const user = sysadmin ? AGENT_SERVICE_ACCOUNT : job.owner;
    const controller = new AbortController();
    const outcome = await this.ctx.runTsql(job.owner, step.database_name ?? 'master', step.command ?? '', controller.signal);
    if (run.stoppedBy !== null) return { status: 3, message: STEP_CANCELED };
    const parts = outcome.messages.map((m) => `${m.message} [SQLSTATE ${m.severity > 10 ? '42000' : '01000'}] (${m.severity > 10 ? 'Error' : 'Message'} ${m.number})`);
    const failed = outcome.messages.some((m) => m.severity > 10);
    return { status: failed ? 0 : 1, message: `Executed as user: ${user}. ${parts.length ? `${parts.join('  ')}.  ` : ''}The step ${failed ? 'failed' : 'succeeded'}.` };
  }

  private async logStep(jobId: string, step: JobStep, status: number, message: string, start: Date, retries: number): Promise<void> {
    const end = this.ctx.now();
    await this.write((s) => {
      const job = s.jobs.find((j) => j.job_id === jobId);
      // A job deleted while it ran leaves no history behind (sp_delete_job removed it).
      if (!job) return;
      const row = this.history(s, { job_id: jobId, step_id: step.step_id, step_name: step.step_name, message, run_status: status, start, end, retries });
      const st = job.steps.find((x) => x.step_uid === step.step_uid);
      if (st) {
        st.last_run_outcome = status;
        st.last_run_date = row.run_date;
        st.last_run_time = row.run_time;
        st.last_run_duration = row.run_duration;
        st.last_run_retries = retries;
      }
      const a = this.activity(s, jobId);
      if (a) {
        a.last_executed_step_id = step.step_id;
        a.last_executed_step_date = start.toISOString();
      }
    });
  }

  private history(s: State, r: { job_id: string; step_id: number; step_name: string; message: string; run_status: number; start: Date; end: Date; retries: number }): HistoryRow {
    const row: HistoryRow = {
      instance_id: ++s.counters.history, job_id: r.job_id, step_id: r.step_id, step_name: r.step_name, sql_message_id: 0, sql_severity: 0,
      message: r.message.slice(0, 4000), run_status: r.run_status, run_date: runDate(r.start), run_time: runTime(r.start),
      run_duration: runDuration(r.end.getTime() - r.start.getTime()), operator_id_emailed: 0, operator_id_netsent: 0, operator_id_paged: 0,
      retries_attempted: r.retries, server: this.ctx.serverName,
    };
    s.history.push(row);
    return row;
  }

  private async logOutcome(run: Run, outcome: 'succeeded' | 'failed' | 'canceled', started: Date, last: { id: number; name: string } | null): Promise<void> {
    const message = jobOutcomeMessage(outcome, run.invokedBy, run.stoppedBy, last);
    const status = outcome === 'succeeded' ? 1 : outcome === 'failed' ? 0 : 3;
    await this.write((s) => {
      const job = s.jobs.find((j) => j.job_id === run.jobId);
      if (!job) return;
      const row = this.history(s, { job_id: run.jobId, step_id: 0, step_name: '(Job outcome)', message, run_status: status, start: started, end: this.ctx.now(), retries: 0 });
      job.last_run_date = row.run_date;
      job.last_run_time = row.run_time;
      job.last_run_outcome = status;
      job.last_run_duration = row.run_duration;
      job.last_outcome_message = message;
      const a = this.activity(s, run.jobId);
      if (a) {
        a.stop_execution_date = this.ctx.now().toISOString();
        a.job_history_id = row.instance_id;
      }
      // @delete_level: 1 after success, 2 after failure, 3 always.
      if (job.delete_level === 3 || (job.delete_level === 1 && status === 1) || (job.delete_level === 2 && status === 0)) deleteJob(s, job.job_id, true);
    });
  }
}

