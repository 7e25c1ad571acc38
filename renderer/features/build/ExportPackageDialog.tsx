/**
 * Export... of a package to a .dtsx file: the user types the full path, or in the desktop app picks it with
 * Browse... (the Save As dialog; in browser mode the host may be another machine, so there is no picker); an
 * existing file is replaced only with "Overwrite" ticked. The
 * same dialog exports a package of the Solution Explorer, one stored in a server's msdb, and a project deployed
 * to a server's SSIS catalog (.ispac).
 */
import { useState } from 'react';
import { Dialog } from '../../components/Dialog.js';
import { OkCancelButtons } from '../../components/DialogButtons.js';
import { FieldError, TextField } from '../../components/FormField.js';
import { useApp, useAppStore } from '../../store/context.js';
import type { PackageRef } from '../../store/types.js';
import type { AppError } from '../../../shared/result.js';

interface ExportFileProps {
  readonly title: string;
  /** The file name Browse... proposes. */
  readonly defaultName: string;
  /** What is written: a package (.dtsx) or a project (.ispac). */
  readonly kind: 'package' | 'project';
  /** Writes the file; the problem to show, or null once written. */
  readonly onExport: (targetPath: string, overwrite: boolean) => Promise<AppError | null>;
  readonly onClose: () => void;
}

const FILE = { package: { label: 'Package path (.dtsx)', example: '/path/to/Package.dtsx', extension: '.dtsx' }, project: { label: 'Project path (.ispac)', example: '/path/to/Project.ispac', extension: '.ispac' } } as const;

export function ExportFileDialog({ title, defaultName, kind, onExport, onClose }: ExportFileProps) {
  const file = FILE[kind];
  const store = useAppStore();
  const desktop = useApp((s) => s.appInfo?.mode === 'electron');
  const [path, setPath] = useState('');
  const [overwrite, setOverwrite] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function browse(): Promise<void> {
    const picked = await store.getState().pickSaveFile(title, [file.extension.slice(1)], defaultName);
    if (picked) {
      setPath(picked);
      // The Save As dialog already asked before replacing a file.
      setOverwrite(true);
      setError(null);
    }
  }

  async function submit(): Promise<void> {
    const target = path.trim();
    if (!target) return setError(`Enter the full path of the ${file.extension} file to write.`);
    setBusy(true);
    const failure = await onExport(target, overwrite);
    setBusy(false);
    if (failure) setError(failure.message);
  }

  return (
    <Dialog title={title} onCancel={onClose} onSubmit={() => void submit()} buttons={<OkCancelButtons ok="Export" okDisabled={busy} onCancel={onClose} />}>
      <div className="path-row">
        <TextField
          label={file.label}
          value={path}
          spellCheck={false}
          placeholder={file.example}
          invalid={Boolean(error)}
          onChange={(v) => {
            setPath(v);
            setError(null);
          }}
        />
        {desktop ? (
          <button type="button" onClick={() => void browse()}>
            Browse...
          </button>
        ) : null}
      </div>
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
    <ExportFileDialog
      title={`Export ${packageRef.packageName}`}
      defaultName={packageRef.packageName}
      kind="package"
      onExport={(target, overwrite) => store.getState().exportPackage(packageRef, target, overwrite)}
      onClose={() => store.getState().closeExportDialog()}
    />
  );
}
