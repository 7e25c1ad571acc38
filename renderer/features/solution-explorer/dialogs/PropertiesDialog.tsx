/** A read-only property grid, like Visual Studio's Properties window (category rows, name | value). */
import { Dialog } from '../../../components/Dialog.js';
import { PropertyGrid } from '../../../components/PropertyGrid.js';
import { useAppStore } from '../../../store/context.js';

export type PropertyRow = readonly [name: string, value: string | number | boolean | null | undefined];

function show(value: PropertyRow[1]): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

export function PropertiesDialog({ title, rows }: { title: string; rows: readonly PropertyRow[] }) {
  const store = useAppStore();
  const close = () => store.getState().closeDialog();
  return (
    <Dialog
      title={title}
      wide
      onCancel={close}
      onSubmit={close}
      buttons={<button type="submit">Close</button>}
    >
      <PropertyGrid label="Properties" rows={rows.map(([name, value]) => [name, show(value)] as const)} />
    </Dialog>
  );
}
