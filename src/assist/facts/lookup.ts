import type { PlanOptions } from '../plan/index.ts';
import type { Db } from '../../store/index.ts';
import { latestEventMs, value } from './sql.ts';

/**
 * What the planner may ask of the store: its latest event time and whether a word is a known account or host
 * name. Index lookups only: exact, then upper- and lower-case, then (hosts) a fully qualified name starting
 * with the word and a dot.
 */
export function storePlanOptions(db: Db): PlanOptions & { lookup: NonNullable<PlanOptions['lookup']> } {
  const ctx = { db };
  const exact = {
    user: 'SELECT user_name FROM events WHERE user_name = ? LIMIT 1',
    host: 'SELECT host_name FROM events WHERE host_name = ? LIMIT 1',
  };
  const fqdn = 'SELECT host_name FROM events WHERE host_name >= ? AND host_name < ? ORDER BY host_name LIMIT 1';
  const lookup = (kind: 'user' | 'host', name: string): string | undefined => {
    const spellings = [...new Set([name, name.toLowerCase(), name.toUpperCase()])];
    for (const candidate of spellings) {
      const found = value<string>(ctx, exact[kind], [candidate]);
      if (found !== undefined) return found;
    }
    if (kind !== 'host') return undefined;
    for (const candidate of spellings) {
      const found = value<string>(ctx, fqdn, [`${candidate}.`, `${candidate}/`]);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return { latestEventMs: latestEventMs(ctx), lookup };
}
