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
  templateKeys: boolean;
}

export type ToParser =
  | { type: 'start'; file: ParseFileSpec }
  | { type: 'chunk'; data: Uint8Array }
  | { type: 'end'; error?: string }
  | { type: 'ack' };

/**
 * What the parser sends on its data port, in order. The writer takes these when it is ready for them
 * (`receiveMessageOnPort`): until then they wait serialised, outside the JavaScript heap. Delivered to a
 * listener, a backlog of rows became live objects at once, outlived young-generation collections and cost
 * 25–80 MB more memory.
 */
export type FromParser =
  | { type: 'detected'; format?: string; score?: number; container?: string; problem?: string }
  | { type: 'rows'; rows: EventRow[]; templates?: RowTemplates }
  | { type: 'record-error'; error: RecordError }
  | { type: 'done'; counters: ReadCounters }
  | { type: 'failed'; message: string; counters?: ReadCounters };

/**
 * What the parser says on the worker's own port, handled as soon as the writer's event loop runs: it wants
 * another chunk of input, or it put a message on the data port.
 */
export type ParserSignal = 'need' | 'wake';

/** What the writer consumes, whether parsing runs on a thread or inline. */
export type ParseOutput =
  | { kind: 'detected'; format?: string; score?: number; container?: string; problem?: string }
  | { kind: 'rows'; rows: EventRow[]; templates?: RowTemplates }
  | { kind: 'done'; counters: ReadCounters };

/**
 * The rows' message templates, keyed where the rows were made (TemplateKeyer): a key per row (-1: none) and
 * the texts of the keys new in this message, in key order.
 */
export interface RowTemplates {
  keys: Int32Array;
  texts: string[];
}

/** Rows per message: small enough to keep both threads busy, large enough to amortise the copy. */
export const ROWS_PER_MESSAGE = 1000;
/**
 * What the parser may have outstanding before it waits for the writer (bounds memory): rows, and characters of
 * their originals and JSON. The writer's work comes in bursts (each commit indexes and writes a batch at once,
 * ~0.1–0.4 s): with room for only two messages the parser idled through every commit and the writer then
 * waited for it. 16 Ki rows is most of a batch of syslog rows (on 30 MiB of sshd: 8 Ki rows 8.0 s, 16 Ki 7.6 s,
 * 32 Ki 7.5 s for 8 MB more memory); 16 M characters about one batch of multi-KB Windows events.
 */
export const MAX_UNACKED_ROWS = 16 * 1024;
export const MAX_UNACKED_CHARS = 16 * 1024 * 1024;

