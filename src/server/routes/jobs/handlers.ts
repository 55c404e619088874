import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { Job } from '../../../schema/api/jobs.ts';
import type { JobsQuerySchema } from '../../../schema/api/work.ts';
import { actorOf } from '../../auth/identity.ts';
import { ApiError, notFound } from '../../errors.ts';
import { caller, type RouteContext } from '../../route.ts';
import { openSse } from '../../sse.ts';

const FINISHED = new Set<Job['status']>(['completed', 'failed', 'cancelled']);

export function listJobs({ query, vigil }: RouteContext<z.output<typeof JobsQuerySchema>, unknown, unknown>): { jobs: Job[] } {
  return { jobs: vigil.jobs.list({ kind: query.kind, status: query.status, limit: query.limit }) };
}

export function getJob({ params, vigil }: RouteContext<unknown, unknown, { id: string }>): Job {
  const job = vigil.jobs.get(params.id);
  if (job === undefined) throw notFound(`job ${params.id}`);
  return job;
}

/** The job's state as server-sent `job` events: now, on every change, and a last one when it finishes. */
export function jobEvents(ctx: RouteContext<unknown, unknown, { id: string }>): FastifyReply {
  const job = getJob(ctx);
  const stream = openSse(ctx.reply);
  stream.send('job', job);
  if (FINISHED.has(job.status)) {
    stream.close();
    return ctx.reply;
  }
  const unsubscribe = ctx.vigil.jobs.subscribe(job.id, (update) => {
    stream.send('job', update);
    if (FINISHED.has(update.status)) stream.close();
  });
  stream.onClose(unsubscribe);
  return ctx.reply;
}

export async function cancelJob(ctx: RouteContext<unknown, unknown, { id: string }>): Promise<Job> {
  const job = getJob(ctx);
  if (!ctx.vigil.jobs.cancel(job.id)) throw new ApiError('E_CONFLICT', `job ${job.id} is ${job.status}; only queued jobs can be cancelled`);
  await ctx.vigil.writes.run((store) => store.audit.append({ actor: actorOf(caller(ctx.identity)), action: 'job-cancel', target: job.id, details: { kind: job.kind } }));
  return getJob(ctx);
}
