import type { Db } from './database.ts';
import { eventFilterSql, type EventFilter } from './event-filter.ts';

/** Event counts per time bucket, with the alerts that started in each bucket by rule level. */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const TIMELINE_INTERVALS: readonly { label: string; ms: number }[] = [
  { label: '1s', ms: SECOND },
  { label: '10s', ms: 10 * SECOND },
  { label: '1m', ms: MINUTE },
  { label: '5m', ms: 5 * MINUTE },
  { label: '15m', ms: 15 * MINUTE },
  { label: '30m', ms: 30 * MINUTE },
  { label: '1h', ms: HOUR },
  { label: '3h', ms: 3 * HOUR },
  { label: '6h', ms: 6 * HOUR },
  { label: '12h', ms: 12 * HOUR },
  { label: '1d', ms: DAY },
  { label: '7d', ms: 7 * DAY },
  { label: '30d', ms: 30 * DAY },
  { label: '365d', ms: 365 * DAY },
];

export const ALERT_LEVELS = ['critical', 'high', 'medium', 'low', 'informational'] as const;
export type AlertLevelCounts = Record<(typeof ALERT_LEVELS)[number], number>;

export interface TimelineBucket {
  start: string;
  events: number;
  alerts: AlertLevelCounts;
}

export interface Timeline {
  interval: { label: string; ms: number };
  since: string | null;
  until: string | null;
  buckets: TimelineBucket[];
}

/** The smallest interval that covers the span in at most `maxBuckets` buckets. */
export function chooseInterval(spanMs: number, maxBuckets: number): { label: string; ms: number } {
  return TIMELINE_INTERVALS.find((i) => Math.ceil(spanMs / i.ms) <= maxBuckets) ?? TIMELINE_INTERVALS[TIMELINE_INTERVALS.length - 1]!;
}

function bounds(db: Db, filter: EventFilter): { since: number; until: number } | undefined {
  const { from, where, params } = eventFilterSql(filter);
  const clause = [...where, 'e.ts_ms IS NOT NULL'].join(' AND ');
  const first = filter.sinceMs ?? (db.prepare(`SELECT min(e.ts_ms) FROM ${from} WHERE ${clause}`).pluck().get(...params) as number | null);
  const last = filter.untilMs ?? ((db.prepare(`SELECT max(e.ts_ms) FROM ${from} WHERE ${clause}`).pluck().get(...params) as number | null) ?? -1) + 1;
  if (first === null || last <= first) return undefined;
  return { since: first, until: last };
}

const emptyLevels = (): AlertLevelCounts => ({ critical: 0, high: 0, medium: 0, low: 0, informational: 0 });

export function timeline(db: Db, filter: EventFilter, maxBuckets = 200): Timeline {
  const range = bounds(db, filter);
  if (range === undefined) return { interval: chooseInterval(0, maxBuckets), since: null, until: null, buckets: [] };
  const interval = chooseInterval(range.until - range.since, maxBuckets);
  const start = Math.floor(range.since / interval.ms) * interval.ms;
  const count = Math.ceil((range.until - start) / interval.ms);
  const buckets: TimelineBucket[] = Array.from({ length: count }, (_, i) => ({ start: new Date(start + i * interval.ms).toISOString(), events: 0, alerts: emptyLevels() }));
  const { from, where, params } = eventFilterSql({ ...filter, sinceMs: range.since, untilMs: range.until });
  const rows = db
    .prepare(`SELECT CAST((e.ts_ms - ?) / ? AS INTEGER) AS b, count(*) AS n FROM ${from} WHERE ${where.join(' AND ')} GROUP BY b`)
    .all(start, interval.ms, ...params) as { b: number; n: number }[];
  for (const row of rows) {
    const bucket = buckets[row.b];
    if (bucket !== undefined) bucket.events = row.n;
  }
  const alerts = db
    .prepare(`SELECT CAST((unixepoch(first_seen, 'subsec') * 1000 - ?) / ? AS INTEGER) AS b, level, count(*) AS n FROM alerts
              WHERE first_seen IS NOT NULL AND unixepoch(first_seen, 'subsec') * 1000 >= ? AND unixepoch(first_seen, 'subsec') * 1000 < ? GROUP BY b, level`)
    .all(start, interval.ms, range.since, range.until) as { b: number; level: string; n: number }[];
  for (const row of alerts) {
    const bucket = buckets[row.b];
    if (bucket !== undefined && row.level in bucket.alerts) bucket.alerts[row.level as keyof AlertLevelCounts] += row.n;
  }
  return { interval, since: new Date(range.since).toISOString(), until: new Date(range.until).toISOString(), buckets };
}
