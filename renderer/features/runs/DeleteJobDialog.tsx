/** Delete on a job of the Servers pane: asks first, as SSMS's Delete Object does, then sp_delete_job. */
import { Dialog } from '../../components/Dialog.js';
import { OkCancelButtons } from '../../components/DialogButtons.js';
import { useAppStore } from '../../store/context.js';
import type { JobTarget } from '../../store/jobsSlice.js';

export function DeleteJobDialog({ target, onChange }: { target: JobTarget; onChange?: () => void }) {
  const store = useAppStore();
  const close = () => store.getState().closeJobDialog();
  return (
    <Dialog
      title="Delete Object"
      onCancel={close}
      onSubmit={() => {
        close();
        void store.getState().deleteJob(target, onChange);
      }}
      buttons={<OkCancelButtons ok="Delete" onCancel={close} />}
    >
      <p className="message">{`Delete the job '${target.jobName}' on '${target.serverName}'? Its steps and its history are deleted too; this cannot be undone.`}</p>
    </Dialog>
  );
}
