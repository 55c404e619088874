import type { ReadCounters, RecordError } from '../ingest/read.ts';
import type { EventRow } from '../store/rows.ts';

/** Messages between the ingest writer (main thread) and its parse thread. */

export interface ParseFileSpec {
  name: string;
  key: string;
  mtimeMs?: number;
  tz: string;
  year?: number;
  format?: string;
  mapping?: Record<string, string>;
  nowMs: number;
}

export type ToParser =
  | { type: 'start'; file: ParseFileSpec }
  | { type: 'chunk'; data: Uint8Array }
  | { type: 'end'; error?: string }
  | { type: 'ack' };

export type FromParser =
  | { type: 'need' }
  | { type: 'detected'; format?: string; score?: number; problem?: string }
  | { type: 'rows'; rows: EventRow[] }
  | { type: 'record-error'; error: RecordError }
  | { type: 'done'; counters: ReadCounters }
  | { type: 'failed'; message: string; counters?: ReadCounters };

/** What the writer consumes, whether parsing runs on a thread or inline. */
export type ParseOutput =
  | { kind: 'detected'; format?: string; score?: number; problem?: string }
  | { kind: 'rows'; rows: EventRow[] }
  | { kind: 'done'; counters: ReadCounters };

/** Rows per message: small enough to keep both threads busy, large enough to amortise the copy. */
export const ROWS_PER_MESSAGE = 1000;
/** Row messages the parser may have outstanding before it waits for the writer (bounds memory). */
export const MAX_UNACKED = 2;

