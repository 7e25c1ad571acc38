/**
 * Build of an EncryptAllWithPassword project: the packages and the manifest are ciphertext, so Build asks for
 * the project password, as Visual Studio does when it opens such a project. The password goes with this
 * one Build call and is not kept.
 */
import { useState } from 'react';
import { Dialog } from '../../components/Dialog.js';
import { OkCancelButtons } from '../../components/DialogButtons.js';
import { TextField } from '../../components/FormField.js';
import { useAppStore } from '../../store/context.js';
import type { BuildPasswordRequest } from '../../store/buildSlice.js';

export function BuildPasswordDialog({ request }: { request: BuildPasswordRequest }) {
  const store = useAppStore();
  const [password, setPassword] = useState('');
  const close = () => store.getState().closeBuildPassword();
  return (
    <Dialog
      title={`Build ${request.projectName}`}
      onCancel={close}
      onSubmit={() => void store.getState().buildProject(request.projectPath, request.projectName, password)}
      buttons={<OkCancelButtons ok="Build" onCancel={close} />}
    >
      <p>{request.projectName} is encrypted with a password (EncryptAllWithPassword). Enter the project password to build it.</p>
      <TextField label="Password" type="password" autoComplete="off" value={password} onChange={setPassword} />
    </Dialog>
  );
}
