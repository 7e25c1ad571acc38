/** The job dialogs opened from the Servers pane (Start Job at Step..., View History). */
import { useApp } from '../../store/context.js';
import { LogFileViewer } from './LogFileViewer.js';
import { StartJobDialog } from './StartJobDialog.js';

export function JobDialogs() {
  const dialog = useApp((s) => s.jobDialog);
  if (!dialog) return null;
  if (dialog.kind === 'history') return <LogFileViewer target={dialog.target} />;
  return <StartJobDialog target={dialog.target} onChange={dialog.onChange} />;
}
