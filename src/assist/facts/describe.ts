import { classifyIp } from '../../util/ip-class.ts';
import type { Incident } from '../../schema/incident.ts';
import type { Names } from './names.ts';

/** Sentences shared by several fact kinds. */

/** `severity incident "title" (T1110.001, T1110.003)`, with every entity of the incident recorded. */
export function incidentLabel(names: Names, incident: Incident): string {
  recordIncident(names, incident);
  const techniques = incident.techniques.map((t) => names.technique(t.id));
  return `${incident.severity} incident "${incident.title}"${techniques.length === 0 ? '' : ` (${techniques.join(', ')})`}`;
}

/** Incident titles and summaries name its entities: all of them go on the fact's list (the actors first, the targets last). */
export function recordIncident(names: Names, incident: Incident): void {
  const e = incident.entities;
  for (const ip of e.source_ip) names.add('ip', ip);
  for (const user of e.user) names.add('user', user);
  for (const host of e.host) names.add('host', host);
  for (const t of incident.techniques) names.add('technique', t.id);
  for (const ip of e.destination_ip) names.add('ip', ip);
}

/** `public`, `private`, `documentation range`… for an IP; `not an IP address` for host names in IP fields. */
export function ipClassLabel(ip: string): string {
  const cls = classifyIp(ip);
  if (cls === undefined) return 'not an IP address';
  return cls === 'documentation' ? 'documentation range, stands for an internet address' : cls;
}

export function techniqueList(names: Names, incident: Incident): string {
  return incident.techniques.map((t) => `${names.technique(t.id)} ${t.name}`).join(', ');
}
