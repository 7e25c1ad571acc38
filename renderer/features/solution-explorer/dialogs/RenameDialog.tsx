import { useState } from 'react';
import { Dialog } from '../../../components/Dialog.js';
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
      buttons={
        <>
          <button type="submit" disabled={busy}>
            OK
          </button>
          <button type="button" onClick={() => store.getState().closeDialog()}>
            Cancel
          </button>
        </>
      }
    >
      <label className="field">
        <span>New name</span>
        <input
          value={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'rename-error' : undefined}
          onChange={(e) => {
            setName(e.target.value);
            setError(null);
          }}
          onFocus={(e) => e.target.setSelectionRange(0, Math.max(0, name.length - 5))}
        />
      </label>
      {error ? (
        <p id="rename-error" role="alert" className="field-error">
          {error}
        </p>
      ) : null}
    </Dialog>
  );
}
