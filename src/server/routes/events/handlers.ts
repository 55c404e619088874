import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { EventDetailSchema, EventFilterQuerySchema, EventsPageSchema, EventsQuerySchema } from '../../../schema/api/events.ts';
import { eventsByIds } from '../../../store/index.ts';
import { isHeavyFilter, type EventFilter } from '../../../store/event-filter.ts';
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

/** EventsPageSchema as text: the events arrive serialised from the reader thread. */
export async function listEvents({ query, vigil, reply }: RouteContext<z.output<typeof EventsQuerySchema>, unknown, unknown>): Promise<FastifyReply> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, query.order);
  const count = query.count ?? after === undefined;
  const filter = eventFilter(query, vigil.clock());
  const readers = isHeavyFilter(filter, vigil.reads.db) ? vigil.readers.heavy : vigil.readers.fast;
  const page = await readers.run('eventPage', { filter, order: query.order, limit: query.limit, after, count });
  const rest: Omit<z.input<typeof EventsPageSchema>, 'events'> = {
    next: page.next === null ? null : encodeCursor(page.next, query.order),
    total: page.total?.count ?? null,
    totalExact: page.total?.exact ?? null,
  };
  return reply.type('application/json; charset=utf-8').send(`{"events":${page.eventsJson},${JSON.stringify(rest).slice(1)}`);
}

export function eventDetail({ params, vigil }: RouteContext<unknown, unknown, { id: string }>): z.input<typeof EventDetailSchema> {
  const event = eventsByIds(vigil.reads.db, [params.id])[0];
  if (event === undefined) throw notFound(`event ${params.id}`);
  return { event, incidents: incidentsCiting(vigil.reads.db, event.id) };
}
