/** Counts requests that reached the engine on one instance, for drop-after fault injection. */
export class FaultCounter {
  private count = 0;

  constructor(private readonly dropAfter: number | null) {}

  /** Records one request; returns false when the connection must be dropped instead of answering it. */
  admit(): boolean {
    if (this.dropAfter === null) return true;
    if (this.count >= this.dropAfter) return false;
    this.count++;
    return true;
  }

  /** Whether requests are counted at all (counting parses batches, so it is skipped when no fault is set). */
  get active(): boolean {
    return this.dropAfter !== null;
  }

  get admitted(): number {
    return this.count;
  }
}
