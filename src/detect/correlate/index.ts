import type { RuleRef } from '../../schema/alert.ts';
import type { CompiledCorrelation, CompiledRule, Correlator, FieldResolver, RuleProblem, SourcePos } from '../types.ts';

/**
 * Sigma correlation rules. CONTRACT STUB: the correlation work replaces these bodies; the signatures are what
 * the rule loader (sigma/) and the detector call.
 */

/** Compiles one YAML document that has a `correlation` key, or says why it cannot. */
export function compileCorrelation(
  doc: Record<string, unknown>,
  ctx: { pos: SourcePos; origin: RuleRef['origin']; file: string },
): CompiledCorrelation | RuleProblem {
  return { pos: ctx.pos, status: 'unsupported', reason: `correlation rules are not implemented yet (${String(doc.title)})` };
}

/**
 * A correlator over all loaded correlations. It resolves each correlation's rule references against the
 * loaded rules (and other correlations), marks rules that only feed correlations as `generate: false`, and
 * returns the references it could not resolve as problems.
 */
export function createCorrelator(
  correlations: readonly CompiledCorrelation[],
  rules: readonly CompiledRule[],
  resolver: FieldResolver,
): { correlator: Correlator; problems: RuleProblem[] } {
  const problems = correlations.map((c): RuleProblem => ({ pos: c.pos, status: 'unsupported', reason: `correlation over ${String(rules.length)} rules is not implemented yet` }));
  return { correlator: { push: () => [], flush: () => (resolver.keywords === undefined ? [] : []) }, problems };
}
