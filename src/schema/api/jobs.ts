import { z } from 'zod';

/** Background jobs: ingests of uploaded files and analyses, run one at a time per kind. */

export const JOB_KINDS = ['ingest', 'analyze'] as const;
export const JobKindSchema = z.enum(JOB_KINDS);
export type JobKind = z.infer<typeof JobKindSchema>;

export const JOB_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export const JobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof JobStatusSchema>;

export const JobProgressSchema = z.object({
  /** Bytes read so far (after decompression), and the size of the inputs on disk (null when not known). */
  bytes: z.number().int().nonnegative(),
  bytesTotal: z.number().int().nonnegative().nullable(),
  events: z.number().int().nonnegative(),
  /** The input being read (its uploaded name), null when none yet. */
  file: z.string().nullable(),
  filesDone: z.number().int().nonnegative(),
  filesTotal: z.number().int().nonnegative().nullable(),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;

/** One uploaded file as ingested: its name as uploaded, what was read from it. */
export const IngestFileResultSchema = z.object({
  name: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
  format: z.string().nullable(),
  events: z.number().int().nonnegative(),
  inserted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  /** Stored events this file's records updated (an upload with `refresh`); absent from older job records: 0. */
  updated: z.number().int().nonnegative().default(0),
  errors: z.number().int().nonnegative(),
  errorSamples: z.array(z.object({ line: z.number(), offset: z.number().optional(), reason: z.string() })),
  /** Why the file (or part of it) could not be read; null when it was read completely. */
  problem: z.string().nullable(),
  /**
   * The earlier upload (its name) or ingested log (its path) that this file starts as, byte for byte: the same
   * log, grown or renamed since. Its events keep that log's ids, so only its new records were added. (Absent
   * from the job records of older versions: null.)
   */
  sameLogAs: z.string().nullable().default(null),
  /** The zone a `tzFor` rule gave this file's zone-less times; null: the upload's `tz` (and in older job records). */
  tz: z.string().nullable().default(null),
});
export type IngestFileResult = z.infer<typeof IngestFileResultSchema>;

export const IngestJobResultSchema = z.object({
  kind: z.literal('ingest'),
  runId: z.number().int(),
  files: z.array(IngestFileResultSchema),
  totals: z.object({ files: z.number(), events: z.number(), inserted: z.number(), duplicates: z.number(), updated: z.number().default(0), errors: z.number(), problems: z.number() }),
  durationMs: z.number(),
});
export type IngestJobResult = z.infer<typeof IngestJobResultSchema>;

export const AnalyzeJobResultSchema = z.object({
  kind: z.literal('analyze'),
  analysisId: z.number().int(),
  events: z.number().int(),
  alerts: z.number().int(),
  incidents: z.number().int(),
  bySeverity: z.record(z.string(), z.number().int()),
  rules: z.object({ total: z.number(), loaded: z.number(), idle: z.number(), unsupported: z.number(), invalid: z.number() }),
  durationMs: z.number(),
});
export type AnalyzeJobResult = z.infer<typeof AnalyzeJobResultSchema>;

export const JobResultSchema = z.discriminatedUnion('kind', [IngestJobResultSchema, AnalyzeJobResultSchema]);
export type JobResult = z.infer<typeof JobResultSchema>;

/** What the job was asked to do, as shown (uploaded names and sizes, never server paths). */
export const JobInputSchema = z.object({
  files: z.array(z.object({ name: z.string(), size: z.number().int().nonnegative() })),
  options: z.record(z.string(), z.unknown()),
});

export const JobSchema = z.object({
  id: z.string(),
  kind: JobKindSchema,
  status: JobStatusSchema,
  actor: z.string(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  input: JobInputSchema,
  progress: JobProgressSchema,
  result: JobResultSchema.nullable(),
  error: z.string().nullable(),
});
export type Job = z.infer<typeof JobSchema>;

export const JobListSchema = z.object({ jobs: z.array(JobSchema) });
