import { useState } from 'react';
import { Dialog } from '../../../components/Dialog.js';
import { OkCancelButtons } from '../../../components/DialogButtons.js';
import { FieldError, TextField } from '../../../components/FormField.js';
import { useAppStore } from '../../../store/context.js';

export function PasswordDialog({ projectPath, projectName }: { projectPath: string; projectName: string }) {
  const store = useAppStore();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => store.getState().closeDialog();

  async function submit(): Promise<void> {
    setBusy(true);
    const failure = await store.getState().unlockProject(projectPath, password);
    setBusy(false);
    if (failure) setError(failure.message);
    else close();
  }

  return (
    <Dialog
      title="Project Password"
      onCancel={close}
      onSubmit={() => void submit()}
      buttons={<OkCancelButtons okDisabled={busy} onCancel={close} />}
    >
      <p className="message">{`Enter the password for project '${projectName}'.`}</p>
      <TextField
        label="Password"
        type="password"
        autoComplete="off"
        value={password}
        invalid={Boolean(error)}
        onChange={(v) => {
          setPassword(v);
          setError(null);
        }}
      />
      <FieldError message={error} />
    </Dialog>
  );
}
