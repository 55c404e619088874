import type { Confidence } from '../../schema/incident.ts';
import { LEVEL_RANK, type Line } from '../fold.ts';

/**
 * How much to trust the incident, from 0.50 up or down, each step a stated reason:
 *  +0.15 two or more distinct rules agree (+0.05 more from three)
 *  +0.15 a correlation (several events in a window or sequence) rather than single-event matches
 *  -0.15 a single event matched a single rule
 *  +0.10 ten or more evidence events
 *  +0.05 a rule is `stable`; -0.10 every rule with a status is `experimental`/`test`;
 *  -0.15 a rule is `deprecated`/`unsupported`
 *  -0.10 only informational or low rules fired
 * Clamped to 0.05..0.99; high ≥ 0.75, medium ≥ 0.5, else low.
 */
export function confidenceOf(lines: readonly Line[], eventTotal: number): Confidence {
  const reasons: string[] = [];
  let score = 0.5;
  const step = (delta: number, reason: string) => {
    score += delta;
    reasons.push(`${delta > 0 ? '+' : '-'}${Math.abs(delta).toFixed(2)} ${reason}`);
  };
  const rules = new Set(lines.map((l) => l.line.rule_id));
  if (rules.size >= 3) step(0.2, `${rules.size} independent rules agree`);
  else if (rules.size === 2) step(0.15, '2 independent rules agree');
  const correlation = lines.find((l) => l.line.type !== 'match');
  const occurrences = lines.reduce((n, l) => n + l.line.occurrences, 0);
  if (correlation !== undefined) step(0.15, `correlation "${correlation.line.title}" (${correlation.line.type}) over several events`);
  else if (rules.size === 1 && occurrences === 1) step(-0.15, 'a single event matched a single rule');
  if (eventTotal >= 10) step(0.1, `${eventTotal} evidence events`);
  statusSteps(lines, step);
  if (lines.every((l) => LEVEL_RANK[l.line.level] <= LEVEL_RANK.low)) step(-0.1, 'only informational or low-level rules fired');
  const clamped = Math.round(Math.min(0.99, Math.max(0.05, score)) * 100) / 100;
  if (reasons.length === 0) reasons.push('one rule, several events, no corroboration: baseline 0.50');
  return { level: clamped >= 0.75 ? 'high' : clamped >= 0.5 ? 'medium' : 'low', score: clamped, reasons };
}

function statusSteps(lines: readonly Line[], step: (delta: number, reason: string) => void): void {
  const statuses = lines.map((l) => l.rule.status).filter((s) => s !== undefined);
  const titleOf = (status: string) => lines.find((l) => l.rule.status === status)?.line.title ?? '';
  const retired = statuses.find((s) => s === 'deprecated' || s === 'unsupported');
  if (retired !== undefined) step(-0.15, `rule "${titleOf(retired)}" is ${retired}`);
  if (statuses.includes('stable')) step(0.05, `rule "${titleOf('stable')}" is stable`);
  else if (statuses.length > 0 && statuses.every((s) => s === 'experimental' || s === 'test')) step(-0.1, `rules are ${[...new Set(statuses)].sort().join('/')} only`);
}
