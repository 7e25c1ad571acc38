/** The job dialogs opened from the Servers pane (Start Job at Step..., View History, Delete). */
import { useApp } from '../../store/context.js';
import { DeleteJobDialog } from './DeleteJobDialog.js';
import { LogFileViewer } from './LogFileViewer.js';
import { StartJobDialog } from './StartJobDialog.js';

export function JobDialogs() {
  const dialog = useApp((s) => s.jobDialog);
  if (!dialog) return null;
  if (dialog.kind === 'history') return <LogFileViewer target={dialog.target} />;
  if (dialog.kind === 'delete') return <DeleteJobDialog target={dialog.target} onChange={dialog.onChange} />;
  return <StartJobDialog target={dialog.target} onChange={dialog.onChange} />;
}
