/** In browser mode there is no native file picker: the user types the path the host should open. */
import { useState } from 'react';
import { Dialog } from '../../../components/Dialog.js';
import { OkCancelButtons } from '../../../components/DialogButtons.js';
import { FieldError, TextField } from '../../../components/FormField.js';
import { useAppStore } from '../../../store/context.js';
import type { DialogState } from '../../../store/types.js';

type Props = { dialog: Extract<DialogState, { kind: 'typedPath' }> };

export function TypedPathDialog({ dialog }: Props) {
  const store = useAppStore();
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => store.getState().closeDialog();
  const opening = dialog.purpose === 'openSolution';

  async function submit(): Promise<void> {
    const p = path.trim();
    if (!p) return setError('Enter the full path of a file.');
    setBusy(true);
    const s = store.getState();
    const failure = dialog.purpose === 'openSolution' ? await s.open(p) : await s.addExistingPackage(dialog.projectPath, p);
    setBusy(false);
    if (failure) setError(failure.message);
    else close();
  }

  return (
    <Dialog
      title={opening ? 'Open Project/Solution' : 'Add Copy of Existing Package'}
      onCancel={close}
      onSubmit={() => void submit()}
      buttons={<OkCancelButtons ok={opening ? 'Open' : 'OK'} okDisabled={busy} onCancel={close} />}
    >
      <TextField
        label={opening ? 'Path to a .sln, .slnx or .dtproj file' : 'Path to a .dtsx package'}
        value={path}
        spellCheck={false}
        invalid={Boolean(error)}
        onChange={(v) => {
          setPath(v);
          setError(null);
        }}
      />
      <FieldError message={error} />
    </Dialog>
  );
}
