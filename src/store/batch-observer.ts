import type { EventRow } from './rows.ts';

/**
 * Something kept up to date with the events, row by row as a batch is written (EventWriter): it sees each
 * new row with its rowid while the row is in memory, and writes what it derived inside the batch's
 * transaction, so it commits or rolls back with the events. Reading the batch back after it was written
 * cost more than the work itself.
 */
export interface BatchObserver {
  /** A batch starts; `before` is the highest event rowid before it. */
  begin(before: number): void;
  /** A new event was stored (not one already there) under `rowid`. */
  added(rowid: number, row: EventRow): void;
  /** Inside the batch's transaction, before it commits; `last` is the highest event rowid now. */
  commit(last: number): void;
  /** The batch was rolled back: forget what it added. */
  rollback(): void;
}
