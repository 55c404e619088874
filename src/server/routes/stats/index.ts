import type { z } from 'zod';
import { StatsQuerySchema, StatsSchema } from '../../../schema/api/stats.ts';
import { liveCounters } from '../../../store/dashboard.ts';
import { defineRoute, type RouteContext } from '../../route.ts';

async function stats({ query, vigil }: RouteContext<z.output<typeof StatsQuerySchema>, unknown, unknown>): Promise<z.input<typeof StatsSchema>> {
  const revision = vigil.reads.dataRevision();
  const counters = liveCounters(vigil.reads.db);
  const active = (kind: 'ingest' | 'analyze') => vigil.jobs.list({ kind }).filter((j) => j.status === 'queued' || j.status === 'running').length;
  const breakdown = await vigil.breakdown.get(revision, query.top);
  return { counters: { ...counters, revision, activeJobs: { ingest: active('ingest'), analyze: active('analyze') } }, breakdown };
}

export const statsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/stats',
    access: 'viewer',
    tag: 'dashboard',
    summary: 'Dashboard numbers: live counters, and store-wide breakdowns (formats, top sources, users, hosts, techniques, tactics)',
    query: StatsQuerySchema,
    response: StatsSchema,
    handler: stats,
  }),
];
