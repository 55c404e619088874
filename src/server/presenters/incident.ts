import type { IncidentSummary } from '../../schema/api/incidents.ts';
import type { Incident } from '../../schema/incident.ts';

function alertLine(line: Incident['alerts'][number]): IncidentSummary['alerts'][number] {
  const copy: IncidentSummary['alerts'][number] & { alert_ids?: unknown } = { ...line };
  delete copy.alert_ids;
  return copy;
}

/** An incident for a list: its evidence ids and alert ids left out (they can be thousands). */
export function incidentSummary(incident: Incident): IncidentSummary {
  const summary: IncidentSummary & { event_ids?: unknown } = { ...incident, alerts: incident.alerts.map(alertLine) };
  delete summary.event_ids;
  return summary;
}
