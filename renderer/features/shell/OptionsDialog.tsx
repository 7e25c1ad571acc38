/**
 * Tools → Options...: Visual Studio's Options dialog cut down to what this app has to set, the dtexec that
 * runs packages (SSIS Designer → dtexec path). Empty = find an installed SSIS, else the built-in engine.
 */
import { useId, useState } from 'react';
import { Dialog } from '../../components/Dialog.js';
import { OkCancelButtons } from '../../components/DialogButtons.js';
import { FieldError } from '../../components/FormField.js';
import { useApp } from '../../store/context.js';

function OptionsForm({ initial }: { initial: string }) {
  const id = useId();
  const close = useApp((s) => s.closeOptions);
  const save = useApp((s) => s.setDtexecPath);
  const [path, setPath] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    setSaving(true);
    const problem = await save(path.trim() === '' ? null : path.trim());
    setSaving(false);
    setError(problem);
  };
  return (
    <Dialog
      title="Options"
      onCancel={close}
      onSubmit={() => void submit()}
      buttons={<OkCancelButtons okClassName="default" okDisabled={saving} onCancel={close} />}
    >
      <fieldset className="options-page">
        <legend>SSIS Designer</legend>
        <div className="field">
          <label htmlFor={`${id}-dtexec`}>dtexec path</label>
          <input
            id={`${id}-dtexec`}
            value={path}
            spellCheck={false}
            placeholder="Find an installed SSIS (else the built-in engine)"
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={`${id}-hint`}
            onChange={(e) => setPath(e.target.value)}
          />
          <p id={`${id}-hint`} className="options-hint">
            The DTExec.exe that runs packages, e.g. C:\Program Files\Microsoft SQL Server\160\DTS\Binn\DTExec.exe or
            /opt/ssis/bin/dtexec. Leave it empty to find one; the SSISD_DTEXEC environment variable takes precedence.
          </p>
        </div>
        <FieldError message={error} />
      </fieldset>
    </Dialog>
  );
}

export function OptionsDialog() {
  const open = useApp((s) => s.optionsOpen);
  const settings = useApp((s) => s.settings);
  if (!open) return null;
  return <OptionsForm initial={settings?.dtexecPath ?? ''} />;
}
