import type { Db } from './database.ts';

export interface Count {
  value: string;
  count: number;
}

export interface StoreStats {
  events: number;
  /** Sum of `event.count`: occurrences, counting `message repeated N times` as N. */
  occurrences: number;
  timeRange: { first: string | null; last: string | null };
  withoutTime: number;
  byFormat: Count[];
  byDataset: Count[];
  byActionOutcome: { action: string; outcome: string | null; count: number }[];
  topSourceIps: Count[];
  topUsers: Count[];
  topHosts: Count[];
  runs: number;
  files: number;
}

function counts(db: Db, column: string, limit: number): Count[] {
  return db
    .prepare(`SELECT ${column} AS value, count(*) AS count FROM events WHERE ${column} IS NOT NULL GROUP BY ${column} ORDER BY count DESC, value LIMIT ?`)
    .all(limit) as Count[];
}

export function storeStats(db: Db, top = 10): StoreStats {
  const totals = db
    .prepare('SELECT count(*) AS events, coalesce(sum(count), 0) AS occurrences, min(ts) AS first, max(ts) AS last, sum(ts IS NULL) AS untimed FROM events')
    .get() as { events: number; occurrences: number; first: string | null; last: string | null; untimed: number | null };
  const runs = db.prepare('SELECT count(*) AS runs FROM ingest_runs').get() as { runs: number };
  const files = db.prepare('SELECT count(DISTINCT path) AS files FROM ingest_files').get() as { files: number };
  return {
    events: totals.events,
    occurrences: totals.occurrences,
    timeRange: { first: totals.first, last: totals.last },
    withoutTime: totals.untimed ?? 0,
    byFormat: counts(db, 'format', 100),
    byDataset: counts(db, 'dataset', 100),
    byActionOutcome: db
      .prepare(`SELECT action, outcome, count(*) AS count FROM events WHERE action IS NOT NULL GROUP BY action, outcome ORDER BY count DESC, action LIMIT 50`)
      .all() as StoreStats['byActionOutcome'],
    topSourceIps: counts(db, 'source_ip', top),
    topUsers: counts(db, 'user_name', top),
    topHosts: counts(db, 'host_name', top),
    runs: runs.runs,
    files: files.files,
  };
}
