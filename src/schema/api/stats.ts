import { z } from 'zod';
import { SeveritySchema } from '../incident.ts';
import { limitSchema } from './common.ts';

const CountSchema = z.object({ value: z.string(), count: z.number() });

export const CountersSchema = z.object({
  events: z.number().int(),
  alerts: z.number().int(),
  incidents: z.record(SeveritySchema, z.number().int()),
  analysis: z.object({ id: z.number().int(), status: z.string(), started_at: z.string(), finished_at: z.string().nullable() }).nullable(),
  /** Changes whenever events are added or an analysis completes. */
  revision: z.string(),
  /** Jobs queued or running, per kind. */
  activeJobs: z.object({ ingest: z.number().int(), analyze: z.number().int() }),
});

export const StoreStatsSchema = z.object({
  events: z.number(),
  occurrences: z.number(),
  timeRange: z.object({ first: z.string().nullable(), last: z.string().nullable() }),
  withoutTime: z.number(),
  byFormat: z.array(CountSchema),
  byDataset: z.array(CountSchema),
  byActionOutcome: z.array(z.object({ action: z.string(), outcome: z.string().nullable(), count: z.number() })),
  topSourceIps: z.array(CountSchema),
  topUsers: z.array(CountSchema),
  topHosts: z.array(CountSchema),
  runs: z.number(),
  files: z.number(),
});

export const ThreatsSchema = z.object({
  techniques: z.array(z.object({ id: z.string(), name: z.string(), incidents: z.number() })),
  tactics: z.array(z.object({ shortname: z.string(), name: z.string(), incidents: z.number() })),
});

export const StatsQuerySchema = z.object({ top: limitSchema(100, 10) }).strict();

export const StatsSchema = z.object({
  counters: CountersSchema,
  /** Aggregates over every event: recomputed when the data changed, at most every few seconds during an ingest. */
  breakdown: z.object({
    stats: StoreStatsSchema,
    threats: ThreatsSchema,
    revision: z.string(),
    computedAt: z.string(),
    /** True while newer data is being counted. */
    stale: z.boolean(),
  }),
});
