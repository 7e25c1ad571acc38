import { describe, expect, it } from 'vitest';
import { createAppStore } from './createAppStore.js';
import { applyProgress, groupByProject, progressLine, type DeployRun } from './deploySlice.js';
import { FakeTransport } from '../test/fakeTransport.js';
import { PROJECT, sampleView } from '../test/sampleView.js';
import { browseAnswer, job, progress, projectAssignments, serverEntry, serverInfo, serverList, summary } from '../test/serverFixtures.js';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('deploy slice', () => {
  it('keeps one row per server in arrival order and keeps its last error until the server reports again with one', () => {
    let run: DeployRun = { deployId: 'd', title: 'Deploy', servers: [], summary: null, cancelling: false };
    run = applyProgress(run, progress('d', 'SRV2', { phase: 'connecting' }));
    run = applyProgress(run, progress('d', 'SRV1', { phase: 'failed', packageName: 'A.dtsx', error: { step: 'connect', message: 'refused', sqlErrorNumber: null, procedure: null, connection: true } }));
    run = applyProgress(run, progress('d', 'SRV1', { phase: 'failed', done: 1, message: 'SRV1: gave up' }));
    expect(run.servers.map((s) => [s.server, s.phase, s.done, s.error?.message ?? null])).toEqual([
      ['SRV2', 'connecting', 0, null],
      ['SRV1', 'failed', 1, 'refused'],
    ]);
  });

  it('writes SQL Server error numbers into the Output line unless the message has them', () => {
    const error = { step: 'job' as const, message: 'x', sqlErrorNumber: 14262, procedure: 'msdb.dbo.sp_add_job', connection: false };
    expect(progressLine(progress('d', 'S', { message: 'S: A.dtsx: failed', error }))).toBe('S: A.dtsx: failed (SQL Server error 14262, msdb.dbo.sp_add_job)');
    expect(progressLine(progress('d', 'S', { message: 'S: invalid owner (SQL Server error 14262)', error }))).toBe('S: invalid owner (SQL Server error 14262)');
  });

  it('groups a multi-project selection by project, without duplicates', () => {
    expect(groupByProject([{ projectPath: 'a', packageName: 'X.dtsx' }, { projectPath: 'b', packageName: 'Y.dtsx' }, { projectPath: 'a', packageName: 'X.dtsx' }, { projectPath: 'a', packageName: 'Z.dtsx' }])).toEqual([
      ['a', ['X.dtsx', 'Z.dtsx']],
      ['b', ['Y.dtsx']],
    ]);
  });

  it('Deploy All sends every loaded project; Cancel asks the host; the end re-reads assignments and the jobs already shown', async () => {
    const t = new FakeTransport({
      'solution:get': () => ({ ok: true, value: sampleView() }),
      'servers:list': () => ({ ok: true, value: serverList([serverEntry('s1', 'SRV1')]) }),
      'servers:test': () => ({ ok: true, value: serverInfo('SRV1') }),
      'servers:browse': (a) => ({ ok: true, value: browseAnswer(a.node, [job('Etl - Child1')]) }),
      'deploy:listAssignments': () => ({ ok: true, value: projectAssignments([]) }),
      'deploy:run': () => ({ ok: true, value: { deployId: 'd1' } }),
      'deploy:cancel': () => ({ ok: true, value: { cancelled: true } }),
    });
    const store = createAppStore(t);
    const stop = store.getState().startDeploy();
    await store.getState().load();
    await store.getState().loadServers();
    await store.getState().browseServer('s1', 'jobs');
    await store.getState().deployAll();
    expect(t.callsTo('deploy:run')).toEqual([{ projectPaths: [PROJECT], assignmentIds: null, servers: null }]);
    expect(store.getState().outputShown).toBe('Deploy');
    await store.getState().cancelDeploy();
    expect(t.callsTo('deploy:cancel')).toEqual([{ deployId: 'd1' }]);
    expect(store.getState().deployRun?.cancelling).toBe(true);
    const before = t.callsTo('servers:browse').length;
    t.emit(
      'deploy:finished',
      summary('d1', { cancelled: 1 }, { cancelled: true, servers: [{ server: 'SRV1', phase: 'cancelled', counts: { created: 0, updated: 0, unchanged: 0, failed: 0, cancelled: 1 }, elapsedMs: 5 }], outcomes: [] }),
    );
    await tick();
    expect(store.getState().deployRun?.summary?.cancelled).toBe(true);
    expect(store.getState().deployRun?.cancelling).toBe(false);
    expect(t.callsTo('servers:browse').slice(before)).toEqual([{ serverId: 's1', node: 'jobs' }]);
    expect(store.getState().outputLines.Deploy?.map((l) => l.text)).toEqual(['------ Deploy All started ------', '========== Deploy: 0 created, 0 updated, 0 unchanged, 0 failed, 1 cancelled (1.2 s) ==========']);
    stop();
    expect(t.listenerCount('deploy:progress')).toBe(0);
  });
});
