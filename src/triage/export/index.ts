import type { Incident } from '../../schema/incident.ts';
import { renderCaseJson } from './case-json.ts';
import { SAFE_ID, type ExportContext } from './context.ts';
import { incidentsCsv } from './csv.ts';
import { incidentMarkdown } from './markdown.ts';
import { renderNavigatorLayer } from './navigator.ts';
import { summaryMarkdown } from './summary-md.ts';
import { VigilError } from '../../util/errors.ts';

export { caseJson, renderCaseJson } from './case-json.ts';
export type { ExportContext } from './context.ts';
export { incidentsCsv, CSV_COLUMNS } from './csv.ts';
export { csvField, markdownText, safeJson } from './escape.ts';
export { incidentMarkdown } from './markdown.ts';
export { navigatorLayer, renderNavigatorLayer } from './navigator.ts';
export { summaryMarkdown } from './summary-md.ts';
export { EXPORT_FORMATS, renderExport, type ExportFormat } from './render.ts';

export interface CaseFile {
  /** Relative to the case directory, `/`-separated. */
  path: string;
  content: string;
}

/**
 * Everything a case directory holds for a run: SUMMARY.md, incidents.csv, attack-navigator-layer.json, and
 * per incident `<id>.json` and `<id>.md`. Writing them is the caller's job.
 */
export function caseFiles(incidents: readonly Incident[], ctx: ExportContext = {}): CaseFile[] {
  const files: CaseFile[] = [
    { path: 'SUMMARY.md', content: summaryMarkdown(incidents, ctx) },
    { path: 'incidents.csv', content: incidentsCsv(incidents) },
    { path: 'attack-navigator-layer.json', content: renderNavigatorLayer(incidents, ctx) },
  ];
  for (const incident of incidents) {
    if (!SAFE_ID.test(incident.id)) throw new VigilError('E_INTERNAL', `incident id ${JSON.stringify(incident.id)} is not a content hash`);
    files.push({ path: `${incident.id}.json`, content: renderCaseJson(incident, ctx) });
    files.push({ path: `${incident.id}.md`, content: incidentMarkdown(incident, ctx) });
  }
  return files;
}
