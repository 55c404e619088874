import type { Statement } from 'better-sqlite3';
import type { VigilEvent } from '../schema/event.ts';
import type { Db } from './database.ts';
import { toRow, type EventRow } from './rows.ts';

/** Writes events in bounded batches: one transaction per batch, FTS rows added for new events only. */
export class EventWriter {
  private readonly insert: Statement;
  private readonly insertFts: Statement;
  private readonly lastRowid: Statement;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(`
      INSERT OR IGNORE INTO events (id, ts, ts_ms, format, dataset, category, action, outcome, code, source_ip,
        destination_ip, destination_port, user_name, host_name, process_name, count, file_path, line, run_id,
        message, original, doc)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // Indexed in one statement per batch: the rows this transaction added are exactly those above `?`.
    // The message is left out where the original holds it verbatim (the rule is explained in rows.ts).
    this.insertFts = db.prepare(`
      INSERT INTO events_fts (rowid, message, original)
      SELECT rowid, CASE WHEN message IS NULL OR instr(original, message) > 0 THEN NULL ELSE message END, original
      FROM events WHERE rowid > ?`);
    this.lastRowid = db.prepare('SELECT coalesce(max(rowid), 0) AS last FROM events').pluck();
  }

  /** Returns how many of the events were new (the rest were already stored: same id). */
  write(events: readonly VigilEvent[], runId: number): number {
    return this.writeRows(events.map(toRow), runId);
  }

  /** The same for rows already flattened (by a parse thread). */
  writeRows(rows: readonly EventRow[], runId: number): number {
    let inserted = 0;
    this.db.transaction(() => {
      const before = this.lastRowid.get() as number;
      for (const r of rows) {
        const result = this.insert.run(
          Buffer.from(r[0], 'hex'), r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13],
          r[14], r[15], r[16], r[17], runId, r[18], r[19], r[20],
        );
        inserted += result.changes;
      }
      if (inserted > 0) this.insertFts.run(before);
    })();
    return inserted;
  }
}

export interface StoredRow {
  doc: string;
  message: string | null;
  original: string;
}

export function rowToEvent(row: StoredRow): VigilEvent {
  const event = JSON.parse(row.doc) as VigilEvent;
  event.event.original = row.original;
  if (row.message !== null) event.message = row.message;
  return event;
}
