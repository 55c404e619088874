import type { Incident } from '../../schema/incident.ts';
import { attackVersion } from '../attack/index.ts';

/** What the caller knows that triage does not (triage has no clock): when, by which build. */
export interface ExportContext {
  /** ISO-8601 time of the export; absent → `null` in JSON and left out of Markdown. */
  generatedAt?: string;
  /** Version of Vigil that made the export. */
  version?: string;
  /** Events analysed in the run, for SUMMARY.md. */
  eventCount?: number;
}

export const TOOL = 'Vigil';

/** Incident ids are our content hashes; anything else is not used as a file name or link target. */
export const SAFE_ID = /^[0-9a-f]{8,64}$/;

export function footer(ctx: ExportContext): string {
  const parts = [`${TOOL}${ctx.version === undefined ? '' : ` ${ctx.version}`}`, `ATT&CK v${attackVersion()}`];
  if (ctx.generatedAt !== undefined) parts.push(ctx.generatedAt);
  return parts.join(' · ');
}

/** The prior-art `requires_immediate_attention`: critical or high, or an account that fell after failures. */
export function requiresImmediateAttention(incident: Incident): boolean {
  return incident.severity === 'critical' || incident.severity === 'high' || incident.severity_factors.some((f) => f.factor === 'success_after_failures');
}

export function durationMinutes(incident: Incident): number | undefined {
  if (incident.first_seen === undefined || incident.last_seen === undefined) return undefined;
  return Math.round((Date.parse(incident.last_seen) - Date.parse(incident.first_seen)) / 6000) / 10;
}

/** A short kind of incident: the first technique of its most severe alert line, else that line's rule title. */
export function incidentType(incident: Incident): string {
  const top = incident.alerts[0];
  const technique = incident.techniques.find((t) => t.id === top?.techniques[0]) ?? incident.techniques[0];
  return technique?.name ?? top?.title ?? 'Unclassified';
}
