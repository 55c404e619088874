import type { RuleRef } from '../../schema/alert.ts';
import type { CompiledCorrelation, CompiledRule, Correlator, FieldResolver, RuleProblem, SourcePos } from '../types.ts';
import { compileCorrelation as compile } from './compile.ts';
import { CorrelationEngine } from './engine.ts';
import { planOf, RefIndex, type Plan } from './plan.ts';
import { CorrelationRuntime, type RuleFeed } from './runtime.ts';

/**
 * Sigma correlation rules (event_count, value_count, temporal, temporal_ordered, value_sum, value_avg) over
 * the matches of detection rules and of other correlations. Semantics: docs/correlations.md.
 */

/** Compiles one YAML document that has a `correlation` key, or says why it cannot. */
export function compileCorrelation(
  doc: Record<string, unknown>,
  ctx: { pos: SourcePos; origin: RuleRef['origin']; file: string },
): CompiledCorrelation | RuleProblem {
  return compile(doc, ctx);
}

/**
 * A correlator over all loaded correlations. It resolves each correlation's rule references against the
 * loaded rules (and other correlations), marks rules that only feed correlations as `generate: false`, and
 * returns the references it could not resolve as problems. Push every match of every rule (whether it
 * generates or not); matches of rules no correlation references cost one map lookup.
 */
export function createCorrelator(
  correlations: readonly CompiledCorrelation[],
  rules: readonly CompiledRule[],
  resolver: FieldResolver,
): { correlator: Correlator; problems: RuleProblem[] } {
  const index = new RefIndex(rules, correlations);
  const outcomes = new Map<CompiledCorrelation, Plan | RuleProblem>(correlations.map((c) => [c, planOf(c, index, resolver)]));
  dropUnrunnable(outcomes);
  const plans = [...outcomes.values()].filter((o): o is Plan => 'rules' in o);
  applyGenerate(plans);
  const problems = [...outcomes.values()].filter((o): o is RuleProblem => !('rules' in o));
  return { correlator: new CorrelationEngine(feedsOf(plans)), problems };
}

/** Correlations on a reference cycle, or building on a correlation that cannot run, cannot run either. */
function dropUnrunnable(outcomes: Map<CompiledCorrelation, Plan | RuleProblem>): void {
  const problem = (c: CompiledCorrelation, reason: string): RuleProblem => ({ pos: c.pos, status: 'invalid', reason, id: c.ref.id, title: c.ref.title });
  const state = new Map<CompiledCorrelation, 'visiting' | 'done'>();
  const visit = (c: CompiledCorrelation): boolean => {
    const outcome = outcomes.get(c);
    if (outcome === undefined || !('rules' in outcome)) return false;
    if (state.get(c) === 'done') return true;
    if (state.get(c) === 'visiting') {
      outcomes.set(c, problem(c, 'correlation references form a cycle'));
      return false;
    }
    state.set(c, 'visiting');
    const broken = outcome.chains.find((part) => !visit(part.inner));
    state.set(c, 'done');
    if (broken !== undefined && 'rules' in (outcomes.get(c) ?? {})) {
      outcomes.set(c, problem(c, `builds on correlation "${broken.inner.ref.title}" (${broken.inner.ref.id}), which cannot run`));
    }
    return 'rules' in (outcomes.get(c) ?? {});
  };
  for (const c of outcomes.keys()) visit(c);
}

/**
 * Sigma `generate` (default false): the rules and correlations a correlation references raise no alert of
 * their own. When several correlations reference the same rule, one `generate: true` keeps its alerts.
 */
function applyGenerate(plans: readonly Plan[]): void {
  const keep = new Map<CompiledRule | CompiledCorrelation, boolean>();
  for (const plan of plans) {
    for (const target of [...plan.rules.map((p) => p.rule), ...plan.chains.map((p) => p.inner)]) {
      keep.set(target, (keep.get(target) ?? false) || plan.correlation.generateReferenced);
    }
  }
  for (const [target, generate] of keep) target.generate = generate;
}

function feedsOf(plans: readonly Plan[]): Map<CompiledRule, RuleFeed[]> {
  const runtimes = new Map(plans.map((p) => [p.correlation, new CorrelationRuntime(p.correlation)]));
  const feeds = new Map<CompiledRule, RuleFeed[]>();
  for (const plan of plans) {
    const target = runtimes.get(plan.correlation);
    if (target === undefined) continue;
    for (const part of plan.rules) {
      const list = feeds.get(part.rule) ?? [];
      list.push({ target, indices: part.indices, group: part.group, value: part.value });
      feeds.set(part.rule, list);
    }
    for (const part of plan.chains) {
      runtimes.get(part.inner)?.chainFeeds.push({ target, indices: part.indices, groupNames: part.groupNames, valueName: part.valueName });
    }
  }
  return feeds;
}
