import { EventDetailSchema, EventIdParamsSchema, EventsPageSchema, EventsQuerySchema } from '../../../schema/api/events.ts';
import { defineRoute } from '../../route.ts';
import { eventDetail, listEvents } from './handlers.ts';

export const eventRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/events',
    access: 'viewer',
    tag: 'events',
    rate: 'search',
    summary: 'Search events: full text, field filters, time range; cursor pagination',
    description:
      'Newest first by default (`order=asc` for oldest first); events without a time come last either way. Pages continue from `next` and are stable while events are added. `total` counts up to 10,000 matches when a filter is set.',
    query: EventsQuerySchema,
    response: EventsPageSchema,
    handler: listEvents,
  }),
  defineRoute({
    method: 'GET',
    url: '/api/events/:id',
    access: 'viewer',
    tag: 'events',
    summary: 'One event, with its original record and the incidents citing it',
    params: EventIdParamsSchema,
    response: EventDetailSchema,
    handler: eventDetail,
  }),
];
