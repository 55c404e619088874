import type { VigilEvent } from '../schema/event.ts';
import type { Db } from './database.ts';
import { rowToEvent, storedEventColumns, type StoredRow } from './events.ts';

/**
 * Every stored event in time order (then storage order), events without a time last. Streams row by row:
 * detection reads millions of events this way without holding them.
 */
export function* eventsInTimeOrder(db: Db): Generator<VigilEvent> {
  const timed = db.prepare(`SELECT ${storedEventColumns()} FROM events WHERE ts_ms IS NOT NULL ORDER BY ts_ms, rowid`);
  for (const row of timed.iterate()) yield rowToEvent(row as StoredRow);
  const untimed = db.prepare(`SELECT ${storedEventColumns()} FROM events WHERE ts_ms IS NULL ORDER BY rowid`);
  for (const row of untimed.iterate()) yield rowToEvent(row as StoredRow);
}

/** The stored events with these ids (32 hex digits each), in time order; unknown ids are skipped. */
export function eventsByIds(db: Db, ids: readonly string[]): VigilEvent[] {
  const select = db.prepare(`SELECT ${storedEventColumns()}, ts_ms, rowid FROM events WHERE id = ?`);
  const rows: (StoredRow & { ts_ms: number | null; rowid: number })[] = [];
  for (const id of ids) {
    if (!/^[0-9a-f]{32}$/i.test(id)) continue;
    const row = select.get(Buffer.from(id, 'hex')) as (StoredRow & { ts_ms: number | null; rowid: number }) | undefined;
    if (row !== undefined) rows.push(row);
  }
  rows.sort((a, b) => (a.ts_ms ?? Infinity) - (b.ts_ms ?? Infinity) || a.rowid - b.rowid);
  return rows.map(rowToEvent);
}

export function countEvents(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
}
