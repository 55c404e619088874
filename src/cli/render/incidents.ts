import type { RuleSummary } from '../../pipeline/analyze.ts';
import { SEVERITIES, type Incident, type Severity } from '../../schema/incident.ts';
import { line, number, paint, table, terminalSafe, type Output } from '../output.ts';

const SEVERITY_COLOR: Record<Severity, 'red' | 'yellow' | 'cyan' | 'dim' | 'bold'> = {
  critical: 'red',
  high: 'red',
  medium: 'yellow',
  low: 'cyan',
  none: 'dim',
};


export function severityCounts(incidents: readonly Incident[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, none: 0 };
  for (const i of incidents) counts[i.severity]++;
  return counts;
}

export function printRuleSummary(o: Output, rules: RuleSummary): void {
  const problems = rules.unsupported + rules.invalid;
  const idle = rules.idle > 0 ? `, ${number(rules.idle)} idle (no data source for their logsource)` : '';
  const text = `Rules: ${number(rules.loaded)} loaded (${number(rules.correlations)} correlations)${idle}, ${number(rules.unsupported)} unsupported, ${number(rules.invalid)} invalid`;
  line(o, problems > 0 ? paint(o, 'yellow', text) : text);
  if (problems > 0 && !o.quiet) line(o, paint(o, 'dim', '  (vigil rules check <dirs> lists each rule with file:line and reason)'));
}

export function printIncidentList(o: Output, incidents: readonly Incident[], total = incidents.length): void {
  const counts = severityCounts(incidents);
  const bySeverity = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${s} ${number(counts[s])}`).join(', ');
  line(o, paint(o, 'bold', `Incidents: ${number(total)}${bySeverity === '' ? '' : ` (${bySeverity})`}`));
  if (incidents.length === 0) return;
  const rows = incidents.map((i) => [
    paint(o, SEVERITY_COLOR[i.severity], i.severity.toUpperCase()),
    i.id.slice(0, 12),
    terminalSafe(i.title),
    `${i.first_seen ?? '?'} → ${i.last_seen ?? '?'}`,
    i.techniques.map((t) => t.id).join(' '),
  ]);
  line(o, table(rows));
  if (total > incidents.length) line(o, paint(o, 'dim', `  … ${number(total - incidents.length)} more (vigil incidents -n ${String(total)})`));
}

export function printIncident(o: Output, i: Incident): void {
  line(o, `${paint(o, SEVERITY_COLOR[i.severity], i.severity.toUpperCase())}  ${paint(o, 'bold', terminalSafe(i.title))}`);
  line(o, `  id ${i.id}   score ${String(i.score)}   confidence ${i.confidence.level} (${i.confidence.score.toFixed(2)})`);
  line(o, `  ${i.first_seen ?? '?'} → ${i.last_seen ?? '?'}   ${number(i.alert_total)} alerts, ${number(i.event_total)} events`);
  line(o);
  line(o, terminalSafe(i.summary));
  const section = (title: string, rows: string[][]) => {
    if (rows.length === 0) return;
    line(o);
    line(o, paint(o, 'bold', title));
    line(o, table(rows));
  };
  const entities = Object.entries(i.entities).filter(([, v]) => v.length > 0);
  section('Entities', entities.map(([k, v]) => [k, terminalSafe(v.slice(0, 20).join(', ') + (v.length > 20 ? ` … (+${String(v.length - 20)})` : ''))]));
  section('Severity factors', i.severity_factors.map((f) => [`${f.points >= 0 ? '+' : ''}${String(f.points)}`, terminalSafe(f.factor), terminalSafe(f.detail)]));
  section('Confidence', i.confidence.reasons.map((r) => ['·', terminalSafe(r)]));
  section('ATT&CK', i.techniques.map((t) => [t.id, terminalSafe(t.name), t.tactics.join(', '), t.url ?? 'not in the ATT&CK table']));
  section('Alerts', i.alerts.map((a) => [a.level, `×${number(a.count)}`, terminalSafe(a.title), a.type, `${a.first_seen ?? '?'} → ${a.last_seen ?? '?'}`]));
  for (const [group, actions] of Object.entries(i.recommendations)) {
    section(`Recommended: ${group}`, actions.map((a) => ['-', terminalSafe(a)]));
  }
}
