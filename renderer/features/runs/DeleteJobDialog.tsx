/** Delete on a job of the Servers pane: asks first, as SSMS's Delete Object does, then sp_delete_job. */
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useAppStore } from '../../store/context.js';
import type { JobTarget } from '../../store/jobsSlice.js';

export function DeleteJobDialog({ target, onChange }: { target: JobTarget; onChange?: () => void }) {
  const store = useAppStore();
  return (
    <ConfirmDialog
      title="Delete Object"
      message={`Delete the job '${target.jobName}' on '${target.serverName}'? Its steps and its history are deleted too; this cannot be undone.`}
      ok="Delete"
      onOk={() => void store.getState().deleteJob(target, onChange)}
      onClose={() => store.getState().closeJobDialog()}
    />
  );
}
