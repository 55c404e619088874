import type { Statement } from 'better-sqlite3';
import type { VigilEvent } from '../schema/event.ts';
import type { Db } from './database.ts';
import { ActivityBatch } from './activity.ts';
import { EventRefresh } from './event-refresh.ts';
import type { BatchObserver } from './batch-observer.ts';
import { COLUMN_EVENT_KEYS, COLUMN_LEAVES, toRow, type EventRow } from './rows.ts';
import { relatedOf } from '../schema/related.ts';
import { INSERT_EXTRA_TEXT, insertMainTextSql, keyRanges } from './text-keys.ts';
import { VigilError, errorCode, errorMessage } from '../util/errors.ts';

/**
 * A write the store refused (disk full, I/O error, locked past the busy timeout): SQLite has rolled the open
 * transaction back, or the writer did. Not a problem of the input being read.
 */
export function storeWriteError(error: unknown): VigilError {
  if (error instanceof VigilError) return error;
  const code = errorCode(error);
  return new VigilError('E_STORE', `cannot write to the store: ${errorMessage(error)}${code === undefined ? '' : ` (${code})`}`, { cause: error });
}

/**
 * Writes events in bounded batches, one transaction each, FTS rows added for new events only. A batch is
 * written as its rows arrive (`begin`, `add`…, `commit`), so a large batch is never held in memory. The
 * entity activity summary, and whatever else observes the writer (`observe`), follow each new row. A row
 * already stored is left as it is, unless the writer is `refreshing` (event-refresh.ts).
 */
export class EventWriter {
  private readonly insert: Statement;
  private readonly insertExtraText: Statement;
  private readonly insertMainText: Statement;
  private readonly insertMainTextSkippingExtra: Statement;
  private readonly observers: BatchObserver[];
  private readonly lastRowid: Statement;
  private open: { before: number; inserted: number } | undefined;
  private refresher: EventRefresh | undefined;

