import type { Alert, Entities } from '../schema/alert.ts';
import { MAX_INCIDENT_EVIDENCE, type Incident, type TacticRef, type TechniqueRef } from '../schema/incident.ts';
import { contentHash } from '../util/hash.ts';
import { sortTactics, sortTechniques, tacticRefs, tacticsOfTags, techniqueRef } from './attack/index.ts';
import { compareOptional, foldAlerts, type Line } from './fold.ts';
import type { ResolvedOptions } from './options.ts';
import { recommend } from './recommend/index.ts';
import { confidenceOf } from './score/confidence.ts';
import { severityFactors, severityOf } from './score/severity.ts';
import { failedAttempts, successAfterFailures } from './score/signals.ts';
import { incidentTitle, narrative } from './summary.ts';

/** One group of alerts (see group/) → a scored, explained incident. */
export function buildIncident(alerts: readonly Alert[], options: ResolvedOptions): Incident {
  const lines = foldAlerts(alerts);
  const entities = mergeEntities(alerts);
  const techniques = sortTechniques([...new Set(lines.flatMap((l) => l.line.techniques))].map(techniqueRef));
  const tagTactics = lines.flatMap((l) => tacticsOfTags(l.rule.tags));
  const tactics = tacticRefs([...techniques.flatMap((t) => t.tactics), ...tagTactics]);
  const success = successAfterFailures(lines);
  const factors = severityFactors({ lines, entities, primaryTactics: primaryTactics(lines, techniques), success }, options);
  const score = factors.reduce((n, f) => n + f.points, 0);
  const severity = severityOf(score);
  const evidence = evidenceOf(alerts);
  const confidence = confidenceOf(lines, evidence.total);
  const recommendations = recommend({ techniques, tactics: tactics.map((t) => t.shortname), compromised: success !== undefined, entities });
  const times = timesOf(alerts);
  return {
    id: contentHash(['incident', ...alerts.map((a) => a.id).sort()]),
    title: incidentTitle(lines, entities),
    severity,
    score,
    severity_factors: factors,
    confidence,
    ...(times.first === undefined ? {} : { first_seen: times.first }),
    ...(times.last === undefined ? {} : { last_seen: times.last }),
    entities,
    alerts: lines.map((l) => l.line),
    alert_total: alerts.length,
    techniques,
    tactics,
    event_ids: evidence.ids,
    event_total: evidence.total,
    recommendations,
    summary: narrative({
      lines,
      entities,
      firstSeen: times.first,
      lastSeen: times.last,
      techniques,
      severity,
      score,
      confidence,
      attempts: failedAttempts(lines),
      success,
      recommendations,
    }),
  };
}

/** For tactic breadth: each technique's first tactic; a line without known techniques, its first tagged tactic. */
function primaryTactics(lines: readonly Line[], techniques: readonly TechniqueRef[]): TacticRef[] {
  const byId = new Map(techniques.map((t) => [t.id, t]));
  const firsts: string[] = [];
  for (const { line, rule } of lines) {
    const own = line.techniques.map((id) => byId.get(id)?.tactics[0]).filter((t): t is string => t !== undefined);
    if (own.length > 0) firsts.push(...own);
    else firsts.push(...tacticsOfTags(rule.tags).slice(0, 1));
  }
  return tacticRefs(sortTactics(firsts));
}

function mergeEntities(alerts: readonly Alert[]): Entities {
  const merged = (pick: (e: Entities) => string[]) => [...new Set(alerts.flatMap((a) => pick(a.entities)))].sort();
  return {
    source_ip: merged((e) => e.source_ip),
    destination_ip: merged((e) => e.destination_ip),
    user: merged((e) => e.user),
    host: merged((e) => e.host),
  };
}

/** Distinct evidence ids in alert order, capped; the total adds what alerts held beyond their own cap. */
function evidenceOf(alerts: readonly Alert[]): { ids: string[]; total: number } {
  const seen = new Set<string>();
  let beyond = 0;
  for (const alert of alerts) {
    for (const id of alert.event_ids) seen.add(id);
    beyond += Math.max(0, alert.event_total - alert.event_ids.length);
  }
  return { ids: [...seen].slice(0, MAX_INCIDENT_EVIDENCE), total: seen.size + beyond };
}

function timesOf(alerts: readonly Alert[]): { first: string | undefined; last: string | undefined } {
  let first: string | undefined;
  let last: string | undefined;
  for (const a of alerts) {
    if (compareOptional(a.first_seen, first) < 0) first = a.first_seen;
    const end = a.last_seen ?? a.first_seen;
    if (end !== undefined && (last === undefined || end > last)) last = end;
  }
  return { first, last };
}
