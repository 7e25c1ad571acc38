import { useState } from 'react';
import { Dialog } from '../../../components/Dialog.js';
import { OkCancelButtons } from '../../../components/DialogButtons.js';
import { FieldError, TextField } from '../../../components/FormField.js';
import { useApp, useAppStore } from '../../../store/context.js';
import type { PackageRef } from '../../../store/types.js';
import { validatePackageName } from './validateName.js';

export function RenameDialog({ target }: { target: PackageRef }) {
  const store = useAppStore();
  const project = useApp((s) => s.view?.projects.find((p) => p.path === target.projectPath) ?? null);
  const [name, setName] = useState(target.packageName);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(): Promise<void> {
    if (name === target.packageName) return store.getState().closeDialog();
    const problem = validatePackageName(name, project, target.packageName);
    if (problem) return setError(problem);
    setBusy(true);
    const failure = await store.getState().renamePackage(target, name);
    setBusy(false);
    if (failure) setError(failure.message);
    else store.getState().closeDialog();
  }

  return (
    <Dialog
      title="Rename"
      onCancel={() => store.getState().closeDialog()}
      onSubmit={() => void submit()}
      buttons={<OkCancelButtons okDisabled={busy} onCancel={() => store.getState().closeDialog()} />}
    >
      <TextField
        label="New name"
        value={name}
        invalid={Boolean(error)}
        aria-describedby={error ? 'rename-error' : undefined}
        onChange={(v) => {
          setName(v);
          setError(null);
        }}
        onFocus={(e) => e.target.setSelectionRange(0, Math.max(0, name.length - 5))}
      />
      <FieldError message={error} id="rename-error" />
    </Dialog>
  );
}
