/** "Remove from server": forgets the assignment and asks whether to delete the job and the package there too. */
import { useState } from 'react';
import { Dialog } from '../../components/Dialog.js';
import { OkCancelButtons } from '../../components/DialogButtons.js';
import { FieldError } from '../../components/FormField.js';
import { useAppStore } from '../../store/context.js';
import type { RemoveFromServerState } from '../../store/deploySlice.js';

export function RemoveFromServerDialog({ state }: { state: RemoveFromServerState }) {
  const store = useAppStore();
  const [deleteJob, setDeleteJob] = useState(true);
  const [deletePackage, setDeletePackage] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => store.getState().askRemoveFromServer(null);
  const a = state.assignments;
  const what = a.length === 1 ? `'${a[0]!.packageName}' from '${a[0]!.server}'` : `${a.length} assignments`;
  const hasJob = a.some((x) => x.job.createJob);

  async function submit(): Promise<void> {
    setBusy(true);
    const failure = await store.getState().removeAssignments(
      state.projectPath,
      a.map((x) => x.id),
      deleteJob && hasJob,
      deletePackage,
    );
    setBusy(false);
    if (failure) setError(failure.message);
    else close();
  }

  return (
    <Dialog
      title="Remove from Server"
      onCancel={close}
      onSubmit={() => void submit()}
      buttons={<OkCancelButtons ok="Remove" okDisabled={busy} onCancel={close} />}
    >
      <p className="message">{`Remove ${what}? The package stays in the project.`}</p>
      {hasJob ? (
        <label className="check">
          <input type="checkbox" checked={deleteJob} onChange={(e) => setDeleteJob(e.target.checked)} />
          Also delete the SQL Server Agent job on the server
        </label>
      ) : null}
      <label className="check">
        <input type="checkbox" checked={deletePackage} onChange={(e) => setDeletePackage(e.target.checked)} />
        Also delete the package on the server
      </label>
      <FieldError message={error} />
    </Dialog>
  );
}
