import { z } from 'zod';
import { JobListSchema, JobSchema } from '../../../schema/api/jobs.ts';
import { JobParamsSchema, JobsQuerySchema } from '../../../schema/api/work.ts';
import { defineRoute } from '../../route.ts';
import { cancelJob, getJob, jobEvents, listJobs } from './handlers.ts';

export const jobRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/jobs',
    access: 'viewer',
    tag: 'jobs',
    summary: 'Ingest and analysis jobs, most recent first, also those of earlier server runs (kept in the store)',
    query: JobsQuerySchema,
    response: JobListSchema,
    handler: listJobs,
  }),
  defineRoute({
    method: 'GET',
    url: '/api/jobs/:id',
    access: 'viewer',
    tag: 'jobs',
    summary: 'One job: status, progress (bytes, events, files) and per-file results',
    params: JobParamsSchema,
    response: JobSchema,
    handler: getJob,
  }),
  defineRoute({
    method: 'GET',
    url: '/api/jobs/:id/events',
    access: 'viewer',
    tag: 'jobs',
    stream: true,
    summary: 'The job’s progress as server-sent events (`event: job`, data: the Job), until it finishes',
    params: JobParamsSchema,
    response: z.string(),
    handler: jobEvents,
  }),
  defineRoute({
    method: 'POST',
    url: '/api/jobs/:id/cancel',
    access: 'analyst',
    tag: 'jobs',
    summary: 'Cancel a job that has not started yet',
    params: JobParamsSchema,
    response: JobSchema,
    handler: cancelJob,
  }),
];
