import type { TimePart } from '../modifiers/index.ts';

/**
 * The time modifiers' view of a value: epoch milliseconds from an ISO-8601 text (no zone = UTC, never the
 * machine's zone, so results do not depend on where Vigil runs) or from an epoch number (seconds below 1e11,
 * else milliseconds), then one part of that instant in UTC.
 */

const DAY_MS = 86_400_000;

export function epochMs(value: string | number | boolean): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? (Math.abs(value) < 1e11 ? value * 1000 : value) : undefined;
  if (typeof value !== 'string' || value.length < 10 || value.charCodeAt(4) !== 45) return undefined;
  const ms = Date.parse(value.length === 10 || hasZone(value) ? value : `${value.replace(' ', 'T')}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

function hasZone(text: string): boolean {
  const last = text[text.length - 1];
  return last === 'Z' || last === 'z' || text.lastIndexOf('+') > 10 || text.lastIndexOf('-') > 10;
}

export function timePart(ms: number, part: TimePart): number {
  switch (part) {
    case 'minute':
      return mod(Math.floor(ms / 60_000), 60);
    case 'hour':
      return mod(Math.floor(ms / 3_600_000), 24);
    case 'day':
      return civil(Math.floor(ms / DAY_MS)).day;
    case 'month':
      return civil(Math.floor(ms / DAY_MS)).month;
    case 'year':
      return civil(Math.floor(ms / DAY_MS)).year;
    case 'week':
      return isoWeek(Math.floor(ms / DAY_MS));
  }
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}

/** Days since 1970-01-01 → proleptic Gregorian date (H. Hinnant's civil_from_days). */
function civil(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** ISO-8601 week number (1–53): the week of the Thursday of the day's week. */
function isoWeek(days: number): number {
  const weekday = mod(days + 3, 7) + 1;
  const thursday = days - weekday + 4;
  const year = civil(thursday).year;
  return Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1;
}
