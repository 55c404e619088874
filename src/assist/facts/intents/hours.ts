import { cite } from '../cite.ts';
import { count, iso, plural } from '../names.ts';
import { and, eventIds, rows, type Where } from '../sql.ts';
import type { FactContext, FactDraft } from '../types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * When matching events happened: per hour (per day when they span more than two weeks), the peak, and the
 * hour-of-day profile (UTC), which tells scripted round-the-clock activity from office-hours activity.
 */
export function hourPattern(ctx: FactContext, where: Where, what: string): FactDraft[] {
  const hours = rows<{ hour: number; n: number; events: number }>(
    ctx,
    `SELECT e.ts_ms / ${HOUR} AS hour, sum(e.count) AS n, count(*) AS events FROM events e WHERE ${where.sql} AND e.ts_ms IS NOT NULL GROUP BY hour ORDER BY hour`,
    where.params,
  );
  if (hours.length === 0) return [];
  const daily = hours[hours.length - 1]!.hour - hours[0]!.hour > 14 * 24;
  const buckets = daily ? perDay(hours) : hours.map((r) => ({ start: r.hour * HOUR, n: r.n }));
  const peak = buckets.reduce((best, b) => (b.n > best.n ? b : best));
  const ofDay = new Array<number>(24).fill(0);
  for (const r of hours) ofDay[r.hour % 24]! += r.n;
  const total = ofDay.reduce((a, b) => a + b, 0);
  const busyHours = ofDay.filter((n) => n > 0).length;
  const night = ofDay.slice(0, 6).reduce((a, b) => a + b, 0);
  const unit = daily ? 'day' : 'hour';
  const text =
    `${capital(what)} by ${unit}: active in ${plural(buckets.filter((b) => b.n > 0).length, unit)}; the busiest ${unit} began ${iso(peak.start)} with ${count(peak.n)} ` +
    `(${Math.round((100 * peak.n) / total)} % of all). Hour-of-day profile (UTC): ${plural(busyHours, 'hour')} of 24 active, ${Math.round((100 * night) / total)} % between 00:00 and 06:00.`;
  const peakWhere = and(where, 'e.ts_ms >= ? AND e.ts_ms < ?', [peak.start, peak.start + (daily ? DAY : HOUR)]);
  return [{
    kind: 'time-pattern',
    title: `${capital(what)} over time`,
    text,
    data: { unit, buckets: buckets.map((b) => ({ start: iso(b.start), count: b.n })), hourOfDay: ofDay, peak: { start: iso(peak.start), count: peak.n } },
    entities: [],
    citations: cite(ctx, { events: eventIds(ctx, peakWhere), eventCount: hours.reduce((n, r) => n + r.events, 0) }),
  }];
}

function perDay(rows: readonly { hour: number; n: number }[]): { start: number; n: number }[] {
  const days = new Map<number, number>();
  for (const r of rows) {
    const day = Math.floor((r.hour * HOUR) / DAY) * DAY;
    days.set(day, (days.get(day) ?? 0) + r.n);
  }
  return [...days].map(([start, n]) => ({ start, n }));
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
