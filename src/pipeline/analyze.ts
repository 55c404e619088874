import { createDetector, loadRuleSet, type RuleDirectory } from '../detect/index.ts';
import { defaultResolver } from '../detect/mapping/index.ts';
import type { RuleProblem, RuleSetLoad } from '../detect/types.ts';
import type { Alert } from '../schema/alert.ts';
import type { Incident } from '../schema/incident.ts';
import { eventsInTimeOrder, type Store } from '../store/index.ts';
import type { TriageOptionsInput as TriageOptions } from '../schema/incident.ts';
import { triage } from '../triage/index.ts';
import { builtinRulesDir } from '../util/package-root.ts';

/** Detection and triage over everything in the store: the composition of the detect and triage stages. */

export interface RuleSelection {
  /** Run the built-in pack (default true). */
  builtin?: boolean;
  /** Extra rule files or directories (a SigmaHQ checkout, your own rules). */
  extra?: readonly string[];
  /** Values of Sigma `expand` placeholders (`%Workstations%` → names without the `%`). */
  placeholders?: Readonly<Record<string, readonly string[]>>;
}

export interface RuleSummary {
  total: number;
  loaded: number;
  correlations: number;
  /** Compiled, but for a logsource no Vigil format produces. */
  idle: number;
  unsupported: number;
  invalid: number;
  problems: RuleProblem[];
}

export interface Findings {
  rules: RuleSummary;
  events: number;
  alerts: Alert[];
  incidents: Incident[];
  durationMs: number;
}

export function ruleDirectories(selection: RuleSelection): RuleDirectory[] {
  const dirs: RuleDirectory[] = [];
  if (selection.builtin !== false) dirs.push({ path: builtinRulesDir(), origin: 'builtin' });
  for (const path of selection.extra ?? []) dirs.push({ path, origin: 'extra' });
  return dirs;
}

export function loadRules(selection: RuleSelection): RuleSetLoad {
  return loadRuleSet(ruleDirectories(selection), defaultResolver, { placeholders: selection.placeholders });
}

export function summarizeRules(set: RuleSetLoad): RuleSummary {
  const count = (status: RuleProblem['status']) => set.problems.filter((p) => p.status === status).length;
  return {
    total: set.total,
    loaded: set.rules.length + set.correlations.length,
    correlations: set.correlations.length,
    idle: count('idle'),
    unsupported: count('unsupported'),
    invalid: count('invalid'),
    problems: set.problems,
  };
}

/** Runs the rules over every stored event (time order) and triages the alerts. Stores nothing. */
export function detectAndTriage(store: Store, set: RuleSetLoad, options: TriageOptions = {}): Findings {
  const started = performance.now();
  const detector = createDetector(set, defaultResolver);
  const alerts: Alert[] = [];
  let events = 0;
  for (const event of eventsInTimeOrder(store.db)) {
    events++;
    for (const alert of detector.push(event)) alerts.push(alert);
  }
  for (const alert of detector.flush()) alerts.push(alert);
  const incidents = triage(alerts, options);
  return { rules: summarizeRules(set), events, alerts, incidents, durationMs: performance.now() - started };
}

export interface AnalyzeOptions extends RuleSelection, TriageOptions {
  actor: string;
}

/** detectAndTriage, then the findings replace the stored ones; audited. */
export function analyzeStore(store: Store, options: AnalyzeOptions): Findings & { analysisId: number } {
  const set = loadRules(options);
  const summary = summarizeRules(set);
  const analysisId = store.analyses.start(
    options.actor,
    { builtin: options.builtin !== false, extra: options.extra ?? [], gapMinutes: options.gapMinutes },
    { total: summary.total, loaded: summary.loaded, idle: summary.idle, unsupported: summary.unsupported, invalid: summary.invalid },
  );
  let status: 'completed' | 'failed' = 'failed';
  let counts = { events: 0, alerts: 0, incidents: 0 };
  try {
    const findings = detectAndTriage(store, set, options);
    store.analyses.replaceResults(analysisId, findings.alerts, findings.incidents);
    counts = { events: findings.events, alerts: findings.alerts.length, incidents: findings.incidents.length };
    status = 'completed';
    return { ...findings, analysisId };
  } finally {
    store.analyses.finish(analysisId, status, counts);
    store.audit.append({
      actor: options.actor,
      action: 'analyze',
      target: `analysis ${String(analysisId)}`,
      details: { analysis: analysisId, status, ...counts, rules: { loaded: summary.loaded, idle: summary.idle, unsupported: summary.unsupported, invalid: summary.invalid } },
    });
  }
}
