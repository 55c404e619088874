import type { z } from 'zod';
import { TimelineQuerySchema, TimelineSchema } from '../../../schema/api/events.ts';
import { defineRoute, type RouteContext } from '../../route.ts';
import { eventFilter } from '../events/handlers.ts';

function timeline({ query, vigil }: RouteContext<z.output<typeof TimelineQuerySchema>, unknown, unknown>): Promise<z.input<typeof TimelineSchema>> {
  return vigil.readers.heavy.run('timeline', { filter: eventFilter(query, vigil.clock()), maxBuckets: query.buckets });
}

export const timelineRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/timeline',
    access: 'viewer',
    tag: 'dashboard',
    rate: 'search',
    summary: 'Events per time bucket (interval chosen from the range), with alerts per bucket by rule level',
    description: 'The range is since/until when given, else the span of the matching events; the interval is the smallest of 1s…365d that fits in `buckets`. Takes the same filters as /api/events.',
    query: TimelineQuerySchema,
    response: TimelineSchema,
    handler: timeline,
  }),
];
