/** The dialogs of preflight and proxies, mounted once by the App. */
import { NewProxyDialog } from '../proxies/NewProxyDialog.js';
import { RunAsDialog } from './RunAsDialog.js';
import { WireChildJobsDialog } from './WireChildJobsDialog.js';

export function PreflightDialogs() {
  return (
    <>
      <WireChildJobsDialog />
      <RunAsDialog />
      <NewProxyDialog />
    </>
  );
}
