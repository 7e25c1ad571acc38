/** History texts in the shape SQL Server Agent writes them. */
export const AGENT_SERVICE_ACCOUNT = 'NT SERVICE\\SQLSERVERAGENT';

export function jobOutcomeMessage(outcome: 'succeeded' | 'failed' | 'canceled', invokedBy: string, stoppedBy: string | null, last: { id: number; name: string } | null): string {
  const head =
    outcome === 'succeeded' ? 'The job succeeded.' : outcome === 'failed' ? 'The job failed.' : `The job was stopped prior to completion by User ${stoppedBy ?? invokedBy}.`;
  const lastStep = last ? `  The last step to run was step ${last.id} (${last.name}).` : '';
  return `${head}  The Job was invoked by User ${invokedBy}.${lastStep}`;
}

export function processStepMessage(user: string, output: string, exitCode: number, succeeded: boolean): string {
  const out = output.trim().replace(/\r?\n/g, '  ');
  return `Executed as user: ${user}. ${out ? `${out}  ` : ''}Process Exit Code ${exitCode}.  The step ${succeeded ? 'succeeded' : 'failed'}.`;
}

export const SSIS_NOT_INSTALLED = (stepId: number): string =>
  `Unable to start execution of step ${stepId} (reason: The SSIS subsystem failed to load [see the SQLAGENT.OUT file for details]; The job has been suspended).  The step failed.`;

export const NO_PROXY_FOR_NON_SYSADMIN = (subsystem: string): string =>
  `Non-SysAdmins have been denied permission to run ${subsystem} job steps without a proxy account.  The step failed.`;

export const STEP_CANCELED = 'The step was cancelled (stopped) as the result of a stop job request.';
