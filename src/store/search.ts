import type { VigilEvent } from '../schema/event.ts';
import type { Db } from './database.ts';
import { eventPage } from './event-page.ts';
import type { EventFilter } from './event-filter.ts';

export interface SearchQuery {
  /** Free text, matched as words (all must occur) against message and original text. */
  text?: string;
  /** Exact field filters, ECS paths (`source.ip=1.2.3.4`, `event.outcome=failure`). */
  fields?: Readonly<Record<string, string>>;
  /** ISO-8601 bounds (inclusive since, exclusive until), in UTC milliseconds. */
  sinceMs?: number;
  untilMs?: number;
  limit?: number;
  order?: 'asc' | 'desc';
}

export interface SearchResult {
  /** Matching events, counted up to COUNT_CAP (event-page.ts); `totalExact` is false when there are more. */
  total: number;
  totalExact: boolean;
  events: VigilEvent[];
}

/**
 * `vigil search`: the first page of the API's event search (event-page.ts), found the same way, its total
 * counted up to COUNT_CAP.
 */
export function searchEvents(db: Db, query: SearchQuery): SearchResult {
  const filter: EventFilter = {};
  if (query.text !== undefined) filter.text = query.text;
  if (query.fields !== undefined) filter.fields = query.fields;
  if (query.sinceMs !== undefined) filter.sinceMs = query.sinceMs;
  if (query.untilMs !== undefined) filter.untilMs = query.untilMs;
  const limit = Math.max(0, Math.min(query.limit ?? 50, 10_000));
  const page = eventPage(db, { filter, order: query.order ?? 'asc', limit, count: true, untimedFirst: true });
  return { total: page.total?.count ?? 0, totalExact: page.total?.exact ?? true, events: page.events };
}
