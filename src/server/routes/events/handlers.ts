import type { z } from 'zod';
import type { EventDetailSchema, EventFilterQuerySchema, EventsPageSchema, EventsQuerySchema } from '../../../schema/api/events.ts';
import { eventsByIds } from '../../../store/index.ts';
import type { EventFilter } from '../../../store/event-filter.ts';
import { incidentsCiting } from '../../../store/incident-list.ts';
import { parseBound } from '../../../util/time-bound.ts';
import { ApiError, notFound } from '../../errors.ts';
import { decodeCursor, encodeCursor } from '../../presenters/cursor.ts';
import type { RouteContext } from '../../route.ts';

type FilterQuery = z.output<typeof EventFilterQuerySchema>;

function fieldsOf(pairs: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ApiError('E_VALIDATION', `filter: expected key=value, got ${JSON.stringify(pair.slice(0, 100))}`);
    fields[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return fields;
}

/** The query string's filter as the store's: times resolved against the server clock. */
export function eventFilter(query: FilterQuery, now: Date): EventFilter {
  const filter: EventFilter = {};
  if (query.q !== undefined && query.q.trim() !== '') filter.text = query.q;
  if (query.filter !== undefined) filter.fields = fieldsOf(query.filter);
  if (query.since !== undefined) filter.sinceMs = parseBound(query.since, now.getTime());
  if (query.until !== undefined) filter.untilMs = parseBound(query.until, now.getTime());
  return filter;
}

export async function listEvents({ query, vigil }: RouteContext<z.output<typeof EventsQuerySchema>, unknown, unknown>): Promise<z.input<typeof EventsPageSchema>> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, query.order);
  const count = query.count ?? after === undefined;
  const page = await vigil.readers.run('eventPage', { filter: eventFilter(query, vigil.clock()), order: query.order, limit: query.limit, after, count });
  return {
    events: page.events,
    next: page.next === null ? null : encodeCursor(page.next, query.order),
    total: page.total?.count ?? null,
    totalExact: page.total?.exact ?? null,
  };
}

export function eventDetail({ params, vigil }: RouteContext<unknown, unknown, { id: string }>): z.input<typeof EventDetailSchema> {
  const event = eventsByIds(vigil.reads.db, [params.id])[0];
  if (event === undefined) throw notFound(`event ${params.id}`);
  return { event, incidents: incidentsCiting(vigil.reads.db, event.id) };
}
