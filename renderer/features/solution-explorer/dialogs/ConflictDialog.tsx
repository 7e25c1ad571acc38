/** Asked when the host refused a write because the file changed on disk since it was read (CONFLICT). */
import { Dialog } from '../../../components/Dialog.js';
import { OkCancelButtons } from '../../../components/DialogButtons.js';
import { useApp, useAppStore } from '../../../store/context.js';

export function ConflictDialog() {
  const store = useAppStore();
  const conflict = useApp((s) => s.conflict);
  if (!conflict) return null;
  const close = () => store.getState().clearConflict();
  return (
    <Dialog
      title="File Modification Detected"
      onCancel={close}
      onSubmit={() => void store.getState().reload()}
      buttons={<OkCancelButtons ok="Reload" onCancel={close} />}
    >
      <p className="message">{conflict.message}</p>
    </Dialog>
  );
}
