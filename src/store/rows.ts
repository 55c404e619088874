import type { VigilEvent } from '../schema/event.ts';

/**
 * An event flattened to the values of one `events` row (plus its FTS message). Rows are plain arrays of
 * strings and numbers, cheap to pass between threads: the parse thread builds them, the writer inserts.
 */
export type EventRow = [
  id: string,
  ts: string | null,
  tsMs: number | null,
  format: string,
  dataset: string,
  category: string | null,
  action: string | null,
  outcome: string | null,
  code: string | null,
  sourceIp: string | null,
  destinationIp: string | null,
  destinationPort: number | null,
  userName: string | null,
  hostName: string | null,
  processName: string | null,
  count: number,
  filePath: string,
  line: number | null,
  message: string | null,
  original: string,
  doc: string,
];

/** Where each value is in an `EventRow`. */
export const ROW = {
  id: 0, ts: 1, tsMs: 2, format: 3, dataset: 4, category: 5, action: 6, outcome: 7, code: 8, sourceIp: 9,
  destinationIp: 10, destinationPort: 11, userName: 12, hostName: 13, processName: 14, count: 15, filePath: 16,
  line: 17, message: 18, original: 19, doc: 20,
} as const;

/**
 * Full-text indexing (EventWriter) leaves the message out when the original record holds it verbatim:
 * for line formats it is a substring of the line, and indexing it twice only costs time. JSON records
 * escape their message, so there it is indexed. A future FTS 'delete' must apply the same rule.
 */

let lastTs = '';
let lastMillis = Number.NaN;

/** `Date.parse` once per distinct timestamp text: consecutive events mostly share theirs (same second). */
function millisOf(ts: string): number {
  if (ts !== lastTs) {
    lastMillis = Date.parse(ts);
    lastTs = ts;
  }
  return lastMillis;
}

export function toRow(e: VigilEvent): EventRow {
  const ts = e['@timestamp'];
  return [
    e.id, ts ?? null, ts === undefined ? null : millisOf(ts), e.vigil.format, e.event.dataset,
    e.event.category?.join(',') ?? null, e.event.action ?? null, e.event.outcome ?? null, e.event.code ?? null,
    e.source?.ip ?? null, e.destination?.ip ?? null, e.destination?.port ?? null, e.user?.name ?? null,
    e.host?.name ?? null, e.process?.name ?? null, e.event.count ?? 1, e.log.file.path, e.log.line ?? null,
    e.message ?? null, e.event.original, docOf(e),
  ];
}

/**
 * `doc`: the event as JSON without what the row holds in columns of its own (id, time, message, original,
 * dataset, format, file path, line; `event.kind` is always `event`). `rowToEvent` (events.ts) puts them
 * back. The event is stringified in place with those keys set aside, then restored: copying it into a
 * leaner object costs more than the stringify itself (many shapes → V8's slow copy path).
 */
export function docOf(e: VigilEvent): string {
  const top = e as unknown as Record<string, unknown>;
  const block = e.event as unknown as Record<string, unknown>;
  const { id, message, log, vigil } = e;
  const timestamp = e['@timestamp'];
  const { kind, dataset, original } = e.event;
  top.id = undefined;
  if (timestamp !== undefined) top['@timestamp'] = undefined;
  if (message !== undefined) top.message = undefined;
  top.log = log.offset === undefined ? undefined : { offset: log.offset };
  top.vigil = { time: vigil.time, indicators: vigil.indicators };
  block.kind = undefined;
  block.dataset = undefined;
  block.original = undefined;
  try {
    return JSON.stringify(e);
  } finally {
    e.id = id;
    if (timestamp !== undefined) e['@timestamp'] = timestamp;
    if (message !== undefined) e.message = message;
    e.log = log;
    e.vigil = vigil;
    e.event.kind = kind;
    e.event.dataset = dataset;
    e.event.original = original;
  }
}
