/**
 * Only our own page, in its top frame, may call the channels: a frame navigated elsewhere or an embedded frame
 * gets a refusal even though the preload is the same.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';

function withoutQueryOrHash(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '';
  }
}

export function isTrustedSender(event: IpcMainInvokeEvent, page: WebContents | null, pageUrl: string): boolean {
  const frame = event.senderFrame;
  if (!frame || !page || page.isDestroyed()) return false;
  if (event.sender.id !== page.id) return false;
  if (frame.parent !== null) return false;
  return frame.url.startsWith('file://') && withoutQueryOrHash(frame.url) === withoutQueryOrHash(pageUrl);
}
