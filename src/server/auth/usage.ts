import type { WriteGate } from '../write-gate.ts';

const FLUSH_MS = 30_000;

/**
 * When tokens were last used. Writing that on every request would contend with ingest jobs for the write
 * lock; the times are kept in memory and written every 30 s (and at shutdown) when the store is free.
 */
export class TokenUsage {
  private readonly pending = new Map<number, string>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly writes: WriteGate) {
    this.timer = setInterval(() => this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  record(tokenId: number, at: string): void {
    this.pending.set(tokenId, at);
  }

  /** Written now when possible; kept for the next flush when the store is busy. */
  flush(): void {
    if (this.pending.size === 0) return;
    const batch = new Map(this.pending);
    if (this.writes.tryNow((store) => store.tokens.touch(batch))) {
      for (const [id, at] of batch) if (this.pending.get(id) === at) this.pending.delete(id);
    }
  }

  /** Stops the timer and writes what is pending, waiting for the store if need be. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    if (this.pending.size === 0) return;
    const batch = new Map(this.pending);
    this.pending.clear();
    await this.writes.run((store) => store.tokens.touch(batch));
  }
}
