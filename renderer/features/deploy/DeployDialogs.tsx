/** The deploy feature's dialogs, as the deploy slice asks for them. */
import { useApp } from '../../store/context.js';
import { DeployDialog } from './DeployDialog.js';
import { DeployPasswordDialog } from './DeployPasswordDialog.js';
import { DeployProgressDialog } from './DeployProgressDialog.js';
import { RemoveFromServerDialog } from './RemoveFromServerDialog.js';
import './deploy.css';

export function DeployDialogs() {
  const dialog = useApp((s) => s.deployDialog);
  const run = useApp((s) => s.deployRun);
  const remove = useApp((s) => s.removeFromServer);
  const password = useApp((s) => s.deployPassword);
  // The password prompt comes on top of the Deploy dialog whose Deploy button asked for it.
  const prompt = password ? <DeployPasswordDialog key={`${password.projectPath}|${password.wrong}`} request={password} /> : null;
  if (dialog) {
    return (
      <>
        <DeployDialog dialog={dialog} />
        {prompt}
      </>
    );
  }
  if (prompt) return prompt;
  if (remove) return <RemoveFromServerDialog state={remove} />;
  if (run) return <DeployProgressDialog run={run} />;
  return null;
}
