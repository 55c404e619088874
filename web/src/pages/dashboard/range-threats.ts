import type { IncidentSummary } from '../../api/types.ts';
import type { ThreatRow } from './threats.tsx';

/** Incidents per technique and tactic over a list of incidents (the dashboard's range). */
export function threatsOfIncidents(incidents: readonly IncidentSummary[]): { techniques: ThreatRow[]; tactics: ThreatRow[] } {
  const techniques = new Map<string, ThreatRow>();
  const tactics = new Map<string, ThreatRow>();
  for (const incident of incidents) {
    for (const t of incident.techniques) {
      const row = techniques.get(t.id) ?? { key: t.id, label: `${t.id} ${t.name}`, incidents: 0 };
      row.incidents++;
      techniques.set(t.id, row);
    }
    for (const t of incident.tactics) {
      const row = tactics.get(t.shortname) ?? { key: t.shortname, label: t.name, incidents: 0 };
      row.incidents++;
      tactics.set(t.shortname, row);
    }
  }
  const sorted = (rows: Map<string, ThreatRow>) => [...rows.values()].sort((a, b) => b.incidents - a.incidents || a.key.localeCompare(b.key));
  return { techniques: sorted(techniques), tactics: sorted(tactics) };
}
