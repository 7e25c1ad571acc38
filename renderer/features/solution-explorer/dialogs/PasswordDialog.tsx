import { useState } from 'react';
import { Dialog } from '../../../components/Dialog.js';
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
      buttons={
        <>
          <button type="submit" disabled={busy}>
            OK
          </button>
          <button type="button" onClick={close}>
            Cancel
          </button>
        </>
      }
    >
      <p className="message">{`Enter the password for project '${projectName}'.`}</p>
      <label className="field">
        <span>Password</span>
        <input
          type="password"
          autoComplete="off"
          value={password}
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            setPassword(e.target.value);
            setError(null);
          }}
        />
      </label>
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
    </Dialog>
  );
}
