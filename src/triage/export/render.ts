import type { Incident } from '../../schema/incident.ts';
import { renderCaseJson } from './case-json.ts';
import type { ExportContext } from './context.ts';
import { incidentsCsv } from './csv.ts';
import { incidentMarkdown } from './markdown.ts';
import { renderNavigatorLayer } from './navigator.ts';
import { summaryMarkdown } from './summary-md.ts';

export const EXPORT_FORMATS = ['md', 'json', 'navigator', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One document in the chosen format for the selected incidents (md/json of several: SUMMARY.md / a JSON array). */
export function renderExport(format: ExportFormat, incidents: readonly Incident[], ctx: ExportContext): string {
  switch (format) {
    case 'csv':
      return incidentsCsv(incidents);
    case 'navigator':
      return renderNavigatorLayer(incidents, ctx);
    case 'md':
      return incidents.length === 1 ? incidentMarkdown(incidents[0]!, ctx) : summaryMarkdown(incidents, ctx);
    case 'json':
      return incidents.length === 1 ? renderCaseJson(incidents[0]!, ctx) : `[${incidents.map((i) => renderCaseJson(i, ctx).trimEnd()).join(',\n')}]\n`;
  }
}
