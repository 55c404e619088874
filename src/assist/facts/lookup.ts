import type { PlanOptions } from '../plan/index.ts';
import type { Db } from '../../store/index.ts';

/**
 * What the planner may ask of the store: its latest event time and whether a word is a known account or host
 * name. Index lookups only: exact, then upper- and lower-case, then (hosts) a fully qualified name starting
 * with the word and a dot.
 */
export function storePlanOptions(db: Db): PlanOptions & { lookup: NonNullable<PlanOptions['lookup']> } {
  const latest = db.prepare('SELECT max(ts_ms) FROM events').pluck().get() as number | null;
  const exact = {
    user: db.prepare('SELECT user_name FROM events WHERE user_name = ? LIMIT 1').pluck(),
    host: db.prepare('SELECT host_name FROM events WHERE host_name = ? LIMIT 1').pluck(),
  };
  const fqdn = db.prepare('SELECT host_name FROM events WHERE host_name >= ? AND host_name < ? ORDER BY host_name LIMIT 1').pluck();
  const lookup = (kind: 'user' | 'host', value: string): string | undefined => {
    for (const candidate of new Set([value, value.toLowerCase(), value.toUpperCase()])) {
      const found = exact[kind].get(candidate) as string | undefined;
      if (found !== undefined) return found;
    }
    if (kind !== 'host') return undefined;
    for (const candidate of new Set([value, value.toLowerCase(), value.toUpperCase()])) {
      const found = fqdn.get(`${candidate}.`, `${candidate}/`) as string | undefined;
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return { latestEventMs: latest ?? undefined, lookup };
}
