import type { Entities } from '../schema/alert.ts';
import type { Confidence, Recommendations, Severity, TechniqueRef } from '../schema/incident.ts';
import type { Line } from './fold.ts';
import { externalSources } from './score/signals.ts';
import { listOf } from './score/severity.ts';

export interface NarrativeInput {
  lines: readonly Line[];
  entities: Entities;
  firstSeen: string | undefined;
  lastSeen: string | undefined;
  techniques: readonly TechniqueRef[];
  severity: Severity;
  score: number;
  confidence: Confidence;
  /** Failed attempts behind failure-like lines (0: not an authentication incident). */
  attempts: number;
  success: string | undefined;
  recommendations: Recommendations;
}

/** A rule title's own placeholder for the actor or the place ("from one source", "on the same host"). */
const SOURCE_PLACEHOLDER = / from (?:one|a single|the same) (?:source|client|IP)\b/;
const HOST_PLACEHOLDER = / on (?:one|a single|the same) host\b/;

/**
 * A one-line name: the top rule, then who and where. The rule's placeholders give way to the incident's
 * values ("SSH brute force from one source" → "SSH brute force from 203.0.113.7"); otherwise they are added.
 */
export function incidentTitle(lines: readonly Line[], entities: Entities): string {
  const top = lines[0]?.line.title ?? 'Alerts';
  const from = entities.source_ip.length === 1 ? ` from ${entities.source_ip[0] ?? ''}` : entities.source_ip.length > 1 ? ` from ${entities.source_ip.length} sources` : '';
  const on = entities.host.length === 1 ? ` on ${entities.host[0] ?? ''}` : entities.host.length > 1 ? ` on ${entities.host.length} hosts` : '';
  return fill(fill(top, SOURCE_PLACEHOLDER, from), HOST_PLACEHOLDER, on);
}

/** Puts `clause` where the title has its placeholder (kept when there is nothing to put), else at the end. */
function fill(title: string, placeholder: RegExp, clause: string): string {
  if (clause === '') return title;
  return placeholder.test(title) ? title.replace(placeholder, () => clause) : `${title}${clause}`;
}

/** The narrative paragraph: when, who and what, how much, which techniques, success or not, what first. */
export function narrative(input: NarrativeInput): string {
  const sentences = [
    `${capitalize(input.severity)} severity (score ${input.score}, confidence ${input.confidence.level} ${input.confidence.score.toFixed(2)}).`,
    `${capitalize(when(input.firstSeen, input.lastSeen))}, ${actors(input.entities)}.`,
    activity(input.lines),
  ];
  if (input.techniques.length > 0) {
    sentences.push(`ATT&CK: ${input.techniques.map((t) => `${t.id} ${t.name}${t.known ? '' : ' (not in the ATT&CK table)'}`).join('; ')}.`);
  }
  if (input.success !== undefined) {
    const after = input.attempts > 0 ? `${input.attempts} failed attempts` : 'the failures';
    sentences.push(`A success followed ${after} (${input.success}): treat the account as compromised.`);
  }
  else if (input.attempts > 0) sentences.push(`${input.attempts} failed attempts; no success was observed.`);
  const first = input.recommendations.containment[0] ?? input.recommendations.investigation[0];
  if (first !== undefined) sentences.push(`First: ${first}`);
  return sentences.join(' ');
}

function when(first: string | undefined, last: string | undefined): string {
  if (first === undefined) return 'at an unknown time';
  const [day, time] = split(first);
  if (last === undefined || last === first) return `on ${day} at ${time} UTC`;
  const [lastDay, lastTime] = split(last);
  return lastDay === day ? `on ${day} from ${time} to ${lastTime} UTC` : `from ${day} ${time} to ${lastDay} ${lastTime} UTC`;
}

/** `2026-11-20T02:27:41.538Z` → [`2026-11-20`, `02:27:41`]. */
function split(iso: string): [string, string] {
  return [iso.slice(0, 10), iso.slice(11, 19)];
}

function actors(entities: Entities): string {
  const external = new Set(externalSources(entities).map((e) => e.ip));
  const ips = entities.source_ip.map((ip) => (external.has(ip) ? `${ip} (external)` : ip));
  const parts: string[] = [];
  if (ips.length > 0) parts.push(`${ips.length === 1 ? 'source' : 'sources'} ${listOf(ips)}`);
  if (entities.user.length > 0) parts.push(`${entities.user.length === 1 ? 'account' : 'accounts'} ${listOf(entities.user)}`);
  if (entities.host.length > 0) parts.push(`${entities.host.length === 1 ? 'host' : 'hosts'} ${listOf(entities.host)}`);
  if (entities.destination_ip.length > 0) parts.push(`destination ${listOf(entities.destination_ip)}`);
  return parts.length > 0 ? `involving ${listOf(parts)}` : 'with no source, account or host recorded';
}

/** Alerts and occurrences per rule (lines of one rule with different entities are added up). */
function activity(lines: readonly Line[]): string {
  const rules = new Map<string, { title: string; level: string; occurrences: number }>();
  for (const { line } of lines) {
    const rule = rules.get(line.rule_id) ?? { title: line.title, level: line.level, occurrences: 0 };
    rule.occurrences += line.occurrences;
    rules.set(line.rule_id, rule);
  }
  const alerts = lines.reduce((n, l) => n + l.line.count, 0);
  const occurrences = lines.reduce((n, l) => n + l.line.occurrences, 0);
  const top = [...rules.values()].slice(0, 3).map((r) => `"${r.title}" (${r.level}, ${r.occurrences}×)`);
  const more = rules.size > 3 ? ` and ${rules.size - 3} more` : '';
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(alerts, 'alert')} of ${plural(rules.size, 'rule')} over ${plural(occurrences, 'occurrence')}: ${top.join(', ')}${more}.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
