import { Dialog } from '../../../components/Dialog.js';
import { OkCancelButtons } from '../../../components/DialogButtons.js';
import { useAppStore } from '../../../store/context.js';
import type { PackageRef } from '../../../store/types.js';

/** Visual Studio's wording for deleting files from a project. */
export function deleteMessage(refs: readonly PackageRef[]): string {
  return refs.length === 1 ? `'${refs[0]!.packageName}' will be deleted permanently.` : 'The selected items will be deleted permanently.';
}

export function DeleteDialog({ refs }: { refs: PackageRef[] }) {
  const store = useAppStore();
  const close = () => store.getState().closeDialog();
  return (
    <Dialog
      title="Microsoft Visual Studio"
      onCancel={close}
      onSubmit={() => {
        close();
        void store.getState().deletePackages(refs);
      }}
      buttons={<OkCancelButtons onCancel={close} />}
    >
      <p className="message">{deleteMessage(refs)}</p>
    </Dialog>
  );
}
