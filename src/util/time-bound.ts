import { VigilError } from './errors.ts';

const DURATION = /^(\d+)([smhdw])$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** ISO-8601 (zone-less = UTC) or a duration back from now (`90m`, `24h`, `7d`). */
export function parseBound(value: string, now: number): number {
  const duration = DURATION.exec(value);
  if (duration !== null) return now - Number(duration[1]) * UNIT_MS[duration[2]!]!;
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new VigilError('E_USAGE', `not a time: ${value} (use ISO-8601 such as 2024-05-01T10:00:00Z, or 24h / 7d)`);
  return ms;
}
