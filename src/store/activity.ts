import type { Statement } from 'better-sqlite3';
import type { BatchObserver } from './batch-observer.ts';
import type { Db } from './database.ts';
import { ROW, type EventRow } from './rows.ts';

/**
 * `entity_activity`: per source IP, account and host, its events counted by action, outcome, dataset and one
 * counterpart (the host for an IP or an account, the account for a host): records, occurrences (sum of
 * `count`), first and last time, and the first rowid. It answers "everything this entity did" in a few
 * rows instead of a scan of its whole history (a busy host has 100,000 events); the assist facts read it when
 * a question is not narrowed by time or by another entity (src/assist/facts/summary.ts).
 *
 * It never goes stale: the transaction that adds a batch of events adds the batch to the summary
 * (`ActivityBatch`, counted in memory as the rows are written); migration 6 summarises the events stored before
 * it; an ingest with `refresh` that changed stored events lists the groups they left and joined
 * (`activity_recount`, in the same transaction) and counts them again at its end (`recountActivity`; at the next
 * read-write open if it died first). NULL keys are compared through `ifnull(…, x'')`: an empty blob, which no text value equals.
 */

export const ACTIVITY_KINDS = [
  { column: 'source_ip', other: 'host_name', at: ROW.sourceIp, otherAt: ROW.hostName },
  { column: 'user_name', other: 'host_name', at: ROW.userName, otherAt: ROW.hostName },
  { column: 'host_name', other: 'user_name', at: ROW.hostName, otherAt: ROW.userName },
] as const;

export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

const KEY_SQL = "kind, value, ifnull(action, x''), ifnull(outcome, x''), dataset, ifnull(other, x'')";

export const CREATE_ACTIVITY_TABLE = `
  CREATE TABLE entity_activity (
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    action TEXT,
    outcome TEXT,
    dataset TEXT NOT NULL,
    other TEXT,
    events INTEGER NOT NULL,
    occurrences INTEGER NOT NULL,
    first_ms INTEGER,
    last_ms INTEGER,
    sample_rowid INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX entity_activity_key ON entity_activity (${KEY_SQL});`;

/** Adds the groups of one kind of the events `where` selects to the summary, counted from those events. */
function summariseSql(kind: ActivityKind, where: string): string {
  return `
    INSERT INTO entity_activity (kind, value, action, outcome, dataset, other, events, occurrences, first_ms, last_ms, sample_rowid)
    SELECT '${kind.column}', ${kind.column}, action, outcome, dataset, ${kind.other}, count(*), sum(count), min(ts_ms), max(ts_ms), min(rowid)
    FROM events WHERE ${where}
    GROUP BY ${kind.column}, action, outcome, dataset, ${kind.other}`;
}

/** Adds the events with a rowid above `after` to the summary of one kind (the migration, and the tests' oracle). */
export function summariseEventsSql(kind: ActivityKind, after: string): string {
  return `${summariseSql(kind, `rowid > ${after} AND ${kind.column} IS NOT NULL`)}
    ${MERGE}`;
}

/** How a group of new events joins its row of the summary. */
const MERGE = `
    ON CONFLICT (${KEY_SQL}) DO UPDATE SET
      events = events + excluded.events,
      occurrences = occurrences + excluded.occurrences,
      first_ms = CASE WHEN first_ms IS NULL OR excluded.first_ms < first_ms THEN excluded.first_ms ELSE first_ms END,
      last_ms = CASE WHEN last_ms IS NULL OR excluded.last_ms > last_ms THEN excluded.last_ms ELSE last_ms END,
      sample_rowid = min(sample_rowid, excluded.sample_rowid)`;

/** Migration 6: the table, filled from the events already stored. */
export const ACTIVITY_MIGRATION = `${CREATE_ACTIVITY_TABLE}\n${ACTIVITY_KINDS.map((kind) => `${summariseEventsSql(kind, '0')};`).join('\n')}`;

/** A key part that no other value's part equals: its length before it, `-` for a missing value. */
const part = (value: string | null): string => (value === null ? '-' : `${String(value.length)}:${value}`);

/** The parts of a group's key that a row's groups share (`groupKey`). */
const sharedParts = (action: string | null, outcome: string | null, dataset: string): string => `${part(action)}${part(outcome)}${part(dataset)}`;

/** A text that names one group of the summary and no other. */
const groupKey = (kind: ActivityKind, value: string, shared: string, other: string | null): string => `${kind.column}${part(value)}${shared}${part(other)}`;

/** One group of the summary: an entity of one kind, with its action, outcome, dataset and counterpart. */
export interface ActivityKey {
  kind: ActivityKind;
  value: string;
  action: string | null;
  outcome: string | null;
  dataset: string;
  other: string | null;
}

/** The groups a row counts in (one per entity it names), keyed by a text no other group's equals. */
export function activityKeysOf(row: EventRow, into: Map<string, ActivityKey>): void {
  const action = row[ROW.action];
  const outcome = row[ROW.outcome];
  const dataset = row[ROW.dataset];
  const shared = sharedParts(action, outcome, dataset);
  for (const kind of ACTIVITY_KINDS) {
    const value = row[kind.at];
    if (value === null) continue;
    const other = row[kind.otherAt];
    into.set(groupKey(kind, value, shared, other), { kind, value, action, outcome, dataset, other });
  }
}

