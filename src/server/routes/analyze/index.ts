import type { FastifyReply } from 'fastify';
import { detectOptions } from '../../../pipeline/detect-options.ts';
import { AnalyzeBodySchema, JobAcceptedSchema } from '../../../schema/api/work.ts';
import { actorOf } from '../../auth/identity.ts';
import { caller, defineRoute, type RouteContext } from '../../route.ts';

/** Queues detection + triage over the whole store with the configured rules and triage options. */
async function analyze(ctx: RouteContext<unknown, { gapMinutes?: number } | undefined, unknown>): Promise<FastifyReply> {
  const { vigil, body, reply } = ctx;
  const actor = actorOf(caller(ctx.identity));
  const options = detectOptions('analyze', { gap: body?.gapMinutes }, vigil.config);
  await vigil.writes.run((store) => store.audit.append({ actor, action: 'analysis-request', details: { gapMinutes: options.gapMinutes, extraRules: options.extra?.length ?? 0 } }));
  const job = vigil.jobs.submit(
    {
      kind: 'analyze',
      actor,
      payload: {
        builtin: options.builtin !== false,
        extra: [...(options.extra ?? [])],
        placeholders: options.placeholders === undefined ? undefined : Object.fromEntries(Object.entries(options.placeholders).map(([k, v]) => [k, [...v]])),
        triage: { gapMinutes: options.gapMinutes, assets: options.assets, privilegedUsers: options.privilegedUsers },
      },
    },
    { files: [], options: { gapMinutes: options.gapMinutes ?? null } },
  );
  return reply.code(202).send({ job });
}

export const analyzeRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/analyze',
    access: 'analyst',
    tag: 'ingest',
    rate: 'analyze',
    summary: 'Run detection and triage over every stored event, as a job',
    description: 'The built-in rule pack plus the configured rule directories; the findings replace those of the previous analysis. Answers 202 with the queued job.',
    body: AnalyzeBodySchema,
    response: JobAcceptedSchema,
    status: 202,
    handler: analyze,
  }),
];
