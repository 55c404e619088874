/**
 * Time helpers. Every event time is an integer count of MICROseconds since the Unix epoch (Zeek
 * needs µs; everything else truncates). All rendering is UTC.
 */

export const SECOND = 1_000_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function two(n: number): string {
  return String(n).padStart(2, '0');
}

function dateOf(us: number): Date {
  return new Date(Math.floor(us / 1000));
}

function hms(d: Date): string {
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

function month(d: Date): string {
  return MONTHS[d.getUTCMonth()] ?? 'Jan';
}

/** RFC 3164 `Mmm d HH:MM:SS`: single-digit days are padded with a space (`Nov  5`). */
export function syslogStamp(us: number): string {
  const d = dateOf(us);
  return `${month(d)} ${String(d.getUTCDate()).padStart(2, ' ')} ${hms(d)}`;
}

/** nginx `$time_local` for a server running in UTC: `20/Nov/2026:13:05:09 +0000`. */
export function nginxStamp(us: number): string {
  const d = dateOf(us);
  return `${two(d.getUTCDate())}/${month(d)}/${d.getUTCFullYear()}:${hms(d)} +0000`;
}

/** ISO-8601 with milliseconds and Z, as `@timestamp` and truth.json use. */
export function isoStamp(us: number): string {
  return dateOf(us).toISOString();
}

/** Sysmon `UtcTime`: `2026-11-20 13:05:09.123`. */
export function sysmonStamp(us: number): string {
  return isoStamp(us).replace('T', ' ').slice(0, 23);
}

/** Zeek `time`: epoch seconds with six decimals. */
export function zeekTime(us: number): string {
  return `${Math.floor(us / SECOND)}.${String(us % SECOND).padStart(6, '0')}`;
}

/** Zeek `interval`: seconds with six decimals. */
export function zeekInterval(us: number): string {
  return zeekTime(Math.max(0, Math.round(us)));
}

/** Zeek `#open` / `#close` stamp: `2026-11-20-00-00-00`. */
export function zeekHeaderStamp(us: number): string {
  return isoStamp(us).slice(0, 19).replace('T', '-').replace(/:/g, '-');
}

/** Hour of day (0–23, UTC) of a time. */
export function hourOf(us: number): number {
  return dateOf(us).getUTCHours();
}
