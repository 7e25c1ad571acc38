/**
 * The global write lock: one holder at a time (a session's open transaction, one autocommit call, or the
 * Agent writing history). SQL Server would block on row locks; one lock gives the same serial outcome.
 */
export type LockOwner = number | string;

export class WriteLock {
  private owner: LockOwner | null = null;
  private readonly waiters: { owner: LockOwner; resolve: () => void; reject: (e: unknown) => void }[] = [];

  heldBy(owner: LockOwner): boolean {
    return this.owner === owner;
  }

  async acquire(owner: LockOwner, signal?: AbortSignal): Promise<void> {
    if (this.owner === null) {
      this.owner = owner;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const waiter = { owner, resolve, reject };
      this.waiters.push(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) {
            this.waiters.splice(i, 1);
            reject(new Error('request cancelled while waiting for a lock'));
          }
        },
        { once: true },
      );
    });
  }

  release(owner: LockOwner): void {
    if (this.owner !== owner) return;
    const next = this.waiters.shift();
    this.owner = next ? next.owner : null;
    next?.resolve();
  }
}
