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

/** What a row weighs in the bounds of batches and of the parse thread's window: its original and stored JSON. */
export function rowChars(row: EventRow): number {
  return row[ROW.original].length + row[ROW.doc].length;
}

/**
 * Full-text indexing (EventWriter) leaves the message out when the original record holds it verbatim, and
 * reads JSON, CEF, web access and Zeek TSV records with their escapes decoded (search-text.ts). An FTS
 * 'delete' (migrations, event-refresh.ts) applies the same rule, through the same SQL.
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
 * The entity fields the row also keeps in columns (text, or a number for the port): `doc` leaves them out when
 * the column holds them as they are, and `rowToEvent` (events.ts) puts them back. With `related` (derived from
 * these and a few other fields), they were about 45 % of an sshd event's `doc`.
 */
export const COLUMN_LEAVES = [
  ['source', 'ip', 'source_ip'],
  ['destination', 'ip', 'destination_ip'],
  ['destination', 'port', 'destination_port'],
  ['user', 'name', 'user_name'],
  ['host', 'name', 'host_name'],
  ['process', 'name', 'process_name'],
] as const;

/** The same for the `event` block's scalars. */
export const COLUMN_EVENT_KEYS = [
  ['action', 'action'],
  ['outcome', 'outcome'],
  ['code', 'code'],
] as const;

type Loose = Record<string, unknown>;

/** A column gives back exactly this value: a string for the text columns, an integer for the port. */
function storable(value: unknown, leaf: string): boolean {
  return leaf === 'port' ? Number.isSafeInteger(value) : typeof value === 'string';
}

function hasDefined(object: Loose): boolean {
  for (const key in object) if (object[key] !== undefined) return true;
  return false;
}

/**
 * Sets `parent.leaf` aside while the event is stringified (and `parent` itself once nothing else is in it);
 * `restore` puts back what it took. One instance per COLUMN_LEAVES entry, reused event after event.
 */
class LeafAside {
  private object: Loose | undefined;
  private value: unknown;
  private emptied = false;

  constructor(
    private readonly parent: string,
    private readonly leaf: string,
  ) {}

  take(top: Loose): void {
    const object = top[this.parent] as Loose | undefined;
    const value = object?.[this.leaf];
    if (object === undefined || !storable(value, this.leaf)) {
      this.object = undefined;
      return;
    }
    this.object = object;
    this.value = value;
    object[this.leaf] = undefined;
    this.emptied = !hasDefined(object);
    if (this.emptied) top[this.parent] = undefined;
  }

  restore(top: Loose): void {
    const object = this.object;
    if (object === undefined) return;
    if (this.emptied) top[this.parent] = object;
    object[this.leaf] = this.value;
    this.object = undefined;
    this.value = undefined;
  }
}

// Restored in the reverse order: `destination` is emptied by its second leaf, and given back before either.
const LEAVES = COLUMN_LEAVES.map(([parent, leaf]) => new LeafAside(parent, leaf));

/**
 * `doc`: the event as JSON without what the row holds in columns of its own (id, time, message, original,
 * dataset, format, file path, line, the entity fields of COLUMN_LEAVES and COLUMN_EVENT_KEYS; `event.kind` is
 * always `event`) or what is derived from them (`related`). `rowToEvent` (events.ts) puts them back. The event
 * is stringified in place with those keys set aside, then restored: copying it into a leaner object costs more
 * than the stringify itself (many shapes → V8's slow copy path).
 */
export function docOf(e: VigilEvent): string {
  const top = e as unknown as Loose;
  const block = e.event;
  const { id, message, related, log, vigil } = e;
  const timestamp = e['@timestamp'];
  const { kind, dataset, original, action, outcome, code } = block;
  top.id = undefined;
  if (timestamp !== undefined) top['@timestamp'] = undefined;
  if (message !== undefined) top.message = undefined;
  if (related !== undefined) top.related = undefined;
  top.log = log.offset === undefined ? undefined : { offset: log.offset };
  top.vigil = { time: vigil.time, indicators: vigil.indicators };
  const loose = block as unknown as Loose;
  loose.kind = undefined;
  loose.dataset = undefined;
  loose.original = undefined;
  if (typeof action === 'string') block.action = undefined;
  if (typeof outcome === 'string') block.outcome = undefined;
  if (typeof code === 'string') block.code = undefined;
  for (const leaf of LEAVES) leaf.take(top);
  try {
    return JSON.stringify(e);
  } finally {
    for (let at = LEAVES.length - 1; at >= 0; at--) LEAVES[at]!.restore(top);
    e.id = id;
    if (timestamp !== undefined) e['@timestamp'] = timestamp;
    if (message !== undefined) e.message = message;
    if (related !== undefined) e.related = related;
    e.log = log;
    e.vigil = vigil;
    block.kind = kind;
    block.dataset = dataset;
    block.original = original;
    if (typeof action === 'string') block.action = action;
    if (typeof outcome === 'string') block.outcome = outcome;
    if (typeof code === 'string') block.code = code;
  }
}
