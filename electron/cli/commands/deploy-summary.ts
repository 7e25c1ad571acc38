/**
 * `ssisd deploy`'s closing table in text mode: one row per server with what was created, updated, unchanged
 * and failed (the Deploy summary the app shows), then the totals. Columns are padded for a terminal.
 */
import type { DeploySummary } from '../../../shared/model/deploy.js';

const RESULT: Record<DeploySummary['servers'][number]['phase'], string> = { done: 'Succeeded', failed: 'Failed', cancelled: 'Cancelled' };

export function deploySummaryTable(s: DeploySummary): string {
  const withCancelled = s.counts.cancelled > 0;
  const head = ['Server', 'Result', 'Created', 'Updated', 'Unchanged', 'Failed', ...(withCancelled ? ['Cancelled'] : []), 'Time'];
  const row = (name: string, result: string, c: DeploySummary['counts'], ms: number) => [
    name,
    result,
    ...[c.created, c.updated, c.unchanged, c.failed, ...(withCancelled ? [c.cancelled] : [])].map(String),
    `${(ms / 1000).toFixed(1)} s`,
  ];
  const rows = [head, ...s.servers.map((x) => row(x.server, RESULT[x.phase], x.counts, x.elapsedMs)), row('Total', s.counts.failed + s.counts.cancelled > 0 ? 'Failed' : 'Succeeded', s.counts, s.elapsedMs)];
  const widths = head.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  // Names and results left-aligned, numbers right-aligned.
  const line = (r: string[]) => r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(rows[0]!), rule, ...rows.slice(1, -1).map(line), rule, line(rows.at(-1)!)].join('\n') + '\n';
}
