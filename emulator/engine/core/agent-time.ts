/** sysjobhistory's integer encodings: run_date yyyymmdd, run_time hhmmss, run_duration hhmmss (hours uncapped). */
export function runDate(d: Date): number {
  return d.getFullYear() * 10000 + (d.getMonth() + 1) * 100 + d.getDate();
}

export function runTime(d: Date): number {
  return d.getHours() * 10000 + d.getMinutes() * 100 + d.getSeconds();
}

export function runDuration(ms: number): number {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  return h * 10000 + m * 100 + (total % 60);
}
