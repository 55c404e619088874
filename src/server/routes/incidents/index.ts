import { IncidentDetailQuerySchema, IncidentDetailSchema, IncidentParamsSchema, IncidentsPageSchema, IncidentsQuerySchema } from '../../../schema/api/incidents.ts';
import { defineRoute } from '../../route.ts';
import { incidentDetail, listIncidentsHandler } from './handlers.ts';

export const incidentRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/incidents',
    access: 'viewer',
    tag: 'incidents',
    summary: 'Incidents of the latest analysis: filter by severity, technique, entity and time; sort; page',
    query: IncidentsQuerySchema,
    response: IncidentsPageSchema,
    handler: listIncidentsHandler,
  }),
  defineRoute({
    method: 'GET',
    url: '/api/incidents/:id',
    access: 'viewer',
    tag: 'incidents',
    summary: 'One incident with its alerts and a page of its evidence events',
    params: IncidentParamsSchema,
    query: IncidentDetailQuerySchema,
    response: IncidentDetailSchema,
    handler: incidentDetail,
  }),
];
