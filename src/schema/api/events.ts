import { z } from 'zod';
import { EventSchema } from '../event.ts';
import { SeveritySchema } from '../incident.ts';
import { BooleanQuerySchema, OrderSchema, StringListSchema, TimeBoundSchema, limitSchema } from './common.ts';

export const EventFilterQuerySchema = z.object({
  q: z.string().max(1000).optional().describe('words that must all occur in the message or original record (no query syntax)'),
  filter: StringListSchema.optional().describe('exact field value, key=value, repeatable: source.ip=10.0.0.5, user.name=root, event.outcome=failure'),
  since: TimeBoundSchema.optional(),
  until: TimeBoundSchema.optional(),
});

export const EventsQuerySchema = EventFilterQuerySchema.extend({
  order: OrderSchema.default('desc'),
  limit: limitSchema(500, 50),
  cursor: z.string().max(300).optional().describe('the `next` value of the previous page'),
  count: BooleanQuerySchema.optional().describe('count the matches (default: on the first page only)'),
}).strict();

export const EventsPageSchema = z.object({
  events: z.array(EventSchema),
  /** Opaque; pass as `cursor` for the next page. Null on the last page. */
  next: z.string().nullable(),
  /** Matches in all (null when not counted); counting stops at 10,000 when a filter is set (`totalExact` false). */
  total: z.number().int().nullable(),
  totalExact: z.boolean().nullable(),
});

export const EventIdParamsSchema = z.object({ id: z.string().regex(/^[0-9a-f]{32}$/i, 'an event id is 32 hex digits') });

export const IncidentRefSchema = z.object({ id: z.string(), title: z.string(), severity: SeveritySchema });

export const EventDetailSchema = z.object({
  event: EventSchema,
  /** Incidents that cite this event as evidence. */
  incidents: z.array(IncidentRefSchema),
});

export const TimelineQuerySchema = EventFilterQuerySchema.extend({
  buckets: limitSchema(1000, 120).describe('most buckets wanted; the interval is the smallest that fits'),
}).strict();

const AlertLevelCountsSchema = z.object({ critical: z.number(), high: z.number(), medium: z.number(), low: z.number(), informational: z.number() });

export const TimelineSchema = z.object({
  interval: z.object({ label: z.string(), ms: z.number() }),
  since: z.string().nullable(),
  until: z.string().nullable(),
  buckets: z.array(z.object({ start: z.string(), events: z.number(), alerts: AlertLevelCountsSchema })),
});
