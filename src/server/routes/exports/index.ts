import { ExportDocumentSchema, ExportQuerySchema, IncidentExportQuerySchema, IncidentParamsSchema } from '../../../schema/api/incidents.ts';
import { defineRoute } from '../../route.ts';
import { EXPORT_CONTENT_TYPES, exportIncident, exportIncidents } from './handlers.ts';

const description =
  'md: Markdown case file (several: SUMMARY.md); json: case JSON (several: an array); navigator: ATT&CK Navigator layer; csv: one row per incident, formula-safe. Log-derived text is escaped for the format; the file name (Content-Disposition) is built from incident ids only. Audited.';

export const exportRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/incidents/:id/export',
    access: 'analyst',
    tag: 'incidents',
    rate: 'export',
    summary: 'Export one incident as a case file (md, json, navigator, csv)',
    description,
    params: IncidentParamsSchema,
    query: IncidentExportQuerySchema,
    response: ExportDocumentSchema,
    download: { contentTypes: EXPORT_CONTENT_TYPES },
    handler: exportIncident,
  }),
  defineRoute({
    method: 'GET',
    url: '/api/export',
    access: 'analyst',
    tag: 'incidents',
    rate: 'export',
    summary: 'Export several incidents (ids) or all of the latest analysis',
    description,
    query: ExportQuerySchema,
    response: ExportDocumentSchema,
    download: { contentTypes: EXPORT_CONTENT_TYPES },
    handler: exportIncidents,
  }),
];
