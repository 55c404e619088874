import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { IncidentDetailQuerySchema, IncidentDetailSchema, IncidentsPageSchema, IncidentsQuerySchema } from '../../../schema/api/incidents.ts';
import type { Incident } from '../../../schema/incident.ts';
import { eventsByIds } from '../../../store/index.ts';
import { listIncidents, type IncidentQuery } from '../../../store/incident-list.ts';
import type { Db } from '../../../store/database.ts';
import { cached } from '../../../store/statements.ts';
import type { Store } from '../../../store/index.ts';
import { VigilError } from '../../../util/errors.ts';
import { parseBound } from '../../../util/time-bound.ts';
import { ApiError, notFound } from '../../errors.ts';
import { incidentSummary } from '../../presenters/incident.ts';
import type { RouteContext } from '../../route.ts';

const iso = (bound: string | undefined, now: Date): string | undefined => (bound === undefined ? undefined : new Date(parseBound(bound, now.getTime())).toISOString());

/** IncidentsPageSchema as text, from the cache while no analysis completed since it was computed. */
export function listIncidentsHandler({ query, vigil, reply }: RouteContext<z.output<typeof IncidentsQuerySchema>, unknown, unknown>): FastifyReply {
  const now = vigil.clock();
  const filter: IncidentQuery = {
    severities: query.severity,
    technique: query.technique,
    entity: query.entity,
    since: iso(query.since, now),
    until: iso(query.until, now),
    sort: query.sort,
    order: query.order,
    limit: query.limit,
    offset: query.offset,
  };
  const key = `${analysisRevision(vigil.reads.db)}|${JSON.stringify(filter)}`;
  let text = vigil.incidentPages.get(key);
  if (text === undefined) {
    const { total, incidents } = listIncidents(vigil.reads.db, filter);
    const page: z.input<typeof IncidentsPageSchema> = { total, offset: query.offset, limit: query.limit, incidents: incidents.map(incidentSummary) };
    text = JSON.stringify(page);
    vigil.incidentPages.set(key, text);
  }
  return reply.type('application/json; charset=utf-8').send(text);
}

/** Changes when an analysis starts (it will replace the incidents) and when it ends. */
function analysisRevision(db: Db): string {
  const row = cached(db, "SELECT coalesce(max(id), 0) AS started, coalesce(max(CASE WHEN status != 'running' THEN id END), 0) AS ended FROM analyses").get() as { started: number; ended: number };
  return `${String(row.started)}.${String(row.ended)}`;
}

/** The incident with this id or unique prefix; 404 when none, 400 when the prefix is ambiguous. */
export function findIncident(store: Store, id: string): Incident {
  let incident: Incident | undefined;
  try {
    incident = store.analyses.incident(id);
  } catch (error) {
    if (error instanceof VigilError) throw new ApiError('E_VALIDATION', error.message);
    throw error;
  }
  if (incident === undefined) throw notFound(`incident ${id}`);
  return incident;
}

export function incidentDetail({ params, query, vigil }: RouteContext<z.output<typeof IncidentDetailQuerySchema>, unknown, { id: string }>): z.input<typeof IncidentDetailSchema> {
  const store = vigil.reads;
  const incident = findIncident(store, params.id);
  const ids = incident.event_ids.slice(query.evidenceOffset, query.evidenceOffset + query.evidenceLimit);
  const byId = new Map(eventsByIds(store.db, ids).map((e) => [e.id, e]));
  return {
    incident,
    alerts: store.analyses.alertsOf(incident.id),
    evidence: ids.flatMap((id) => byId.get(id) ?? []),
    evidenceTotal: incident.event_ids.length,
    evidenceOffset: query.evidenceOffset,
  };
}
