import type { Incident } from '../../schema/incident.ts';
import { attackVersion, tacticRef } from '../attack/index.ts';
import { durationMinutes, incidentType, requiresImmediateAttention, TOOL, type ExportContext } from './context.ts';
import { safeJson } from './escape.ts';

/**
 * The case file of one incident as JSON: the ai-soc-triage-assistant case layout (`meta`, `incident`,
 * `triage`, `summary`, with their field names) plus `vigil`, the whole incident. Differences: scores are
 * 0..100 (theirs 0..10), `key` values are `null` when unknown, `signals` are our alert lines.
 */
export function caseJson(incident: Incident, ctx: ExportContext = {}): Record<string, unknown> {
  const first = <T>(list: readonly T[]) => list[0] ?? null;
  return {
    meta: { generated_at: ctx.generatedAt ?? null, version: '1.0', tool: TOOL, tool_version: ctx.version ?? null, attack_version: attackVersion() },
    incident: {
      incident_id: incident.id,
      incident_type: incidentType(incident),
      title: incident.title,
      key: { host: first(incident.entities.host), user: first(incident.entities.user), src_ip: first(incident.entities.source_ip) },
      entities: incident.entities,
      time_range: { start: incident.first_seen ?? null, end: incident.last_seen ?? null, duration_minutes: durationMinutes(incident) ?? null },
      signals: incident.alerts.map((line) => ({
        signal: line.rule_id,
        count: line.occurrences,
        alerts: line.count,
        level: line.level,
        type: line.type,
        description: `${line.title} (${line.level}, ${line.count} ${line.count === 1 ? 'alert' : 'alerts'}, ${line.occurrences} ${line.occurrences === 1 ? 'occurrence' : 'occurrences'})`,
      })),
      event_count: incident.event_total,
      alert_count: incident.alert_total,
    },
    triage: {
      severity: incident.severity,
      severity_score: incident.score,
      severity_factors: incident.severity_factors,
      confidence: incident.confidence.score,
      confidence_level: incident.confidence.level,
      confidence_reasons: incident.confidence.reasons,
      mitre: mitre(incident),
      recommended_actions: [...incident.recommendations.containment, ...incident.recommendations.investigation, ...incident.recommendations.mitigation],
      recommendations: incident.recommendations,
      requires_immediate_attention: requiresImmediateAttention(incident),
    },
    summary: incident.summary,
    vigil: incident,
  };
}

function mitre(incident: Incident): Record<string, unknown>[] {
  return incident.techniques.map((t) => {
    const lines = incident.alerts.filter((l) => l.techniques.includes(t.id));
    return {
      signal: lines[0]?.rule_id ?? null,
      technique: t.id,
      technique_name: t.name,
      tactic: t.tactics[0] === undefined ? null : (tacticRef(t.tactics[0])?.name ?? null),
      tactics: t.tactics,
      url: t.url ?? null,
      known: t.known,
      description: `Detected by ${lines.map((l) => l.title).join('; ')}`,
    };
  });
}

export function renderCaseJson(incident: Incident, ctx: ExportContext = {}): string {
  return safeJson(caseJson(incident, ctx));
}
