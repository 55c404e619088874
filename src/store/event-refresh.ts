import type { Statement } from 'better-sqlite3';
import { invalidateTemplates } from '../assist/retrieve/index-state.ts';
import { activityKeysOf, markForRecount, type ActivityKey } from './activity.ts';
import type { Db } from './database.ts';
import { ROW, type EventRow } from './rows.ts';
import { searchTextSql } from './search-text.ts';
import { inKeyRange, keySql } from './text-keys.ts';

/**
 * Reading stored logs again with a newer reader (`vigil ingest --refresh`). Event ids hash the source and the
 * record, not what was read from it, so a record a later version reads better (a field now mapped, a time now
 * resolved) has the id of the event stored before, and a plain re-ingest keeps the old reading. With refresh,
 * a stored event whose new reading differs is updated in place: same id and rowid (alerts and case files that
 * cite it still do), its first read's file, line and run kept as provenance, everything read from the record
 * replaced. What is derived from events follows, in the batch's own transaction (so a run killed half-way
 * leaves nothing that disagrees with the events it changed):
 *
 * - full-text index: the old text is copied aside before the row changes (a contentless index can only delete
 *   an entry with the values it was indexed with), then, when the batch commits, deleted in key order and the
 *   new text added in key order, under its new time key or in `events_fts_extra` (text-keys.ts);
 * - entity activity summary: the groups the old and new readings count in are listed (`activity_recount`) and
 *   counted again at the end of the run (`recountActivity`), when the entity indexes exist again after a bulk
 *   load, or at the next read-write open should the run die first;
 * - assist templates: when an event's template text changed, the mapping is marked stale (`invalidateTemplates`)
 *   and the vector index pass after the ingest builds it again over the store;
 * - `dataRevision` moves (cached answers are not reused).
 *
 * Alerts and incidents are not recomputed here: `vigil analyze` does that from the updated events.
 */

/** The columns a new reading replaces; the row's id, file, line and run stay those of its first read. */
const READ_COLUMNS = [
  ['ts', ROW.ts], ['ts_ms', ROW.tsMs], ['format', ROW.format], ['dataset', ROW.dataset], ['category', ROW.category],
  ['action', ROW.action], ['outcome', ROW.outcome], ['code', ROW.code], ['source_ip', ROW.sourceIp],
  ['destination_ip', ROW.destinationIp], ['destination_port', ROW.destinationPort], ['user_name', ROW.userName],
  ['host_name', ROW.hostName], ['process_name', ROW.processName], ['count', ROW.count], ['message', ROW.message],
  ['original', ROW.original], ['doc', ROW.doc],
] as const;

/** What the full-text entry is made of (search-text.ts reads the format to decode; text-keys.ts keys by time). */
const TEXT_PARTS = [ROW.format, ROW.message, ROW.original, ROW.tsMs] as const;

/** What the activity summary counts by (activity.ts). */
const ACTIVITY_PARTS = [ROW.action, ROW.outcome, ROW.dataset, ROW.sourceIp, ROW.userName, ROW.hostName, ROW.count, ROW.tsMs] as const;

/** The template text's parts (templates.ts `rowTemplateSource`). */
const TEMPLATE_PARTS = [ROW.dataset, ROW.action, ROW.outcome, ROW.code, ROW.userName, ROW.hostName, ROW.message, ROW.original] as const;

const REVISION_KEY = 'events_refreshed';

type StoredValues = Record<string, string | number | null> & { rowid: number };

const CREATE_TABLES = `
  CREATE TEMP TABLE IF NOT EXISTS refreshed_text (r INTEGER PRIMARY KEY, key INTEGER NOT NULL, extra INTEGER NOT NULL, message TEXT, original TEXT);
  CREATE TEMP TABLE IF NOT EXISTS refreshed_keys (r INTEGER PRIMARY KEY, key INTEGER NOT NULL, extra INTEGER NOT NULL);`;

/**
 * Where each refreshed event's new text goes: under its key, unless out of the keys' range or the key is held
 * (by an event indexed under it, or by a refreshed event of a lower rowid). Run after the old texts are deleted.
 */
const PLACE_NEW_TEXT = `
  INSERT INTO temp.refreshed_keys (r, key, extra)
    SELECT t.r, ${keySql('e')},
      (NOT ${inKeyRange('e')} OR EXISTS (SELECT 1 FROM events_fts_docsize d WHERE d.id = ${keySql('e')})
        OR row_number() OVER (PARTITION BY ${keySql('e')} ORDER BY t.r) > 1)
    FROM temp.refreshed_text t JOIN events e ON e.rowid = t.r`;

