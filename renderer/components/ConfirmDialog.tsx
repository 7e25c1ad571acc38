/** A question before a change that cannot be undone (Remove Server, Delete Object): the message, then OK / Cancel. */
import { Dialog } from './Dialog.js';
import { OkCancelButtons } from './DialogButtons.js';

interface Props {
  readonly title: string;
  readonly message: string;
  /** The default button's caption ("Remove", "Delete"). */
  readonly ok: string;
  /** Called after the dialog closed itself. */
  readonly onOk: () => void;
  readonly onClose: () => void;
}

export function ConfirmDialog({ title, message, ok, onOk, onClose }: Props) {
  return (
    <Dialog
      title={title}
      onCancel={onClose}
      onSubmit={() => {
        onClose();
        onOk();
      }}
      buttons={<OkCancelButtons ok={ok} onCancel={onClose} />}
    >
      <p className="message">{message}</p>
    </Dialog>
  );
}
