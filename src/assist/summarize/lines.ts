import type { Alert, Entities } from '../../schema/alert.ts';
import type { Incident, IncidentAlert } from '../../schema/incident.ts';
import { neutralise, type Fence } from '../narrate/fence.ts';

/** Caps that keep one line (and the overview) small whatever the incident's size. */
const LIST_MAX = 5;
const OVERVIEW_LIST_MAX = 10;
const EVIDENCE_PER_LINE = 3;
const EVIDENCE_CHARS = 240;
const TITLE_CHARS = 160;

/** One unit of the map step: a folded alert line of the incident, with the alerts behind it. */
export interface SummaryLine {
  line: IncidentAlert;
  alerts: readonly Alert[];
}

/**
 * The incident's lines in its own order (most severe, then earliest), each with its alerts; alerts that no
 * line lists (an incident built elsewhere) become lines of their own, so nothing given is left out.
 */
export function summaryLines(incident: Incident, alerts: readonly Alert[]): SummaryLine[] {
  const byId = new Map(alerts.map((a) => [a.id, a]));
  const covered = new Set<string>();
  const lines = incident.alerts.map((line) => {
    const own = line.alert_ids.flatMap((id) => {
      covered.add(id);
      const alert = byId.get(id);
      return alert === undefined ? [] : [alert];
    });
    return { line, alerts: own };
  });
  for (const alert of alerts) if (!covered.has(alert.id)) lines.push({ line: lineOf(alert), alerts: [alert] });
  return lines;
}

function lineOf(alert: Alert): IncidentAlert {
  return {
    rule_id: alert.rule.id,
    title: alert.rule.title,
    level: alert.rule.level,
    type: alert.type,
    count: 1,
    occurrences: alert.count,
    alert_ids: [alert.id],
    techniques: alert.rule.techniques,
    entities: alert.entities,
    ...(alert.first_seen === undefined ? {} : { first_seen: alert.first_seen }),
    ...(alert.last_seen === undefined ? {} : { last_seen: alert.last_seen }),
  };
}

/** Evidence lines of a line's alerts: the first few distinct event texts the caller supplied. */
export function evidenceOf(unit: SummaryLine, evidence: ReadonlyMap<string, string> | undefined): string[] {
  if (evidence === undefined) return [];
  const texts: string[] = [];
  for (const alert of unit.alerts) {
    for (const id of alert.event_ids) {
      const text = evidence.get(id);
      if (text !== undefined && !texts.includes(text)) texts.push(text);
      if (texts.length >= EVIDENCE_PER_LINE) return texts;
    }
  }
  return texts;
}

/**
 * One line of the map step's evidence block; every log- or rule-derived value neutralised. Without
 * `withEvidence` the raw log lines are left out (the first thing to go when a line alone is too big).
 */
export function renderLine(n: number, unit: SummaryLine, evidence: readonly string[], withEvidence: boolean, fence: Fence): string {
  const { line } = unit;
  const parts = [
    `L${n} ${span(line.first_seen, line.last_seen)}`,
    `"${neutralise(line.title, TITLE_CHARS, fence)}" (${line.level}, ${line.type})`,
    `${line.count} alert${line.count === 1 ? '' : 's'}, ${line.occurrences} occurrence${line.occurrences === 1 ? '' : 's'}`,
    ...entityParts(line.entities, LIST_MAX, fence),
  ];
  if (line.techniques.length > 0) parts.push(`ATT&CK ${listed(line.techniques, LIST_MAX, fence)}`);
  if (withEvidence && evidence.length > 0) parts.push(`evidence: ${evidence.map((e) => `«${neutralise(e, EVIDENCE_CHARS, fence)}»`).join(' ')}`);
  return parts.join(' | ');
}

/** The incident as Vigil computed it, repeated in every call so each part is read in context. */
export function renderOverview(incident: Incident, fence: Fence): string {
  const lines = [
    `Incident ${neutralise(incident.id, 80, fence)}: ${neutralise(incident.title, TITLE_CHARS, fence)}`,
    `Severity ${incident.severity} (score ${incident.score}); confidence ${incident.confidence.level} ${incident.confidence.score.toFixed(2)}`,
    `Time: ${span(incident.first_seen, incident.last_seen)}`,
    `Alerts: ${incident.alert_total} in ${incident.alerts.length} lines; evidence events: ${incident.event_total}`,
    ...entityParts(incident.entities, OVERVIEW_LIST_MAX, fence),
  ];
  if (incident.techniques.length > 0) {
    const techniques = incident.techniques.slice(0, OVERVIEW_LIST_MAX).map((t) => `${neutralise(t.id, 16, fence)} ${neutralise(t.name, 80, fence)}`);
    lines.push(`ATT&CK: ${techniques.join('; ')}${more(incident.techniques.length, OVERVIEW_LIST_MAX)}`);
  }
  const first = incident.recommendations.containment[0] ?? incident.recommendations.investigation[0];
  if (first !== undefined) lines.push(`First step (Vigil's recommendation): ${neutralise(first, 300, fence)}`);
  return lines.join('\n');
}

function entityParts(entities: Entities, max: number, fence: Fence): string[] {
  const parts: string[] = [];
  if (entities.source_ip.length > 0) parts.push(`src ${listed(entities.source_ip, max, fence)}`);
  if (entities.destination_ip.length > 0) parts.push(`dst ${listed(entities.destination_ip, max, fence)}`);
  if (entities.user.length > 0) parts.push(`user ${listed(entities.user, max, fence)}`);
  if (entities.host.length > 0) parts.push(`host ${listed(entities.host, max, fence)}`);
  return parts;
}

function listed(values: readonly string[], max: number, fence: Fence): string {
  return values.slice(0, max).map((v) => neutralise(v, 120, fence)).join(', ') + more(values.length, max);
}

function more(count: number, max: number): string {
  return count > max ? ` (+${count - max} more)` : '';
}

/** `2026-11-20 10:00:00–10:04:59 UTC`; the times are ours (ISO strings), cut to seconds. */
function span(first: string | undefined, last: string | undefined): string {
  if (first === undefined) return 'untimed';
  const day = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  if (last === undefined || last === first) return `${day(first)} UTC`;
  return last.slice(0, 10) === first.slice(0, 10) ? `${day(first)}–${last.slice(11, 19)} UTC` : `${day(first)}–${day(last)} UTC`;
}
