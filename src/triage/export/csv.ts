import type { Incident } from '../../schema/incident.ts';
import { tacticRef } from '../attack/index.ts';
import { requiresImmediateAttention } from './context.ts';
import { csvRows } from './escape.ts';

export const CSV_COLUMNS = [
  'incident_id',
  'severity',
  'score',
  'confidence',
  'confidence_score',
  'requires_immediate_attention',
  'first_seen',
  'last_seen',
  'title',
  'source_ips',
  'users',
  'hosts',
  'destination_ips',
  'techniques',
  'tactics',
  'alert_total',
  'event_total',
  'first_action',
  'summary',
] as const;

/** One row per incident (RFC 4180, CRLF); list cells are joined with `; `. Formula-safe (see escape.ts). */
export function incidentsCsv(incidents: readonly Incident[]): string {
  const rows = incidents.map((i) => [
    i.id,
    i.severity,
    i.score,
    i.confidence.level,
    i.confidence.score,
    requiresImmediateAttention(i) ? 'yes' : 'no',
    i.first_seen,
    i.last_seen,
    i.title,
    i.entities.source_ip.join('; '),
    i.entities.user.join('; '),
    i.entities.host.join('; '),
    i.entities.destination_ip.join('; '),
    i.techniques.map((t) => t.id).join('; '),
    i.tactics.map((t) => tacticRef(t.shortname)?.name ?? t.name).join('; '),
    i.alert_total,
    i.event_total,
    i.recommendations.containment[0] ?? i.recommendations.investigation[0],
    i.summary,
  ]);
  return csvRows([[...CSV_COLUMNS], ...rows]);
}