/** The batch's re-indexing, in order: old texts out (in key order), new ones placed and in (in key order). */
const REINDEX = [
  "INSERT INTO events_fts (events_fts, rowid, message, original) SELECT 'delete', key, message, original FROM temp.refreshed_text WHERE NOT extra ORDER BY key",
  "INSERT INTO events_fts_extra (events_fts_extra, rowid, message, original) SELECT 'delete', r, message, original FROM temp.refreshed_text WHERE extra ORDER BY r",
  PLACE_NEW_TEXT,
  `INSERT INTO events_fts_extra (rowid, message, original) SELECT e.rowid, ${searchTextSql('e')} FROM temp.refreshed_keys k JOIN events e ON e.rowid = k.r WHERE k.extra ORDER BY e.rowid`,
  `INSERT INTO events_fts (rowid, message, original) SELECT k.key, ${searchTextSql('e')} FROM temp.refreshed_keys k JOIN events e ON e.rowid = k.r WHERE NOT k.extra ORDER BY k.key`,
  'DELETE FROM temp.refreshed_keys',
  'DELETE FROM temp.refreshed_text',
];

export class EventRefresh {
  /** Stored events this run read differently, and updated (in committed batches). */
  updated = 0;
  private readonly stored: Statement;
  private readonly setAside: Statement;
  private readonly update: Statement;
  private readonly updateDoc: Statement;
  /** Events of the open batch whose full-text entry changes. */
  private textPending = 0;
  private readonly reindex: readonly Statement[];
  private readonly moveRevision: Statement;
  /** The open batch's activity groups to count again, and whether one of its events' template text changed. */
  private readonly groups = new Map<string, ActivityKey>();
  private batchTemplates = false;
  /** Whether this run marked the template mapping stale. */
  templatesChanged = false;
  /** Updates in the open batch. */
  private pending = 0;

  constructor(private readonly db: Db) {
    db.exec(CREATE_TABLES);
    this.stored = db.prepare(`SELECT rowid, ${READ_COLUMNS.map(([column]) => column).join(', ')} FROM events WHERE id = unhex(?)`);
    this.setAside = db.prepare(`
      INSERT OR IGNORE INTO temp.refreshed_text (r, key, extra, message, original)
      SELECT e.rowid, ${keySql('e')}, EXISTS (SELECT 1 FROM events_fts_extra_docsize x WHERE x.id = e.rowid), ${searchTextSql('e')}
      FROM events e WHERE e.rowid = ?`);
    this.update = db.prepare(`UPDATE events SET ${READ_COLUMNS.map(([column]) => `${column} = ?`).join(', ')} WHERE rowid = ?`);
    // A newer reader most often only adds fields: then the row's indexed columns are not rewritten.
    this.updateDoc = db.prepare('UPDATE events SET doc = ? WHERE rowid = ?');
    this.reindex = REINDEX.map((sql) => db.prepare(sql));
    this.moveRevision = db.prepare("INSERT INTO store_state (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1");
  }

  /**
   * Inside the writer's open batch, for a row whose id is stored: updates the stored event when this reading
   * differs from it. True when it did.
   */
  refresh(row: EventRow): boolean {
    const stored = this.stored.get(row[ROW.id]) as StoredValues | undefined;
    if (stored === undefined || READ_COLUMNS.every(([column, at]) => stored[column] === row[at])) return false;
    const old = storedRow(stored);
    const changed = (parts: readonly number[]) => parts.some((at) => old[at] !== row[at]);
    if (changed(TEXT_PARTS)) {
      this.setAside.run(stored.rowid);
      this.textPending++;
    }
    if (READ_COLUMNS.every(([, at]) => at === ROW.doc || old[at] === row[at])) this.updateDoc.run(row[ROW.doc], stored.rowid);
    else this.update.run(...READ_COLUMNS.map(([, at]) => row[at]), stored.rowid);
    if (changed(ACTIVITY_PARTS)) {
      activityKeysOf(old, this.groups);
      activityKeysOf(row, this.groups);
    }
    if (changed(TEMPLATE_PARTS)) this.batchTemplates = true;
    this.pending++;
    return true;
  }

  /**
   * Inside the batch's transaction, before it commits: re-indexes the text of its updated events, lists their
   * activity groups, marks the templates stale if needed and moves the data revision.
   */
  beforeCommit(): void {
    if (this.pending === 0) return;
    if (this.textPending > 0) for (const statement of this.reindex) statement.run();
    markForRecount(this.db, this.groups.values());
    if (this.batchTemplates) invalidateTemplates(this.db);
    this.moveRevision.run(REVISION_KEY);
  }

  /** The batch committed; returns how many stored events it updated. */
  committed(): number {
    const updated = this.pending;
    this.updated += updated;
    if (this.batchTemplates) this.templatesChanged = true;
    this.forgetBatch();
    return updated;
  }

  /** The batch rolled back, and what it wrote with it (temporary tables are transactional too). */
  rollback(): void {
    this.forgetBatch();
  }

  private forgetBatch(): void {
    this.pending = 0;
    this.textPending = 0;
    this.groups.clear();
    this.batchTemplates = false;
  }
}

/** How many times refreshed events were changed in this store (part of `dataRevision`). */
export function refreshRevision(db: Db): string {
  return (db.prepare('SELECT value FROM store_state WHERE key = ?').pluck().get(REVISION_KEY) as string | undefined) ?? '0';
}

/** The stored values as a row (only the read columns are filled in; the rest are not read from it). */
function storedRow(stored: StoredValues): EventRow {
  const row = new Array<unknown>(ROW.doc + 1).fill(null);
  for (const [column, at] of READ_COLUMNS) row[at] = stored[column];
  return row as EventRow;
}
