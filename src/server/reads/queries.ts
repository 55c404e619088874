import { AuditLog } from '../../store/audit.ts';
import { threatDistribution } from '../../store/dashboard.ts';
import type { Db } from '../../store/database.ts';
import { eventPage, type EventPageRequest } from '../../store/event-page.ts';
import type { EventFilter } from '../../store/event-filter.ts';
import { storeStats } from '../../store/stats.ts';
import { timeline } from '../../store/timeline.ts';

/**
 * Reads that may take long on millions of events (full-text over common words, filters on fields without a
 * column, aggregates over the whole store); they run on reader threads, never on the event loop.
 */
export const READ_QUERIES = {
  /** The page with its events already as JSON text: the event loop then only splices it into the answer. */
  eventPage: (db: Db, request: EventPageRequest) => {
    const page = eventPage(db, request);
    return { eventsJson: JSON.stringify(page.events), next: page.next, total: page.total };
  },
  timeline: (db: Db, args: { filter: EventFilter; maxBuckets: number }) => timeline(db, args.filter, args.maxBuckets),
  breakdown: (db: Db, args: { top: number }) => ({ stats: storeStats(db, args.top), threats: threatDistribution(db) }),
  auditVerify: (db: Db) => new AuditLog(db, () => new Date()).verify(),
};

export type ReadQueries = typeof READ_QUERIES;
export type ReadName = keyof ReadQueries;
export type ReadArgs<K extends ReadName> = Parameters<ReadQueries[K]>[1];
export type ReadResult<K extends ReadName> = ReturnType<ReadQueries[K]>;

export function runRead<K extends ReadName>(db: Db, name: K, args: ReadArgs<K>): ReadResult<K> {
  const query = READ_QUERIES[name] as (db: Db, args: ReadArgs<K>) => ReadResult<K>;
  return query(db, args);
}
