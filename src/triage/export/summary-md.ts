import { SEVERITIES, type Incident } from '../../schema/incident.ts';
import { attackVersion } from '../attack/index.ts';
import { footer, SAFE_ID, type ExportContext } from './context.ts';
import { markdownCell as cell, markdownTable, markdownText as text } from './escape.ts';
import { severityLabel, techniqueLink } from './markdown.ts';


/** SUMMARY.md over all incidents of a run, linking each incident's own file (`./<id>.md`). */
export function summaryMarkdown(incidents: readonly Incident[], ctx: ExportContext = {}): string {
  const alerts = incidents.reduce((n, i) => n + i.alert_total, 0);
  const overview = [
    `- **Incidents:** ${incidents.length}`,
    `- **Alerts:** ${alerts}`,
    ...(ctx.eventCount === undefined ? [] : [`- **Events analysed:** ${ctx.eventCount}`]),
    ...(ctx.generatedAt === undefined ? [] : [`- **Generated:** ${text(ctx.generatedAt)}`]),
    `- **ATT&CK:** v${attackVersion()}`,
  ];
  const distribution = markdownTable(['Severity', 'Incidents'], SEVERITIES.map((s) => [s, String(incidents.filter((i) => i.severity === s).length)]));
  const sections = [
    '# Incident summary',
    overview.join('\n'),
    `## Severity distribution\n\n${distribution}`,
    `## Incidents\n\n${incidents.length === 0 ? 'No incidents.' : incidentTable(incidents)}`,
    `## Techniques\n\n${techniqueTable(incidents)}`,
    `---\n*${text(footer(ctx))}*`,
  ];
  return `${sections.join('\n\n')}\n`;
}

function incidentTable(incidents: readonly Incident[]): string {
  const rows = incidents.map((i) => [
    severityLabel(i),
    SAFE_ID.test(i.id) ? `[${i.id.slice(0, 12)}](./${i.id}.md)` : text(i.id),
    cell(i.title),
    cell(i.first_seen),
    cell(i.entities.source_ip.join(', ')),
    cell(i.entities.user.join(', ')),
    cell(i.entities.host.join(', ')),
    i.techniques.length === 0 ? '—' : i.techniques.map((t) => text(t.id)).join(', '),
    String(i.score),
    `${i.confidence.level} (${i.confidence.score.toFixed(2)})`,
  ]);
  return markdownTable(['Severity', 'Incident', 'Title', 'First seen', 'Sources', 'Users', 'Hosts', 'Techniques', 'Score', 'Confidence'], rows);
}

function techniqueTable(incidents: readonly Incident[]): string {
  const seen = new Map<string, { link: string; name: string; incidents: number }>();
  for (const incident of incidents) {
    for (const t of incident.techniques) {
      const entry = seen.get(t.id) ?? { link: techniqueLink(t), name: t.known ? text(t.name) : '—', incidents: 0 };
      entry.incidents += 1;
      seen.set(t.id, entry);
    }
  }
  if (seen.size === 0) return 'No ATT&CK techniques.';
  const rows = [...seen.entries()]
    .sort(([a, x], [b, y]) => y.incidents - x.incidents || (a < b ? -1 : a > b ? 1 : 0))
    .map(([, e]) => [e.link, e.name, String(e.incidents)]);
  return markdownTable(['Technique', 'Name', 'Incidents'], rows);
}
