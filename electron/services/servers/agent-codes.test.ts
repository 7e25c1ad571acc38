import { describe, expect, test } from 'vitest';
import { agentDateTime, agentDurationSeconds, executionStatus, jobOutcome } from './agent-codes.js';

describe('Agent integer encodings (sqlserver.md §1.11)', () => {
  test('run_date/run_time without leading zeros', () => {
    expect(agentDateTime(20240131, 93005)).toBe('2024-01-31T09:30:05');
    expect(agentDateTime(20240131, 5)).toBe('2024-01-31T00:00:05');
    expect(agentDateTime(20241231, 235959)).toBe('2024-12-31T23:59:59');
    expect(agentDateTime(0, 0)).toBeNull();
    expect(agentDateTime(20241301, 0)).toBeNull();
  });
  test('run_duration HHMMSS with hours above 24', () => {
    expect(agentDurationSeconds(0)).toBe(0);
    expect(agentDurationSeconds(5)).toBe(5);
    expect(agentDurationSeconds(130)).toBe(90);
    expect(agentDurationSeconds(10203)).toBe(3723);
    expect(agentDurationSeconds(1000000)).toBe(100 * 3600);
  });
  test('status codes', () => {
    expect([0, 1, 2, 3, 4, 5].map(jobOutcome)).toEqual(['failed', 'succeeded', 'retry', 'canceled', 'in-progress', 'unknown']);
    expect(executionStatus(4)).toBe('idle');
    expect(executionStatus(1)).toBe('executing');
  });
});
