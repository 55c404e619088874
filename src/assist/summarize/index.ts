import type { Alert } from '../../schema/alert.ts';
import type { EntityRef, FlaggedClaim } from '../../schema/assist.ts';
import type { Incident } from '../../schema/incident.ts';
import { buildEvidence, checkGrounding, type GroundingEvidence } from '../narrate/grounding.ts';
import { PROMPT_VERSIONS } from '../narrate/prompt-files.ts';
import { NarrationError, plainLine } from '../narrate/reply.ts';
import { LlmError, type LlmProvider } from '../providers/types.ts';
import { mapReduce, type MapReduceOptions } from './map-reduce.ts';

export { DEFAULT_SUMMARY_CALL_TIMEOUT_MS, type SummaryProgress } from './map-reduce.ts';

export type SummarizeOptions = MapReduceOptions;

export interface IncidentSummary {
  /** The model's summary (sanitised), or the deterministic narrative (`incident.summary`) on fallback. */
  summary: string;
  /** Why the deterministic narrative was given (`timeout: …`, `budget: …`), else null. */
  fallback: string | null;
  /** Model calls made (also when they ended in a fallback). */
  calls: number;
  /** What the model's summary names that the incident's data does not contain. */
  flagged: FlaggedClaim[];
  promptVersions: { map: string; reduce: string };
}

/**
 * An incident summary written by an LLM, map-reduce over the incident's alert lines so that an incident of
 * any size fits any context window (see mapReduce). Any provider failure, timeout, abort, budget overflow
 * or empty reply gives the deterministic narrative instead, with the reason.
 */
export async function summarizeIncident(provider: LlmProvider, incident: Incident, alerts: readonly Alert[], options: SummarizeOptions = {}): Promise<IncidentSummary> {
  const promptVersions = { map: PROMPT_VERSIONS.summaryMap, reduce: PROMPT_VERSIONS.summaryReduce };
  const tally = { calls: 0 };
  try {
    const summary = await mapReduce(provider, incident, alerts, options, tally);
    const flagged = checkGrounding(summary, incidentEvidence(incident, alerts, options.evidence));
    return { summary, fallback: null, calls: tally.calls, flagged, promptVersions };
  } catch (error) {
    const reason = fallbackReason(error);
    if (reason === undefined) throw error;
    return { summary: incident.summary, fallback: reason, calls: tally.calls, flagged: [], promptVersions };
  }
}

function fallbackReason(error: unknown): string | undefined {
  if (error instanceof NarrationError) return error.reason;
  if (error instanceof LlmError) return `${error.kind}: ${plainLine(error.message)}`;
  return undefined;
}

/** What the summary may name: the incident's fields, its alert lines and alerts, and the evidence lines. */
export function incidentEvidence(incident: Incident, alerts: readonly Alert[], evidence?: ReadonlyMap<string, string>): GroundingEvidence {
  const texts = [incident.id, incident.title, incident.summary, ...incident.event_ids, ...Object.values(incident.recommendations).flat()];
  for (const t of incident.techniques) texts.push(t.id, t.name);
  for (const line of incident.alerts) texts.push(line.title, line.rule_id, ...line.alert_ids, ...line.techniques);
  for (const alert of alerts) texts.push(alert.id, alert.rule.title, ...alert.event_ids, ...Object.values(alert.group ?? {}));
  if (evidence !== undefined) texts.push(...evidence.values());
  const entities: EntityRef[] = [
    ...[...incident.entities.source_ip, ...incident.entities.destination_ip].map((value) => ({ kind: 'ip' as const, value })),
    ...incident.entities.user.map((value) => ({ kind: 'user' as const, value })),
    ...incident.entities.host.map((value) => ({ kind: 'host' as const, value })),
    ...incident.techniques.map((t) => ({ kind: 'technique' as const, value: t.id })),
  ];
  for (const alert of alerts) {
    for (const value of [...alert.entities.source_ip, ...alert.entities.destination_ip]) entities.push({ kind: 'ip', value });
    for (const value of alert.entities.user) entities.push({ kind: 'user', value });
    for (const value of alert.entities.host) entities.push({ kind: 'host', value });
  }
  return buildEvidence(texts, entities, [], [incident.severity, ...incident.alerts.map((l) => l.level)]);
}
