import { Dialog } from '../../../components/Dialog.js';
import { useAppStore } from '../../../store/context.js';
import type { ViewCode } from '../../../../shared/contract/channels.js';

export function ViewCodeDialog({ code }: { code: ViewCode }) {
  const store = useAppStore();
  const close = () => store.getState().closeDialog();
  const name = code.path.split(/[\\/]/).pop() ?? code.path;
  return (
    <Dialog title={`${name} [XML] (read-only)`} wide onCancel={close} onSubmit={close} buttons={<button type="submit">Close</button>}>
      {/* A read-only text box: real text (searchable, selectable), never an editable field. */}
      <pre className="code-view" role="textbox" aria-readonly="true" aria-multiline="true" aria-label={`Code of ${name}`} tabIndex={0}>
        {code.text}
      </pre>
    </Dialog>
  );
}
