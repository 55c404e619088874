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

/**
 * Full-text indexing (EventWriter) leaves the message out when the original record holds it verbatim:
 * for line formats it is a substring of the line, and indexing it twice only costs time. JSON records
 * escape their message, so there it is indexed. A future FTS 'delete' must apply the same rule.
 */

export function toRow(e: VigilEvent): EventRow {
  const original = e.event.original;
  // `doc` holds the whole event but the two long texts, which have their own columns.
  const doc = JSON.stringify({ ...e, event: { ...e.event, original: undefined }, message: undefined });
  const ts = e['@timestamp'];
  return [
    e.id, ts ?? null, ts === undefined ? null : Date.parse(ts), e.vigil.format, e.event.dataset,
    e.event.category?.join(',') ?? null, e.event.action ?? null, e.event.outcome ?? null, e.event.code ?? null,
    e.source?.ip ?? null, e.destination?.ip ?? null, e.destination?.port ?? null, e.user?.name ?? null,
    e.host?.name ?? null, e.process?.name ?? null, e.event.count ?? 1, e.log.file.path, e.log.line ?? null,
    e.message ?? null, original, doc,
  ];
}