  constructor(private readonly db: Db) {
    // The id is bound as its hex text and stored as a 16-byte BLOB by `unhex`: a Buffer per row cost ~1 µs
    // (allocation and GC), a sixth of the insert without full-text indexing.
    this.insert = db.prepare(`
      INSERT OR IGNORE INTO events (id, ts, ts_ms, format, dataset, category, action, outcome, code, source_ip,
        destination_ip, destination_port, user_name, host_name, process_name, count, file_path, line, run_id,
        message, original, doc)
      VALUES (unhex(?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // Indexed in a few statements per batch (text-keys.ts): the rows this transaction added are exactly
    // those above the highest rowid before it.
    this.insertExtraText = db.prepare(INSERT_EXTRA_TEXT);
    this.insertMainText = db.prepare(insertMainTextSql(false));
    this.insertMainTextSkippingExtra = db.prepare(insertMainTextSql(true));
    this.observers = [new ActivityBatch(db)];
    this.lastRowid = db.prepare('SELECT coalesce(max(rowid), 0) AS last FROM events').pluck();
  }

  /** Adds an observer of the batches written from now on; the returned function removes it. */
  observe(observer: BatchObserver): () => void {
    if (this.open !== undefined) throw new Error('EventWriter: observers change between batches');
    this.observers.push(observer);
    return () => {
      if (this.open !== undefined) throw new Error('EventWriter: observers change between batches');
      const at = this.observers.indexOf(observer);
      if (at >= 0) this.observers.splice(at, 1);
    };
  }

  /**
   * From now on, a row whose id is stored updates the stored event when it reads differently (event-refresh.ts),
   * until `stopRefreshing`. Returns the refresh, which counts the updates and finishes the run's derived data.
   */
  refreshing(): EventRefresh {
    if (this.open !== undefined) throw new Error('EventWriter: refreshing changes between batches');
    this.refresher ??= new EventRefresh(this.db);
    return this.refresher;
  }

  stopRefreshing(): void {
    if (this.open !== undefined) throw new Error('EventWriter: refreshing changes between batches');
    this.refresher = undefined;
  }

  /** Stored events updated by a refresh so far (see `refreshing`). */
  get refreshed(): number {
    return this.refresher?.updated ?? 0;
  }

  /** Returns how many of the events were new (the rest were already stored: same id). */
  write(events: readonly VigilEvent[], runId: number): number {
    return this.writeRows(events.map(toRow), runId);
  }

  /** The same for rows already flattened (by a parse thread). */
  writeRows(rows: readonly EventRow[], runId: number): number {
    this.begin();
    try {
      for (const row of rows) this.add(row, runId);
    } catch (error) {
      this.rollback();
      throw error;
    }
    return this.commit();
  }

  /** Starts a batch: a transaction that stays open until `commit` (or `rollback`). */
  begin(): void {
    if (this.open !== undefined) throw new Error('EventWriter: a batch is already open');
    // IMMEDIATE: the write lock is taken (waiting out other writers) before the batch reads anything; a deferred
    // transaction that read first cannot write once another connection (the server's audit, tokens) committed.
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      throw storeWriteError(error);
    }
    const before = this.lastRowid.get() as number;
    this.open = { before, inserted: 0 };
    try {
      for (const observer of this.observers) observer.begin(before);
    } catch (error) {
      this.rollback();
      throw error;
    }
  }

  /** Inserts one row into the open batch; false when an event with the same id is already stored. */
  add(r: EventRow, runId: number): boolean {
    const batch = this.open;
    if (batch === undefined) throw new Error('EventWriter: no open batch');
    try {
      const { changes, lastInsertRowid } = this.insert.run(
        r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13],
        r[14], r[15], r[16], r[17], runId, r[18], r[19], r[20],
      );
      if (changes === 0) {
        this.refresher?.refresh(r);
        return false;
      }
      batch.inserted++;
      for (const observer of this.observers) observer.added(Number(lastInsertRowid), r);
      return true;
    } catch (error) {
      // SQLite may have rolled the transaction back already (SQLITE_FULL does): the batch is gone either way.
      this.rollback();
      throw storeWriteError(error);
    }
  }

  /**
   * Indexes the batch's new rows for full-text search, lets the observers write what they derived (the entity
   * activity summary, activity.ts) and commits; returns how many rows were new.
   */
  commit(): number {
    const batch = this.open;
    if (batch === undefined) return 0;
    try {
      const last = this.lastRowid.get() as number;
      if (last > batch.before) {
        for (const [from, to] of keyRanges(batch.before, last)) {
          const extra = this.insertExtraText.run(from, to).changes;
          (extra > 0 ? this.insertMainTextSkippingExtra : this.insertMainText).run(from, to);
        }
      }
      for (const observer of this.observers) observer.commit(last);
      // After the observers: the template mapping's observer writes its state, which a refresh may mark stale.
      this.refresher?.beforeCommit();
      this.db.exec('COMMIT');
    } catch (error) {
      this.rollback();
      throw storeWriteError(error);
    }
    this.refresher?.committed();
    this.open = undefined;
    return batch.inserted;
  }

  rollback(): void {
    this.open = undefined;
    this.refresher?.rollback();
    for (const observer of this.observers) observer.rollback();
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }

  get inBatch(): boolean {
    return this.open !== undefined;
  }
}

/** The columns `rowToEvent` reads, for a `SELECT` (with a table alias, e.g. `e`, when given). */
export function storedEventColumns(alias?: string): string {
  const p = alias === undefined ? '' : `${alias}.`;
  return STORED_COLUMNS.map((c) => `${p}${c}`).join(', ');
}

const STORED_COLUMNS = [
  'id', 'ts', 'format', 'dataset', 'file_path', 'line', 'message', 'original', 'doc',
  ...COLUMN_EVENT_KEYS.map(([, column]) => column),
  ...COLUMN_LEAVES.map(([, , column]) => column),
];

export interface StoredRow {
  id: Buffer;
  ts: string | null;
  format: string;
  dataset: string;
  file_path: string;
  line: number | null;
  message: string | null;
  original: string;
  doc: string;
  action: string | null;
  outcome: string | null;
  code: string | null;
  source_ip: string | null;
  destination_ip: string | null;
  destination_port: number | null;
  user_name: string | null;
  host_name: string | null;
  process_name: string | null;
}

type Loose = Record<string, unknown>;

/**
 * The stored event: `doc` plus what the row keeps in columns (see `docOf` in rows.ts), and `related` derived
 * again. Rows written before `doc` left the entity fields out still hold them there: a value in `doc` is kept.
 */
export function rowToEvent(row: StoredRow): VigilEvent {
  const stored = JSON.parse(row.doc) as Loose & { event?: Loose; log?: { offset?: number }; vigil: Omit<VigilEvent['vigil'], 'format'> };
  const event = { id: row.id.toString('hex') } as VigilEvent;
  const top = event as unknown as Loose;
  if (row.ts !== null) event['@timestamp'] = row.ts;
  if (row.message !== null) event.message = row.message;
  const block: Loose = Object.assign({ kind: 'event' }, stored.event);
  for (const [key, column] of COLUMN_EVENT_KEYS) {
    const value = row[column];
    if (value !== null && block[key] === undefined) block[key] = value;
  }
  block.dataset = row.dataset;
  block.original = row.original;
  top.event = block;
  // The event block, then the entities, whether `doc` or the columns hold them; then the rest of `doc`.
  for (const [parent, leaf, column] of COLUMN_LEAVES) {
    const value = row[column];
    let object = stored[parent] as Loose | undefined;
    if (value !== null && object?.[leaf] === undefined) {
      object ??= stored[parent] = {};
      object[leaf] = value;
    }
    if (object !== undefined) top[parent] = object;
  }
  for (const key in stored) if (key !== 'event') top[key] = stored[key];
  const log: VigilEvent['log'] = { file: { path: row.file_path } };
  if (row.line !== null) log.line = row.line;
  if (stored.log?.offset !== undefined) log.offset = stored.log.offset;
  event.log = log;
  event.vigil = { format: row.format, time: stored.vigil.time, indicators: stored.vigil.indicators };
  if (stored.related === undefined) {
    const related = relatedOf(event);
    if (related !== undefined) event.related = related;
  }
  return event;
}
