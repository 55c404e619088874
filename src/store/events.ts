import type { Statement } from 'better-sqlite3';
import type { VigilEvent } from '../schema/event.ts';
import type { Db } from './database.ts';

/** Writes events in bounded batches: one transaction per batch, FTS rows added for new events only. */
export class EventWriter {
  private readonly insert: Statement;
  private readonly insertFts: Statement;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(`
      INSERT OR IGNORE INTO events (id, ts, ts_ms, format, dataset, category, action, outcome, code, source_ip,
        destination_ip, destination_port, user_name, host_name, process_name, count, file_path, line, run_id,
        message, original, doc)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertFts = db.prepare('INSERT INTO events_fts (rowid, message, original) VALUES (?, ?, ?)');
  }

  /** Returns how many of the events were new (the rest were already stored: same id). */
  write(events: readonly VigilEvent[], runId: number): number {
    let inserted = 0;
    this.db.transaction(() => {
      for (const e of events) {
        const { original } = e.event;
        const doc = JSON.stringify({ ...e, event: { ...e.event, original: undefined }, message: undefined });
        const ts = e['@timestamp'];
        const result = this.insert.run(
          Buffer.from(e.id, 'hex'), ts ?? null, ts === undefined ? null : Date.parse(ts), e.vigil.format, e.event.dataset,
          e.event.category?.join(',') ?? null, e.event.action ?? null, e.event.outcome ?? null, e.event.code ?? null,
          e.source?.ip ?? null, e.destination?.ip ?? null, e.destination?.port ?? null, e.user?.name ?? null,
          e.host?.name ?? null, e.process?.name ?? null, e.event.count ?? 1, e.log.file.path, e.log.line ?? null, runId,
          e.message ?? null, original, doc,
        );
        if (result.changes === 1) {
          inserted++;
          this.insertFts.run(result.lastInsertRowid, ftsMessage(e.message, original), original);
        }
      }
    })();
    return inserted;
  }
}

/**
 * The message is indexed only when the original record does not already hold it verbatim (JSON records
 * escape it); for line formats it is a substring of the line and indexing it twice only costs time.
 * Any future FTS 'delete' must pass the same value, so it goes through this function too.
 */
export function ftsMessage(message: string | undefined, original: string): string | null {
  return message === undefined || original.includes(message) ? null : message;
}

interface EventRow {
  doc: string;
  message: string | null;
  original: string;
}

export function rowToEvent(row: EventRow): VigilEvent {
  const event = JSON.parse(row.doc) as VigilEvent;
  event.event.original = row.original;
  if (row.message !== null) event.message = row.message;
  return event;
}
