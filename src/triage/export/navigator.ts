import type { Incident, Severity } from '../../schema/incident.ts';
import { attackVersion, parentTechniqueId } from '../attack/index.ts';
import { TOOL, type ExportContext } from './context.ts';
import { safeJson } from './escape.ts';

/**
 * An ATT&CK Navigator layer (format 4.5, enterprise-attack) over all incidents of a run. A technique's score
 * is the highest severity among the incidents that show it (1 low … 4 critical, 0 none); its comment and
 * metadata count incidents and alerts. Techniques the ATT&CK table does not know are left out (Navigator
 * would reject them). Only our own text and counts go in: no log values.
 */

const RANK: Record<Severity, number> = { none: 0, low: 1, medium: 2, high: 3, critical: 4 };
const COLORS = ['#ffffff', '#fff3b0', '#ffc15e', '#f4743b', '#c1121f'];
export const NAVIGATOR_VERSION = '5.2.0';

interface Tally {
  rank: number;
  incidents: number;
  alerts: number;
  bySeverity: Map<Severity, number>;
}

export function navigatorLayer(incidents: readonly Incident[], ctx: ExportContext = {}): Record<string, unknown> {
  const tallies = tally(incidents);
  const techniques: Record<string, unknown>[] = [];
  const ids = [...tallies.keys()].sort();
  for (const id of ids) {
    const t = tallies.get(id)!;
    const severities = (['critical', 'high', 'medium', 'low', 'none'] as const).filter((s) => t.bySeverity.has(s)).map((s) => `${t.bySeverity.get(s) ?? 0} ${s}`);
    techniques.push({
      techniqueID: id,
      score: t.rank,
      comment: `${t.incidents} ${t.incidents === 1 ? 'incident' : 'incidents'} (${severities.join(', ')}), ${t.alerts} ${t.alerts === 1 ? 'alert' : 'alerts'}`,
      enabled: true,
      metadata: [
        { name: 'incidents', value: String(t.incidents) },
        { name: 'alerts', value: String(t.alerts) },
      ],
    });
  }
  // Sub-techniques show only under an expanded parent.
  const parents = new Set(ids.filter((id) => id.includes('.')).map(parentTechniqueId));
  for (const parent of [...parents].sort()) {
    const own = techniques.find((t) => t.techniqueID === parent);
    if (own !== undefined) own.showSubtechniques = true;
    else techniques.push({ techniqueID: parent, enabled: true, showSubtechniques: true });
  }
  return {
    name: `${TOOL} incidents`,
    versions: { attack: attackVersion().split('.')[0] ?? attackVersion(), navigator: NAVIGATOR_VERSION, layer: '4.5' },
    domain: 'enterprise-attack',
    description: `${incidents.length} incidents${ctx.generatedAt === undefined ? '' : ` (${ctx.generatedAt})`}. Score: highest incident severity (1 low, 2 medium, 3 high, 4 critical).`,
    sorting: 3,
    layout: { layout: 'side', showID: true, showName: true, showAggregateScores: false, countUnscored: false, expandedSubtechniques: 'annotated' },
    hideDisabled: false,
    techniques,
    gradient: { colors: COLORS, minValue: 0, maxValue: 4 },
    legendItems: (['low', 'medium', 'high', 'critical'] as const).map((s) => ({ label: s, color: COLORS[RANK[s]] ?? '#ffffff' })),
    showTacticRowBackground: false,
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
    selectVisibleTechniques: false,
    metadata: [{ name: 'generator', value: `${TOOL}${ctx.version === undefined ? '' : ` ${ctx.version}`}` }],
  };
}

function tally(incidents: readonly Incident[]): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const incident of incidents) {
    for (const technique of incident.techniques) {
      if (!technique.known) continue;
      const t = out.get(technique.id) ?? { rank: 0, incidents: 0, alerts: 0, bySeverity: new Map<Severity, number>() };
      t.rank = Math.max(t.rank, RANK[incident.severity]);
      t.incidents += 1;
      t.alerts += incident.alerts.filter((l) => l.techniques.includes(technique.id)).reduce((n, l) => n + l.count, 0);
      t.bySeverity.set(incident.severity, (t.bySeverity.get(incident.severity) ?? 0) + 1);
      out.set(technique.id, t);
    }
  }
  return out;
}

export function renderNavigatorLayer(incidents: readonly Incident[], ctx: ExportContext = {}): string {
  return safeJson(navigatorLayer(incidents, ctx));
}
