import { SEVERITIES } from '../../../schema/incident.ts';
import { cite } from '../cite.ts';
import { incidentFact } from '../incident-fact.ts';
import { alertIds, latestAnalysis, scopedIncidents } from '../incidents.ts';
import { Names, count, plural } from '../names.ts';
import type { FactContext, FactDraft } from '../types.ts';
import { analysisMissing } from './analysis-missing.ts';
import { failedLoginFacts } from './failed-logins.ts';

/** Threats: the incidents of the latest analysis by severity, each with techniques and evidence. */
export function threatFacts(ctx: FactContext): FactDraft[] {
  const analysis = latestAnalysis(ctx);
  if (analysis === undefined) return [analysisMissing(ctx), ...failedLoginFacts(ctx).slice(0, 3)];
  const incidents = scopedIncidents(ctx);
  if (incidents.length === 0) {
    return [{
      kind: 'threats.none',
      title: 'No incidents',
      text: `The latest analysis (#${String(analysis.id)}, ${analysis.finishedAt ?? 'not finished'}, ${plural(analysis.events, 'event')}) raised no incident in scope.`,
      data: { analysis: analysis.id, incidents: 0 },
      entities: [],
      citations: cite(ctx, {}),
    }, ...failedLoginFacts(ctx).slice(0, 2)];
  }
  return [overview(ctx, incidents, analysis.id), ...incidents.slice(0, ctx.limits.items).map((i) => incidentFact(ctx, i, 'threats.incident'))];
}

function overview(ctx: FactContext, incidents: ReturnType<typeof scopedIncidents>, analysisId: number): FactDraft {
  const names = new Names();
  const bySeverity = SEVERITIES.map((s) => [s, incidents.filter((i) => i.severity === s).length] as const).filter(([, n]) => n > 0);
  const tactics = [...new Set(incidents.flatMap((i) => i.tactics.map((t) => t.name)))];
  const techniques = [...new Set(incidents.flatMap((i) => i.techniques.map((t) => t.id)))].sort();
  const shown = Math.min(incidents.length, ctx.limits.items);
  const text =
    `${plural(incidents.length, 'incident')} in the latest analysis (#${String(analysisId)}): ${bySeverity.map(([s, n]) => `${s} ${count(n)}`).join(', ')}; ` +
    `${plural(incidents.reduce((n, i) => n + i.alert_total, 0), 'alert')}. Tactics: ${tactics.join(', ') || 'none recorded'}. ` +
    `Techniques: ${names.list('technique', techniques, ctx.limits.inline * 2)}.${shown < incidents.length ? ` The ${count(shown)} most severe follow.` : ''}`;
  return {
    kind: 'threats.overview',
    title: 'Threats found',
    text,
    data: { analysis: analysisId, incidents: incidents.length, bySeverity: Object.fromEntries(bySeverity), tactics, techniques },
    entities: names.entities,
    citations: cite(ctx, { incidents: incidents.map((i) => i.id), alerts: incidents.flatMap(alertIds), events: incidents.flatMap((i) => i.event_ids.slice(0, 1)), eventCount: incidents.reduce((n, i) => n + i.event_total, 0) }),
  };
}
