import type { Alert } from '../schema/alert.ts';
import { SEVERITY_RANK, type Incident, type TriageOptionsInput } from '../schema/incident.ts';
import { buildIncident } from './build.ts';
import { compareOptional, compareText } from './fold.ts';
import { groupAlerts } from './group/index.ts';
import { resolveOptions } from './options.ts';

/**
 * Triage's public face: alerts → incidents (grouped, folded, scored, mapped to ATT&CK, with recommendations
 * and a narrative), and the case exports. Pure and deterministic: no clock, no I/O but reading the ATT&CK
 * table once.
 */


/** Incidents, most severe first, then by first_seen (untimed last), then id. */
export function triage(alerts: readonly Alert[], options: TriageOptionsInput = {}): Incident[] {
  const resolved = resolveOptions(options);
  return groupAlerts(alerts, resolved.gapMs)
    .map((group) => buildIncident(group, resolved))
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || compareOptional(a.first_seen, b.first_seen) || compareText(a.id, b.id));
}

export { groupAlerts } from './group/index.ts';
export { resolveOptions, DEFAULT_PRIVILEGED_USERS } from './options.ts';
export { attackVersion, techniqueRef, tacticRef } from './attack/index.ts';
export {
  caseFiles,
  caseJson,
  renderCaseJson,
  incidentMarkdown,
  summaryMarkdown,
  incidentsCsv,
  CSV_COLUMNS,
  navigatorLayer,
  renderNavigatorLayer,
  type CaseFile,
  type ExportContext,
} from './export/index.ts';
