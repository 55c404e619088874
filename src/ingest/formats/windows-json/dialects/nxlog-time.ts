/**
 * NXLog writes `EventTime` and `EventReceivedTime` in the collector's local time without a zone, while a
 * shipper's `@timestamp` is the receipt time in UTC. The gap between the two receipt stamps is the zone
 * offset (rounded to 15 minutes); applying it to `EventTime` gives the true instant instead of a guess.
 */

const ZONELESS = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?$/;
const ZONED = /(?:Z|[+-]\d{2}:?\d{2})$/;
const QUARTER_HOUR = 15 * 60_000;

function wallMillis(text: string): number | undefined {
  const m = ZONELESS.exec(text);
  if (m === null) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** `EventTime` with the zone offset learned from the record's receipt stamps, or undefined when unknowable. */
export function zonedEventTime(eventTime: unknown, received: unknown, timestamp: unknown): string | undefined {
  if (typeof eventTime !== 'string' || typeof received !== 'string' || typeof timestamp !== 'string') return undefined;
  if (!ZONED.test(timestamp)) return undefined;
  const wall = wallMillis(received.trim());
  const utc = Date.parse(timestamp);
  const m = ZONELESS.exec(eventTime.trim());
  if (wall === undefined || Number.isNaN(utc) || m === null) return undefined;
  const offsetMinutes = (Math.round((wall - utc) / QUARTER_HOUR) * QUARTER_HOUR) / 60_000;
  if (Math.abs(offsetMinutes) > 14 * 60) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}${formatOffset(offsetMinutes)}`;
}
