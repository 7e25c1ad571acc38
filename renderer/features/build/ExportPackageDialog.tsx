/**
 * Export... of a package to a .dtsx file: the user types the full path (the host may be another machine in
 * browser mode, so there is no save picker); an existing file is replaced only with "Overwrite" ticked. The
 * same dialog exports a package of the Solution Explorer and one stored in a server's msdb.
 */
import { useState } from 'react';
import { Dialog } from '../../components/Dialog.js';
import { OkCancelButtons } from '../../components/DialogButtons.js';
import { FieldError, TextField } from '../../components/FormField.js';
import { useAppStore } from '../../store/context.js';
import type { PackageRef } from '../../store/types.js';
import type { AppError } from '../../../shared/result.js';

interface ExportDtsxProps {
  readonly title: string;
  /** Writes the file; the problem to show, or null once written. */
  readonly onExport: (targetPath: string, overwrite: boolean) => Promise<AppError | null>;
  readonly onClose: () => void;
}

export function ExportDtsxDialog({ title, onExport, onClose }: ExportDtsxProps) {
  const [path, setPath] = useState('');
  const [overwrite, setOverwrite] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(): Promise<void> {
    const target = path.trim();
    if (!target) return setError('Enter the full path of the .dtsx file to write.');
    setBusy(true);
    const failure = await onExport(target, overwrite);
    setBusy(false);
    if (failure) setError(failure.message);
  }

  return (
    <Dialog title={title} onCancel={onClose} onSubmit={() => void submit()} buttons={<OkCancelButtons ok="Export" okDisabled={busy} onCancel={onClose} />}>
      <TextField
        label="Package path (.dtsx)"
        value={path}
        spellCheck={false}
        placeholder="/path/to/Package.dtsx"
        invalid={Boolean(error)}
        onChange={(v) => {
          setPath(v);
          setError(null);
        }}
      />
      <label className="check">
        <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} /> Overwrite an existing file
      </label>
      <FieldError message={error} />
    </Dialog>
  );
}

export function ExportPackageDialog({ packageRef }: { packageRef: PackageRef }) {
  const store = useAppStore();
  return (
    <ExportDtsxDialog
      title={`Export ${packageRef.packageName}`}
      onExport={(target, overwrite) => store.getState().exportPackage(packageRef, target, overwrite)}
      onClose={() => store.getState().closeExportDialog()}
    />
  );
}