/**
 * Groups whose events changed in place (`ingest --refresh`), to be counted again: written in the transaction that
 * changed the events, so a run killed before it counted them leaves them listed for the next open.
 */
export const CREATE_ACTIVITY_RECOUNT_TABLE = `
  CREATE TABLE activity_recount (kind TEXT NOT NULL, value TEXT NOT NULL, action TEXT, outcome TEXT, dataset TEXT NOT NULL, other TEXT);
  CREATE UNIQUE INDEX activity_recount_key ON activity_recount (${KEY_SQL});`;

/** Lists groups to count again (inside the transaction that changed their events). */
export function markForRecount(db: Db, keys: Iterable<ActivityKey>): void {
  const mark = db.prepare('INSERT OR IGNORE INTO activity_recount (kind, value, action, outcome, dataset, other) VALUES (?, ?, ?, ?, ?, ?)');
  for (const key of keys) mark.run(key.kind.column, key.value, key.action, key.outcome, key.dataset, key.other);
}

/**
 * Counts the listed groups again from the events, in one transaction: each group's row is replaced by its
 * events' count, or removed when none is left, and the group leaves the list. Each group is one range of its
 * entity's index (indexes.ts): the caller makes sure the indexes exist (not deferred by a bulk load).
 * Returns how many groups it counted.
 */
export function recountActivity(db: Db): number {
  if (db.prepare('SELECT 1 FROM activity_recount LIMIT 1').get() === undefined) return 0;
  const remove = db.prepare(`DELETE FROM entity_activity WHERE kind = ? AND value = ? AND ifnull(action, x'') = ifnull(?, x'')
    AND ifnull(outcome, x'') = ifnull(?, x'') AND dataset = ? AND ifnull(other, x'') = ifnull(?, x'')`);
  const count = new Map(ACTIVITY_KINDS.map((kind) => [
    kind.column as string,
    db.prepare(summariseSql(kind, `${kind.column} = ? AND action IS ? AND outcome IS ? AND dataset = ? AND ${kind.other} IS ?`)),
  ]));
  type Listed = { kind: string; value: string; action: string | null; outcome: string | null; dataset: string; other: string | null };
  return db.transaction(() => {
    const listed = db.prepare('SELECT kind, value, action, outcome, dataset, other FROM activity_recount').all() as Listed[];
    for (const key of listed) {
      remove.run(key.kind, key.value, key.action, key.outcome, key.dataset, key.other);
      count.get(key.kind)?.run(key.value, key.action, key.outcome, key.dataset, key.other);
    }
    db.exec('DELETE FROM activity_recount');
    return listed.length;
  }).immediate();
}

/** What the summary holds for a group of an entity's events (the assist facts read it as such). */
export interface ActivityCounts {
  dataset: string;
  other: string | null;
  events: number;
  occurrences: number;
  first: number | null;
  last: number | null;
  sampleRowid: number;
}

interface Group extends ActivityCounts {
  kind: string;
  value: string;
  action: string | null;
  outcome: string | null;
}

/**
 * Counts a batch's new events into the summary as they are written, and merges the counts in when the batch
 * commits: one upsert per (entity, action, outcome, dataset, counterpart) of the batch, where summing the batch
 * in SQL read every row back three times.
 */
export class ActivityBatch implements BatchObserver {
  private readonly groups = new Map<string, Group>();
  private readonly upsert: Statement;

  constructor(db: Db) {
    this.upsert = db.prepare(`
      INSERT INTO entity_activity (kind, value, action, outcome, dataset, other, events, occurrences, first_ms, last_ms, sample_rowid)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ${MERGE}`);
  }

  begin(): void {
    this.groups.clear();
  }

  added(rowid: number, row: EventRow): void {
    const action = row[ROW.action];
    const outcome = row[ROW.outcome];
    const dataset = row[ROW.dataset];
    const time = row[ROW.tsMs];
    const count = row[ROW.count];
    const shared = sharedParts(action, outcome, dataset);
    for (const kind of ACTIVITY_KINDS) {
      const value = row[kind.at];
      if (value === null) continue;
      const other = row[kind.otherAt];
      const key = groupKey(kind, value, shared, other);
      const group = this.groups.get(key);
      if (group === undefined) {
        this.groups.set(key, { kind: kind.column, value, action, outcome, dataset, other, events: 1, occurrences: count, first: time, last: time, sampleRowid: rowid });
        continue;
      }
      group.events++;
      group.occurrences += count;
      if (time !== null) {
        if (group.first === null || time < group.first) group.first = time;
        if (group.last === null || time > group.last) group.last = time;
      }
    }
  }

  commit(): void {
    for (const g of this.groups.values()) {
      this.upsert.run(g.kind, g.value, g.action, g.outcome, g.dataset, g.other, g.events, g.occurrences, g.first, g.last, g.sampleRowid);
    }
    this.groups.clear();
  }

  rollback(): void {
    this.groups.clear();
  }
}
