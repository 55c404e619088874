import { z } from 'zod';
import { BooleanQuerySchema } from './common.ts';
import { JobSchema } from './jobs.ts';

/** Options of an upload (query string): how to read the files. */
export const UploadQuerySchema = z
  .object({
    tz: z.string().max(64).optional().describe("IANA zone (or ±hh:mm) for timestamps without one; default: the configuration's ingest.tz, else UTC"),
    format: z.string().max(64).optional().describe('format id instead of detection (vigil formats)'),
    year: z.coerce.number().int().min(1970).max(2100).optional().describe('year for timestamps without one'),
    refresh: BooleanQuerySchema.optional().describe('events already stored from these files that this version reads differently are updated in place (vigil ingest --refresh)'),
    tzFor: z
      .union([z.string().max(1100), z.array(z.string().max(1100)).max(32)])
      .optional()
      .transform((value) => (value === undefined ? [] : typeof value === 'string' ? [value] : value))
      .describe("zones of files by name, before tz: repeated `<glob>=<zone>` (vigil ingest --tz-for), matched against each file's uploaded name and, in an archive, `<name>!<member>`"),
  })
  .strict();

export const AnalyzeBodySchema = z
  .object({ gapMinutes: z.number().positive().max(10_080).optional() })
  .strict()
  .optional();

export const JobAcceptedSchema = z.object({ job: JobSchema });

export const JobsQuerySchema = z
  .object({
    kind: z.enum(['ingest', 'analyze']).optional(),
    status: z.enum(['queued', 'running', 'completed', 'failed', 'cancelled']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const JobParamsSchema = z.object({ id: z.string().regex(/^[0-9a-f]{16}$/, 'a job id is 16 hex digits') });
