/** SSMS's job commands in the Servers pane: Start Job at Step..., Stop Job, Enable, Disable, View History, Delete. */
import type { JobMenuProvider } from '../servers/jobMenuItems.js';

export const jobRunMenuItems: JobMenuProvider = ({ store, server, job, refreshJobs }) => {
  const target = { serverId: server.id, serverName: server.displayName, jobId: job.jobId, jobName: job.name };
  return [
    { kind: 'item', label: 'Start Job at Step...', disabled: !job.hasSteps, run: () => store.getState().openJobDialog({ kind: 'startAtStep', target, onChange: refreshJobs }) },
    // Not disabled from the pane's last read of the status: that may be stale; the server says if it is not running.
    { kind: 'item', label: 'Stop Job', run: () => void store.getState().stopJob(target, refreshJobs) },
    { kind: 'item', label: 'Enable', disabled: job.enabled, run: () => void store.getState().setJobEnabled(target, true, refreshJobs) },
    { kind: 'item', label: 'Disable', disabled: !job.enabled, run: () => void store.getState().setJobEnabled(target, false, refreshJobs) },
    { kind: 'item', label: 'View History', run: () => store.getState().openJobDialog({ kind: 'history', target }) },
    { kind: 'separator' },
    { kind: 'item', label: 'Delete', shortcut: 'Del', run: () => store.getState().openJobDialog({ kind: 'delete', target, onChange: refreshJobs }) },
  ];
};
