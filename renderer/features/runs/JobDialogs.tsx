/** The job dialogs opened from the Servers pane (Start Job at Step..., View History, Delete), and Execute... of a catalog package. */
import { useApp } from '../../store/context.js';
import { DeleteJobDialog } from './DeleteJobDialog.js';
import { ExecuteCatalogPackageDialog } from './ExecuteCatalogPackageDialog.js';
import { LogFileViewer } from './LogFileViewer.js';
import { StartJobDialog } from './StartJobDialog.js';

export function JobDialogs() {
  const dialog = useApp((s) => s.jobDialog);
  if (!dialog) return null;
  if (dialog.kind === 'history') return <LogFileViewer target={dialog.target} />;
  if (dialog.kind === 'delete') return <DeleteJobDialog target={dialog.target} onChange={dialog.onChange} />;
  if (dialog.kind === 'executeCatalog') return <ExecuteCatalogPackageDialog target={dialog.target} />;
  return <StartJobDialog target={dialog.target} onChange={dialog.onChange} />;
}
