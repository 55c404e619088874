import { availableParallelism } from 'node:os';
import { errorCode } from '../util/errors.ts';
import { currentOwner, ownerAlive, type ProcessOwner } from '../util/process-owner.ts';
import type { Db } from './database.ts';

/**
 * The secondary indexes of `events` (time, source IP, user, host, action, dataset, failures). A bulk ingest drops
 * them (and the template mapping's, DEFERRED_INDEXES) and builds them again at its end: one sort per index instead of millions of inserts at random
 * places, which is what made big ingests slow down as the store outgrew its page cache. A marker row in
 * `store_state` says that the indexes are deferred and by which process; should that process die, the
 * next read-write open builds them again (`repairIndexes`).
 */

/**
 * The source IP, user and host indexes hold what an entity's activity is counted by (action, outcome, dataset,
 * time, count) and the other two entities, and `events_failure` every failed outcome with its who and where:
 * the assist facts (src/assist/facts) aggregate over all matching events from these alone, without reading
 * event rows (a row read costs ~10-20 µs on a large store, an index entry well under 1 µs). Action and outcome
 * come right after the entity so that an entity's logins are an index range and its activity by action,
 * outcome and dataset is grouped in index order, without a sort.
 */
export const EVENT_INDEXES: readonly { name: string; on: string }[] = [
  { name: 'events_ts', on: 'events(ts_ms)' },
  { name: 'events_source_ip', on: 'events(source_ip, action, outcome, dataset, ts_ms, count, user_name, host_name)' },
  { name: 'events_user', on: 'events(user_name, action, outcome, dataset, ts_ms, count, source_ip, host_name)' },
  { name: 'events_host', on: 'events(host_name, action, outcome, dataset, ts_ms, count, source_ip, user_name)' },
  { name: 'events_action', on: 'events(action, outcome)' },
  { name: 'events_dataset', on: 'events(dataset)' },
  { name: 'events_failure', on: "events(action, dataset, source_ip, destination_port, user_name, host_name, ts_ms, count) WHERE outcome = 'failure'" },
];

/**
 * What a bulk load drops and builds again: the events' indexes, and the template mapping's index by template
 * (migration 5), which costs more per insert than the mapping row itself (its small keys land at as many
 * places as there are templates).
 */
export const DEFERRED_INDEXES: readonly { name: string; on: string }[] = [
  ...EVENT_INDEXES,
  { name: 'event_templates_template', on: 'event_templates(template_id, event_rowid)' },
];

export const CREATE_EVENT_INDEXES = EVENT_INDEXES.map((index) => `CREATE INDEX IF NOT EXISTS ${index.name} ON ${index.on};`).join('\n');

const MARKER = 'deferred_indexes';

interface Owner extends ProcessOwner {
  since: string;
}

export function deferredBy(db: Db): Owner | undefined {
  const value = db.prepare('SELECT value FROM store_state WHERE key = ?').pluck().get(MARKER) as string | undefined;
  return value === undefined ? undefined : (JSON.parse(value) as Owner);
}

/** Drops the secondary indexes until `restoreIndexes`; the caller must not be inside a transaction. */
export function deferIndexes(db: Db, now: Date = new Date()): void {
  const owner: Owner = { ...currentOwner(), since: now.toISOString() };
  db.transaction(() => {
    db.prepare('INSERT OR REPLACE INTO store_state (key, value) VALUES (?, ?)').run(MARKER, JSON.stringify(owner));
    for (const index of DEFERRED_INDEXES) db.exec(`DROP INDEX IF EXISTS ${index.name}`);
  }).immediate();
}

/**
 * How the indexes are sorted: with two helper threads where there are two CPUs, each sorting runs of at most
 * 8 MiB (SQLite sizes its sort runs by the page cache). Measured on a 4.7 M-event store (5.4 GB, 2-core
 * machine): 55–59 s with the store's own settings (no helper, 32 MiB), 32–37 s with these, and less memory
 * (peak RSS 148 → 116–120 MB); larger runs were slower.
 */
const SORT_THREADS = 2;
const SORT_CACHE_KIB = 8 * 1024;

/**
 * Builds the missing secondary indexes, one transaction each (the WAL then holds one index at a time, not
 * all eight), and clears the marker last: if this is interrupted, the next open builds the rest.
 */
export function restoreIndexes(db: Db): void {
  const saved = ['temp_store', 'threads', 'cache_size'].map((name) => [name, db.pragma(name, { simple: true }) as number] as const);
  // The sort of a large index spills to a temporary file, not to memory (the store runs with temp_store=MEMORY).
  db.pragma('temp_store = FILE');
  db.pragma(`threads = ${String(availableParallelism() >= 2 ? SORT_THREADS : 0)}`);
  db.pragma(`cache_size = -${String(SORT_CACHE_KIB)}`);
  try {
    for (const index of DEFERRED_INDEXES) db.exec(`CREATE INDEX IF NOT EXISTS ${index.name} ON ${index.on}`);
    db.prepare('DELETE FROM store_state WHERE key = ?').run(MARKER);
  } finally {
    for (const [name, value] of saved) db.pragma(`${name} = ${String(value)}`);
  }
}

/**
 * After a bulk ingest that died before its end: builds the indexes again. True when it did. On a full disk the
 * store still opens, without the indexes not built yet (reads are slower, not wrong); the marker stays, so a
 * later open builds them once there is room.
 */
export function repairIndexes(db: Db): boolean {
  const owner = deferredBy(db);
  if (owner === undefined || ownerAlive(owner)) return false;
  try {
    restoreIndexes(db);
  } catch (error) {
    if (errorCode(error) === 'SQLITE_FULL') return false;
    throw error;
  }
  return true;
}
