/**
 * `entity_activity`: per source IP, account and host, its events counted by action, outcome, dataset and one
 * counterpart (the host for an IP or an account, the account for a host): records, occurrences (sum of
 * `count`), first and last time, and the first rowid. It answers "everything this entity did" in a few
 * rows instead of a scan of its whole history (a busy host has 100,000 events); the assist facts read it when
 * a question is not narrowed by time or by another entity (src/assist/facts/summary.ts).
 *
 * It never goes stale: events are only ever added, and the transaction that adds a batch adds the batch to
 * the summary (`EventWriter.commit`); migration 6 summarises the events stored before it. NULL keys are
 * compared through `ifnull(…, x'')`: an empty blob, which no text value equals.
 */

export const ACTIVITY_KINDS = [
  { column: 'source_ip', other: 'host_name' },
  { column: 'user_name', other: 'host_name' },
  { column: 'host_name', other: 'user_name' },
] as const;

export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

const KEY = "kind, value, ifnull(action, x''), ifnull(outcome, x''), dataset, ifnull(other, x'')";

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
  CREATE UNIQUE INDEX entity_activity_key ON entity_activity (${KEY});`;

/** Adds the events with a rowid above `after` (an SQL expression: `?` or a number) to the summary of one kind. */
export function summariseEventsSql(kind: ActivityKind, after: string): string {
  return `
    INSERT INTO entity_activity (kind, value, action, outcome, dataset, other, events, occurrences, first_ms, last_ms, sample_rowid)
    SELECT '${kind.column}', ${kind.column}, action, outcome, dataset, ${kind.other}, count(*), sum(count), min(ts_ms), max(ts_ms), min(rowid)
    FROM events WHERE rowid > ${after} AND ${kind.column} IS NOT NULL
    GROUP BY ${kind.column}, action, outcome, dataset, ${kind.other}
    ON CONFLICT (${KEY}) DO UPDATE SET
      events = events + excluded.events,
      occurrences = occurrences + excluded.occurrences,
      first_ms = CASE WHEN first_ms IS NULL OR excluded.first_ms < first_ms THEN excluded.first_ms ELSE first_ms END,
      last_ms = CASE WHEN last_ms IS NULL OR excluded.last_ms > last_ms THEN excluded.last_ms ELSE last_ms END,
      sample_rowid = min(sample_rowid, excluded.sample_rowid)`;
}

/** Migration 6: the table, filled from the events already stored. */
export const ACTIVITY_MIGRATION = `${CREATE_ACTIVITY_TABLE}\n${ACTIVITY_KINDS.map((kind) => `${summariseEventsSql(kind, '0')};`).join('\n')}`;
