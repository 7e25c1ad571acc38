import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './trusted-sender.js';

const PAGE = 'file:///app/out/renderer/index.html';
const page = { id: 7, isDestroyed: () => false } as unknown as WebContents;

function event(url: string, opts: { senderId?: number; child?: boolean; noFrame?: boolean } = {}): IpcMainInvokeEvent {
  const frame = opts.noFrame ? null : { url, parent: opts.child ? {} : null };
  return { sender: { id: opts.senderId ?? 7 }, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

describe('isTrustedSender', () => {
  it('accepts our page in the top frame of our window, with or without a query', () => {
    expect(isTrustedSender(event(PAGE), page, PAGE)).toBe(true);
    expect(isTrustedSender(event(`${PAGE}?x=1#y`), page, PAGE)).toBe(true);
  });

  it('refuses other pages, sub-frames, other windows and gone frames', () => {
    expect(isTrustedSender(event('https://evil.example/'), page, PAGE)).toBe(false);
    expect(isTrustedSender(event('file:///tmp/other.html'), page, PAGE)).toBe(false);
    expect(isTrustedSender(event(PAGE, { child: true }), page, PAGE)).toBe(false);
    expect(isTrustedSender(event(PAGE, { senderId: 8 }), page, PAGE)).toBe(false);
    expect(isTrustedSender(event(PAGE, { noFrame: true }), page, PAGE)).toBe(false);
    expect(isTrustedSender(event(PAGE), null, PAGE)).toBe(false);
    expect(isTrustedSender(event(PAGE), { id: 7, isDestroyed: () => true } as unknown as WebContents, PAGE)).toBe(false);
  });
});
