/**
 * SQL Server Agent's integer encodings (sqlserver.md §1.10, §1.11): run_date YYYYMMDD, run_time and
 * run_duration HHMMSS without leading zeros (hours may exceed 24), run_status and execution status codes.
 */
import type { JobExecutionStatus, JobOutcome } from '../../../shared/model/server.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** run_date + run_time → ISO 8601 local time without offset (Agent records the server's local time); null for 0/invalid. */
export function agentDateTime(runDate: number | null | undefined, runTime: number | null | undefined): string | null {
  if (!runDate || runDate < 19000101 || runDate > 99991231) return null;
  const year = Math.floor(runDate / 10000);
  const month = Math.floor(runDate / 100) % 100;
  const day = runDate % 100;
  const t = runTime && runTime > 0 ? runTime : 0;
  const hours = Math.floor(t / 10000);
  const minutes = Math.floor(t / 100) % 100;
  const seconds = t % 100;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hours > 23 || minutes > 59 || seconds > 59) return null;
  return `${year}-${pad(month)}-${pad(day)}T${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
}

/** run_duration (HHMMSS, hours uncapped) → seconds. */
export function agentDurationSeconds(runDuration: number | null | undefined): number {
  if (!runDuration || runDuration < 0) return 0;
  return Math.floor(runDuration / 10000) * 3600 + (Math.floor(runDuration / 100) % 100) * 60 + (runDuration % 100);
}

/** run_status / last_run_outcome. */
export function jobOutcome(code: number | null | undefined): JobOutcome {
  switch (code) {
    case 0:
      return 'failed';
    case 1:
      return 'succeeded';
    case 2:
      return 'retry';
    case 3:
      return 'canceled';
    case 4:
      return 'in-progress';
    default:
      return 'unknown';
  }
}

/** sp_help_job current_execution_status. */
export function executionStatus(code: number | null | undefined): JobExecutionStatus {
  switch (code) {
    case 1:
      return 'executing';
    case 2:
      return 'waiting-for-thread';
    case 3:
      return 'between-retries';
    case 4:
      return 'idle';
    case 5:
      return 'suspended';
    case 6:
      return 'obsolete';
    case 7:
      return 'performing-completion-actions';
    default:
      return 'unknown';
  }
}
