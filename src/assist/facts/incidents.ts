import type { Incident } from '../../schema/incident.ts';
import { SEVERITY_RANK } from '../../schema/incident.ts';
import type { FactContext } from './types.ts';

/**
 * Incidents of the latest analysis as the facts use them: in the plan's scope (its time range, the IP, account and
 * host it names, the ATT&CK techniques it names), most severe then highest score first.
 */

export interface IncidentQuery {
  /** A technique id or its parent (`T1110` matches `T1110.001`). */
  technique?: string;
  /** Only incidents naming one of these entity values (any kind). */
  entities?: readonly string[];
}

/** More than any analysis of a real store produces; the facts list far fewer. */
const MAX_INCIDENTS = 5000;

export function scopedIncidents(ctx: FactContext, query: IncidentQuery = {}): Incident[] {
  const { filters } = ctx.plan;
  const named = [filters.sourceIp, filters.user, filters.host].filter((v): v is string => v !== undefined);
  const { incidents } = ctx.analyses.incidents({ technique: query.technique, entity: named[0], limit: MAX_INCIDENTS });
  const techniques = ctx.plan.entities.filter((e) => e.kind === 'technique').map((e) => e.value);
  return incidents
    .filter((i) => named.every((v) => namesValue(i, v)))
    .filter((i) => query.technique !== undefined || techniques.length === 0 || techniques.some((t) => hasTechnique(i, t)))
    .filter((i) => query.entities === undefined || query.entities.some((v) => namesValue(i, v)))
    .filter((i) => overlaps(i, filters.sinceMs, filters.untilMs))
    .sort(bySeverity);
}

export function bySeverity(a: Incident, b: Incident): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.score - a.score || (a.first_seen ?? '').localeCompare(b.first_seen ?? '') || a.id.localeCompare(b.id);
}

export function namesValue(incident: Incident, value: string): boolean {
  const e = incident.entities;
  return e.source_ip.includes(value) || e.destination_ip.includes(value) || e.user.includes(value) || e.host.includes(value);
}

function overlaps(incident: Incident, sinceMs: number | undefined, untilMs: number | undefined): boolean {
  if (sinceMs === undefined && untilMs === undefined) return true;
  const first = incident.first_seen === undefined ? undefined : Date.parse(incident.first_seen);
  const last = incident.last_seen === undefined ? first : Date.parse(incident.last_seen);
  if (first === undefined || last === undefined) return false;
  return (sinceMs === undefined || last >= sinceMs) && (untilMs === undefined || first < untilMs);
}

export function alertIds(incident: Incident): string[] {
  return incident.alerts.flatMap((a) => a.alert_ids);
}

export function hasTechnique(incident: Incident, parent: string): boolean {
  return incident.techniques.some((t) => t.id === parent || t.id.startsWith(`${parent}.`));
}

/** What the latest analysis is, for facts that depend on it; undefined when none has run. */
export interface AnalysisInfo {
  id: number;
  finishedAt: string | null;
  status: string;
  events: number;
  incidents: number;
  alerts: number;
}

export function latestAnalysis(ctx: FactContext): AnalysisInfo | undefined {
  const latest = ctx.analyses.latest();
  if (latest === undefined) return undefined;
  return { id: latest.id, finishedAt: latest.finished_at, status: latest.status, events: latest.events, incidents: latest.incidents, alerts: latest.alerts };
}
