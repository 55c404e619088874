import { MAX_INCIDENT_EVIDENCE, type Incident, type TechniqueRef } from '../../schema/incident.ts';
import { attackVersion, tacticRef } from '../attack/index.ts';
import { durationMinutes, footer, incidentType, requiresImmediateAttention, type ExportContext } from './context.ts';
import { markdownCell as cell, markdownTable, markdownText as text } from './escape.ts';

/** Every value from logs or rules goes through `text`/`cell`; only our own words and table URLs are raw. */

const SEVERITY_MARK = { critical: '🔴', high: '🟠', medium: '🟡', low: '🟢', none: '⚪' } as const;
const ATTACK_URL = /^https:\/\/attack\.mitre\.org\/[A-Za-z0-9/._-]+$/;
/** Evidence ids listed in a case file (the JSON has all that the incident kept). */
const MAX_EVIDENCE_LISTED = 50;

/** A technique id as a link to its ATT&CK page, when the table knows it. */
export function techniqueLink(t: TechniqueRef): string {
  return t.url !== undefined && ATTACK_URL.test(t.url) ? `[${text(t.id)}](${t.url})` : `${text(t.id)} (not in ATT&CK v${attackVersion()})`;
}

export function severityLabel(incident: Incident): string {
  return `${SEVERITY_MARK[incident.severity]} ${incident.severity.toUpperCase()}`;
}

/** The Markdown case file of one incident. */
export function incidentMarkdown(incident: Incident, ctx: ExportContext = {}): string {
  const sections = [
    `# ${text(incident.title)}`,
    header(incident),
    `## Summary\n\n${text(incident.summary, 4000)}`,
    `## Timeline\n\n${timeline(incident)}`,
    `## Entities\n\n${entities(incident)}`,
    `## Why this severity\n\n${markdownTable(['Factor', 'Points', 'Detail'], incident.severity_factors.map((f) => [cell(f.factor), cell(f.points), cell(f.detail, 400)]))}`,
    `## Confidence: ${incident.confidence.level} (${incident.confidence.score.toFixed(2)})\n\n${incident.confidence.reasons.map((r) => `- ${text(r)}`).join('\n')}`,
    `## Alerts\n\n${alerts(incident)}`,
    `## MITRE ATT&CK\n\n${attack(incident)}`,
    `## Recommended actions\n\n${recommendations(incident)}`,
    `## Evidence\n\n${evidence(incident)}`,
    `---\n*${text(footer(ctx))}*`,
  ];
  return `${sections.join('\n\n')}\n`;
}

function header(incident: Incident): string {
  const lines = [
    `> **Incident:** ${text(incident.id)}  `,
    `> **Type:** ${text(incidentType(incident))}  `,
    `> **Severity:** ${severityLabel(incident)} (score ${incident.score})  `,
    `> **Confidence:** ${incident.confidence.level} (${incident.confidence.score.toFixed(2)})`,
  ];
  if (requiresImmediateAttention(incident)) lines.push('>', '> **⚠️ Requires immediate attention**');
  return lines.join('\n');
}

function timeline(incident: Incident): string {
  const minutes = durationMinutes(incident);
  return [
    `- **First seen:** ${cell(incident.first_seen)}`,
    `- **Last seen:** ${cell(incident.last_seen)}`,
    `- **Duration:** ${minutes === undefined ? '—' : `${minutes} minutes`}`,
    `- **Alerts:** ${incident.alert_total} (${incident.alerts.length} distinct)`,
    `- **Events:** ${incident.event_total}`,
  ].join('\n');
}

function entities(incident: Incident): string {
  const e = incident.entities;
  const row = (kind: string, values: readonly string[]) => [kind, values.length === 0 ? '—' : values.slice(0, 50).map((v) => text(v, 200)).join(', ') + (values.length > 50 ? ` and ${values.length - 50} more` : '')];
  return markdownTable(['Kind', 'Values'], [row('Source IP', e.source_ip), row('Destination IP', e.destination_ip), row('User', e.user), row('Host', e.host)]);
}

function alerts(incident: Incident): string {
  const rows = incident.alerts.map((l) => [
    cell(l.title),
    cell(l.level),
    cell(l.type),
    cell(l.count),
    cell(l.occurrences),
    cell(l.first_seen),
    cell(l.last_seen),
    l.techniques.length === 0 ? '—' : l.techniques.map((t) => text(t)).join(', '),
    cell([...l.entities.source_ip, ...l.entities.user, ...l.entities.host].join(', ')),
  ]);
  return markdownTable(['Rule', 'Level', 'Type', 'Alerts', 'Occurrences', 'First seen', 'Last seen', 'Techniques', 'Entities'], rows);
}

function attack(incident: Incident): string {
  if (incident.techniques.length === 0 && incident.tactics.length === 0) return 'No ATT&CK technique or tactic is tagged on these rules.';
  const rows = incident.techniques.map((t) => [
    techniqueLink(t),
    t.known ? text(t.name) : '—',
    t.tactics.map((s) => text(tacticRef(s)?.name ?? s)).join(', ') || '—',
  ]);
  const tactics = incident.tactics.map((t) => `[${text(t.name)}](${ATTACK_URL.test(t.url) ? t.url : 'https://attack.mitre.org/tactics/'})`).join(' → ');
  return `${rows.length > 0 ? `${markdownTable(['Technique', 'Name', 'Tactics'], rows)}\n\n` : ''}**Tactics:** ${tactics || '—'}`;
}

function recommendations(incident: Incident): string {
  const group = (title: string, items: readonly string[]) =>
    `### ${title}\n\n${items.length === 0 ? '—' : items.map((item, i) => `${i + 1}. ${text(item, 1000)}`).join('\n')}`;
  const r = incident.recommendations;
  return [group('Containment', r.containment), group('Investigation', r.investigation), group('Long-term mitigation', r.mitigation)].join('\n\n');
}

function evidence(incident: Incident): string {
  const listed = incident.event_ids.slice(0, MAX_EVIDENCE_LISTED);
  const more = incident.event_total - listed.length;
  return [`${incident.event_total} events; the first ${listed.length} ids (the JSON case file has up to ${MAX_INCIDENT_EVIDENCE}):`, '', ...listed.map((id) => `- ${text(id)}`), ...(more > 0 ? [`- … and ${more} more`] : [])].join('\n');
}
