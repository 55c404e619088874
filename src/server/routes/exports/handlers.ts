import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { ExportFormatSchema, ExportQuerySchema } from '../../../schema/api/incidents.ts';
import type { Incident } from '../../../schema/incident.ts';
import { countEvents } from '../../../store/index.ts';
import { renderExport } from '../../../triage/export/render.ts';
import { listIncidents } from '../../../store/incident-list.ts';
import { vigilVersion } from '../../../util/package-root.ts';
import { actorOf } from '../../auth/identity.ts';
import { ApiError } from '../../errors.ts';
import { caller, type RouteContext } from '../../route.ts';
import { findIncident } from '../incidents/handlers.ts';

type ExportFormat = z.output<typeof ExportFormatSchema>;

const CONTENT_TYPES: Record<ExportFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  json: 'application/json; charset=utf-8',
  navigator: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

const EXTENSIONS: Record<ExportFormat, string> = { md: 'md', json: 'json', navigator: 'layer.json', csv: 'csv' };

export const EXPORT_CONTENT_TYPES = [...new Set(Object.values(CONTENT_TYPES).map((t) => t.split(';')[0]!))];

/** File names are built from incident ids (content hashes, hex) and a time stamp: never from log text. */
function fileName(incidents: readonly Incident[], format: ExportFormat, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const base = incidents.length === 1 ? `vigil-incident-${incidents[0]!.id.replace(/[^0-9a-f]/g, '').slice(0, 16)}` : `vigil-incidents-${stamp}`;
  return `${base}.${EXTENSIONS[format]}`;
}

async function send(ctx: RouteContext<unknown, unknown, unknown>, incidents: Incident[], format: ExportFormat, all: boolean): Promise<FastifyReply> {
  const { vigil, reply } = ctx;
  const identity = caller(ctx.identity);
  const now = vigil.clock();
  const text = renderExport(format, incidents, { generatedAt: now.toISOString(), version: vigilVersion(), eventCount: countEvents(vigil.reads.db) });
  const name = fileName(incidents, format, now);
  await vigil.writes.run((store) =>
    store.audit.append({ actor: actorOf(identity), action: 'export', target: `${format}:${name}`, details: { incidents: incidents.map((i) => i.id), format, all, via: 'api' } }),
  );
  return reply
    .code(200)
    .header('content-type', CONTENT_TYPES[format])
    .header('content-disposition', `attachment; filename="${name}"`)
    .send(text);
}

export function exportIncident(ctx: RouteContext<{ format: ExportFormat }, unknown, { id: string }>): Promise<FastifyReply> {
  return send(ctx, [findIncident(ctx.vigil.reads, ctx.params.id)], ctx.query.format, false);
}

export function exportIncidents(ctx: RouteContext<z.output<typeof ExportQuerySchema>, unknown, unknown>): Promise<FastifyReply> {
  const { query, vigil } = ctx;
  const all = query.all === 'true';
  if (all === (query.id !== undefined)) throw new ApiError('E_VALIDATION', 'give incident ids (id=…, repeatable) or all=true, not both');
  const incidents = all
    ? listIncidents(vigil.reads.db, { sort: 'severity', limit: Number.MAX_SAFE_INTEGER, offset: 0 }).incidents
    : [...new Map((query.id ?? []).map((id) => findIncident(vigil.reads, id)).map((i) => [i.id, i])).values()];
  return send(ctx, incidents, query.format, all);
}
