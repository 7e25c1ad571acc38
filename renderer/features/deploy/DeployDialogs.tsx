/** The deploy feature's dialogs, as the deploy slice asks for them. */
import { useApp } from '../../store/context.js';
import { DeployDialog } from './DeployDialog.js';
import { DeployProgressDialog } from './DeployProgressDialog.js';
import { RemoveFromServerDialog } from './RemoveFromServerDialog.js';
import './deploy.css';

export function DeployDialogs() {
  const dialog = useApp((s) => s.deployDialog);
  const run = useApp((s) => s.deployRun);
  const remove = useApp((s) => s.removeFromServer);
  if (dialog) return <DeployDialog dialog={dialog} />;
  if (remove) return <RemoveFromServerDialog state={remove} />;
  if (run) return <DeployProgressDialog run={run} />;
  return null;
}
