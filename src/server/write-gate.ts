import type { Store } from '../store/index.ts';
import { errorCode } from '../util/errors.ts';

const RETRY_MS = 20;

function isBusy(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The server's writing connection. SQLite calls are synchronous: waiting for a lock held by a job thread
 * (an ingest commits every 20,000 rows) would stall every request. So this connection never waits inside
 * SQLite (busy_timeout 0); a write that finds the store locked is retried from the event loop instead.
 */
export class WriteGate {
  constructor(
    readonly store: Store,
    private readonly maxWaitMs = 30_000,
  ) {
    store.db.pragma('busy_timeout = 0');
  }

  /** Runs the writes in one IMMEDIATE transaction: a busy store is found before anything is written. */
  async run<T>(write: (store: Store) => T): Promise<T> {
    const started = Date.now();
    const transaction = this.store.db.transaction(() => write(this.store));
    for (;;) {
      try {
        return transaction.immediate();
      } catch (error) {
        if (!isBusy(error) || Date.now() - started > this.maxWaitMs) throw error;
      }
      await sleep(RETRY_MS);
    }
  }

  /** A best-effort write: done now if the store is free, else reported as not done. */
  tryNow(write: (store: Store) => void): boolean {
    try {
      this.store.db.transaction(() => write(this.store)).immediate();
      return true;
    } catch (error) {
      if (isBusy(error)) return false;
      throw error;
    }
  }
}
