import { z } from 'zod';
import { AlertSchema } from '../alert.ts';
import { EventSchema } from '../event.ts';
import { IncidentAlertSchema, IncidentSchema, SeveritySchema } from '../incident.ts';
import { HexIdSchema, OrderSchema, StringListSchema, TimeBoundSchema, limitSchema } from './common.ts';

export const INCIDENT_SORTS = ['severity', 'first_seen', 'last_seen', 'score'] as const;

export const IncidentsQuerySchema = z
  .object({
    severity: StringListSchema.pipe(z.array(SeveritySchema)).optional().describe('repeatable: critical, high, medium, low, none'),
    technique: z.string().max(20).optional().describe('ATT&CK technique id; T1110 also matches its sub-techniques'),
    entity: z.string().max(500).optional().describe('any entity value: an IP address, user or host name'),
    since: TimeBoundSchema.optional().describe('incidents still active at or after this time'),
    until: TimeBoundSchema.optional().describe('incidents that started before this time'),
    sort: z.enum(INCIDENT_SORTS).default('severity'),
    order: OrderSchema.optional().describe('default: most severe, newest or highest first; first_seen ascending'),
    limit: limitSchema(500, 50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

/** An incident in a list: everything but its evidence ids and its alerts' ids (the detail has them). */
export const IncidentSummarySchema = IncidentSchema.omit({ event_ids: true, alerts: true }).extend({
  alerts: z.array(IncidentAlertSchema.omit({ alert_ids: true })),
});
export type IncidentSummary = z.infer<typeof IncidentSummarySchema>;

export const IncidentsPageSchema = z.object({
  total: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
  incidents: z.array(IncidentSummarySchema),
});

export const IncidentParamsSchema = z.object({ id: HexIdSchema.describe('incident id or a unique prefix of at least 4 hex digits') });

export const IncidentDetailQuerySchema = z
  .object({
    evidenceLimit: z.coerce.number().int().min(0).max(500).default(50),
    evidenceOffset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export const IncidentDetailSchema = z.object({
  incident: IncidentSchema,
  alerts: z.array(AlertSchema),
  /** Evidence events in the incident's order, a page of them. */
  evidence: z.array(EventSchema),
  evidenceTotal: z.number().int(),
  evidenceOffset: z.number().int(),
});

export const ExportFormatSchema = z.enum(['md', 'json', 'navigator', 'csv']);

export const ExportQuerySchema = z
  .object({
    format: ExportFormatSchema.default('md'),
    id: StringListSchema.pipe(z.array(HexIdSchema)).optional().describe('incident ids or unique prefixes, repeatable'),
    all: z.enum(['true', 'false']).optional().describe('every incident of the latest analysis'),
  })
  .strict();

export const IncidentExportQuerySchema = z.object({ format: ExportFormatSchema.default('md') }).strict();

/** What a download contains, per format (documentation of the non-JSON bodies). */
export const ExportDocumentSchema = z.string().describe('Markdown, case JSON, ATT&CK Navigator layer or CSV');
