import type { Entities, RuleLevel } from '../../schema/alert.ts';
import type { Severity, SeverityFactor, TacticRef } from '../../schema/incident.ts';
import { LEVEL_RANK, type Line } from '../fold.ts';
import type { ResolvedOptions } from '../options.ts';
import { externalSources, mostCriticalAsset, privilegedAccounts } from './signals.ts';

/**
 * Severity = the sum of explainable factors, each listed with its points:
 *  rule_level_max          the most severe rule: informational 0, low 8, medium 18, high 30, critical 45
 *  rule_level_sum          each further distinct rule adds a third of its level's points, at most 15
 *  tactic_breadth          5 per tactic beyond the first, at most 15; each technique counts under its first
 *                          tactic only (T1078 alone spans four tactics and is still one step of an attack)
 *  success_after_failures  20: an ordered correlation, a brute-force-success rule, or a success line after
 *                          failure lines that share a source address or user
 *  external_source         10: a public (or documentation-range) source address
 *  privileged_account      10: root, Administrator, admin, adm.* …, or special privileges assigned
 *  asset_criticality       configured patterns: critical 20, high 12, medium 6, low 0
 *  alert_volume            occurrences ≥ 10: 3, ≥ 100: 6, ≥ 1000: 10
 * Bands: critical ≥ 70, high ≥ 45, medium ≥ 20, low ≥ 5, else none.
 */
export const LEVEL_POINTS: Record<RuleLevel, number> = { informational: 0, low: 8, medium: 18, high: 30, critical: 45 };
export const SEVERITY_BANDS: readonly [Severity, number][] = [
  ['critical', 70],
  ['high', 45],
  ['medium', 20],
  ['low', 5],
];
const CRITICALITY_POINTS = { critical: 20, high: 12, medium: 6, low: 0 } as const;

export interface SeverityInput {
  lines: readonly Line[];
  entities: Entities;
  /** The first tactic of each technique (or each line's first tagged tactic), kill-chain order. */
  primaryTactics: readonly TacticRef[];
  success: string | undefined;
}

export function severityFactors(input: SeverityInput, options: ResolvedOptions): SeverityFactor[] {
  const factors: SeverityFactor[] = [...levelFactors(input.lines)];
  const add = (factor: SeverityFactor['factor'], points: number, detail: string) => {
    if (points > 0) factors.push({ factor, detail, points });
  };
  const tactics = input.primaryTactics;
  add('tactic_breadth', Math.min(15, 5 * (tactics.length - 1)), `${tactics.length} tactics: ${tactics.map((t) => t.name).join(', ')}`);
  if (input.success !== undefined) add('success_after_failures', 20, input.success);
  const external = externalSources(input.entities);
  const externalNames = external.map((e) => (e.documentation ? `${e.ip} (documentation range, treated as public)` : e.ip));
  add('external_source', external.length > 0 ? 10 : 0, `public source ${listOf(externalNames)}`);
  const privileged = privilegedAccounts(input.entities, input.lines, options);
  add('privileged_account', privileged.length > 0 ? 10 : 0, `privileged ${listOf(privileged)}`);
  const asset = mostCriticalAsset(input.entities, options);
  if (asset !== undefined) add('asset_criticality', CRITICALITY_POINTS[asset.criticality], `${asset.value} is ${asset.criticality} (pattern ${asset.pattern})`);
  const occurrences = input.lines.reduce((n, l) => n + l.line.occurrences, 0);
  const alerts = input.lines.reduce((n, l) => n + l.line.count, 0);
  add('alert_volume', occurrences >= 1000 ? 10 : occurrences >= 100 ? 6 : occurrences >= 10 ? 3 : 0, `${occurrences} occurrences in ${alerts} alerts`);
  return factors;
}

function levelFactors(lines: readonly Line[]): SeverityFactor[] {
  const byRule = new Map<string, Line>();
  for (const l of lines) {
    const seen = byRule.get(l.line.rule_id);
    if (seen === undefined || LEVEL_RANK[l.line.level] > LEVEL_RANK[seen.line.level]) byRule.set(l.line.rule_id, l);
  }
  // Lines come most severe first, so the first rule is the top one.
  const [top, ...others] = [...byRule.values()];
  if (top === undefined) return [];
  const out: SeverityFactor[] = [{ factor: 'rule_level_max', detail: `${top.line.level}: "${top.line.title}"`, points: LEVEL_POINTS[top.line.level] }];
  const raw = others.reduce((n, l) => n + LEVEL_POINTS[l.line.level] / 3, 0);
  const points = Math.min(15, Math.round(raw));
  if (points > 0) {
    const counts = new Map<RuleLevel, number>();
    for (const l of others) counts.set(l.line.level, (counts.get(l.line.level) ?? 0) + 1);
    const text = [...counts].map(([level, n]) => `${n} ${level}`).join(', ');
    out.push({ factor: 'rule_level_sum', detail: `${others.length} more rules (${text})${raw > 15 ? ', capped' : ''}`, points });
  }
  return out;
}

export function severityOf(score: number): Severity {
  return SEVERITY_BANDS.find(([, min]) => score >= min)?.[0] ?? 'none';
}

/** `a`, `a and b`, `a, b and c`, `a, b, c, d, e and 3 more`. */
export function listOf(values: readonly string[], max = 5): string {
  if (values.length <= 1) return values[0] ?? '';
  const shown = values.slice(0, max);
  const rest = values.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1] ?? ''}`;
}
