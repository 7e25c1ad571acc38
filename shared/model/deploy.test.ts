import { describe, expect, test } from 'vitest';
import { combineOutcomes, countOutcomes, defaultDialogDefaults, defaultJobName, deployStatus, settingsKey, type Assignment } from './deploy.js';

const a: Assignment = {
  id: 'a1',
  packageName: 'LoadCustomers.dtsx',
  server: 'SQL02',
  target: { kind: 'msdb', folder: 'ETL' },
  job: { createJob: true, name: 'P - LoadCustomers', description: null, owner: null, proxy: null, use32bit: false },
};

describe('deploy model rules', () => {
  test('default job name: <Project> - <Package>, valid for sp_add_job', () => {
    expect(defaultJobName('LoadBalancing', 'LoadCustomers.dtsx')).toBe('LoadBalancing - LoadCustomers');
    expect(defaultJobName('P', 'Load 100%.DTSX')).toBe('P - Load 100pct');
    expect(defaultJobName('P'.repeat(100), 'x'.repeat(100) + '.dtsx')).toHaveLength(128);
  });

  test('default target: the catalog, or msdb for the package deployment model', () => {
    expect(defaultDialogDefaults('LB').target).toEqual({ kind: 'catalog', folder: 'LB', project: 'LB' });
    expect(defaultDialogDefaults('LB', true).target).toEqual({ kind: 'msdb', folder: '' });
  });

  test('status: failed wins; deployed only with the same bytes and settings', () => {
    const deployed = { sha256: 'abc', versionGuid: null, settings: settingsKey(a.target, a.job), jobName: a.job.name, jobId: null, serverVersion: null, at: '' };
    expect(deployStatus(a, undefined, 'abc')).toBe('not-deployed');
    expect(deployStatus(a, { deployed, failure: null }, 'abc')).toBe('deployed');
    expect(deployStatus(a, { deployed, failure: null }, 'def')).toBe('out-of-date');
    expect(deployStatus(a, { deployed, failure: null }, null)).toBe('out-of-date');
    expect(deployStatus({ ...a, job: { ...a.job, proxy: 'P' } }, { deployed, failure: null }, 'abc')).toBe('out-of-date');
    expect(deployStatus(a, { deployed, failure: { at: '', message: 'x', sqlErrorNumber: 229, step: 'job' } }, 'abc')).toBe('failed');
  });

  test('outcomes combine and count', () => {
    expect(combineOutcomes('unchanged', 'updated')).toBe('updated');
    expect(combineOutcomes('created', null)).toBe('created');
    expect(combineOutcomes('created', 'failed')).toBe('failed');
    expect(combineOutcomes(null, null)).toBe('unchanged');
    expect(countOutcomes([{ outcome: 'created' }, { outcome: 'failed' }, { outcome: 'created' }])).toEqual({ created: 2, updated: 0, unchanged: 0, failed: 1, cancelled: 0 });
  });
});
