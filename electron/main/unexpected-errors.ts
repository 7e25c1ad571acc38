/**
 * What the main process does with an error nobody caught: the full stack goes to the log, the user gets a dialog
 * saying what happened and where the log is (one at a time, secrets scrubbed), and the app keeps running.
 */
import type { RotatingLog } from '../services/logs/index.js';

export interface ErrorDialogOptions {
  readonly type: 'error';
  readonly title: string;
  readonly message: string;
  readonly detail: string;
  readonly buttons: string[];
  readonly defaultId: number;
  readonly noLink: boolean;
}

export interface UnexpectedErrorDeps {
  readonly logger: Pick<RotatingLog, 'error' | 'scrub' | 'file'>;
  /** Electron's dialog.showMessageBox; answers the index of the button pressed. */
  showDialog(options: ErrorDialogOptions): Promise<{ response: number }>;
  openLogsFolder(): void;
  /** Dialogs can be shown only once the app is ready. */
  canShowDialogs(): boolean;
}

export function unexpectedErrorReporter(deps: UnexpectedErrorDeps): (what: string, e: unknown) => void {
  let dialogOpen = false;
  return (what, e) => {
    const message = e instanceof Error ? e.message : String(e);
    deps.logger.error(`${what}: ${e instanceof Error ? (e.stack ?? message) : message}`);
    if (dialogOpen || !deps.canShowDialogs()) return;
    dialogOpen = true;
    void deps
      .showDialog({
        type: 'error',
        title: 'SSIS Designer',
        message: `Something went wrong: ${deps.logger.scrub(message)}`,
        detail: `SSIS Designer keeps running. The details are in the log:\n${deps.logger.file}`,
        buttons: ['OK', 'Open Logs Folder'],
        defaultId: 0,
        noLink: true,
      })
      .then((r) => {
        if (r.response === 1) deps.openLogsFolder();
      })
      .catch(() => undefined)
      .finally(() => {
        dialogOpen = false;
      });
  };
}
