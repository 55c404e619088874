import type { Alert, RuleLevel, RuleRef } from '../schema/alert.ts';
import type { IncidentAlert } from '../schema/incident.ts';
import { normalizeTechniqueId } from './attack/index.ts';

/** An incident line and the rule behind it (scoring reads the rule's tags and status). */
export interface Line {
  line: IncidentAlert;
  rule: RuleRef;
}

export const LEVEL_RANK: Record<RuleLevel, number> = { informational: 0, low: 1, medium: 2, high: 3, critical: 4 };

/**
 * Folds alerts of the same rule, type and entities into one line with a count. Lines: most severe rule
 * first, then first seen (untimed last), then rule id, then entities.
 */
export function foldAlerts(alerts: readonly Alert[]): Line[] {
  const lines = new Map<string, Line>();
  for (const alert of alerts) {
    const key = `${alert.rule.id}\u0000${alert.type}\u0000${JSON.stringify(alert.entities)}`;
    const existing = lines.get(key);
    if (existing === undefined) lines.set(key, { line: newLine(alert), rule: alert.rule });
    else addTo(existing.line, alert);
  }
  return [...lines.values()].sort((a, b) => compareLines(a.line, b.line));
}

function newLine(alert: Alert): IncidentAlert {
  return {
    rule_id: alert.rule.id,
    title: alert.rule.title,
    level: alert.rule.level,
    type: alert.type,
    count: 1,
    occurrences: alert.count,
    alert_ids: [alert.id],
    techniques: [...new Set(alert.rule.techniques.map(normalizeTechniqueId))],
    entities: alert.entities,
    ...(alert.first_seen === undefined ? {} : { first_seen: alert.first_seen }),
    ...(alert.last_seen === undefined ? {} : { last_seen: alert.last_seen }),
  };
}

function addTo(line: IncidentAlert, alert: Alert): void {
  line.count += 1;
  line.occurrences += alert.count;
  line.alert_ids.push(alert.id);
  if (alert.first_seen !== undefined && (line.first_seen === undefined || alert.first_seen < line.first_seen)) line.first_seen = alert.first_seen;
  if (alert.last_seen !== undefined && (line.last_seen === undefined || alert.last_seen > line.last_seen)) line.last_seen = alert.last_seen;
}

function compareLines(a: IncidentAlert, b: IncidentAlert): number {
  return (
    LEVEL_RANK[b.level] - LEVEL_RANK[a.level] ||
    compareOptional(a.first_seen, b.first_seen) ||
    compareText(a.rule_id, b.rule_id) ||
    compareText(JSON.stringify(a.entities), JSON.stringify(b.entities)) ||
    compareText(a.type, b.type)
  );
}

/** Defined values first, in order; undefined last. */
export function compareOptional(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -1 : 1;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
