/**
 * Deploy of a password-protected project (EncryptAllWithPassword) that was not unlocked in Solution Explorer:
 * the deploy asks for the project password, as Visual Studio does when it opens such a project. The password
 * goes with this one deploy (and its retries, on the app side) and is not kept here.
 */
import { useId, useState } from 'react';
import { Dialog } from '../../components/Dialog.js';
import { OkCancelButtons } from '../../components/DialogButtons.js';
import { useApp } from '../../store/context.js';
import type { DeployPasswordRequest } from '../../store/deploySlice.js';

export function DeployPasswordDialog({ request }: { request: DeployPasswordRequest }) {
  const id = useId();
  const answer = useApp((s) => s.answerDeployPassword);
  const [password, setPassword] = useState('');
  return (
    <Dialog
      title="Project Password"
      onCancel={() => answer(null)}
      onSubmit={() => answer(password)}
      buttons={<OkCancelButtons okClassName="default" okDisabled={password === ''} onCancel={() => answer(null)} />}
    >
      <p id={`${id}-why`}>{request.projectName} is encrypted with a password. The deployment needs it to read the packages.</p>
      {request.wrong ? (
        <p role="alert" className="field-error">
          The password is not correct.
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-password`}>Enter the password for project &apos;{request.projectName}&apos;</label>
        <input
          id={`${id}-password`}
          type="password"
          autoComplete="off"
          value={password}
          aria-describedby={`${id}-why`}
          aria-invalid={request.wrong ? 'true' : undefined}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
    </Dialog>
  );
}
