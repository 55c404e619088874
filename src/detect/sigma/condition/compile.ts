import type { VigilEvent } from '../../../schema/event.ts';
import { compilePattern } from '../match/text.ts';
import { needAll, needAny, selectivity, type Matcher, type Need } from '../prefilter/need.ts';
import { STAR, normaliseParts, type StringPart } from '../values.ts';
import type { Condition } from './parse.ts';

/** A compiled condition, or a constant when folding decided it (an identifier that can never match…). */
export type Folded = Matcher | boolean;

/**
 * How an AND evaluates its parts: `selective` puts first the parts least likely to hold (by their needs, see
 * prefilter/need.ts), so the AND stops early; `written` keeps the rule's order (to check that reordering,
 * which cannot change a result since tests are pure, indeed changes none).
 */
export type ConditionOrder = 'selective' | 'written';

/** The search identifiers an `of` names: `them` is every identifier not starting with `_`. */
export function namesOf(pattern: string | undefined, names: readonly string[]): string[] {
  if (pattern === undefined) return names.filter((n) => !n.startsWith('_'));
  if (!pattern.includes('*')) return names.filter((n) => n === pattern);
  const parts: StringPart[] = normaliseParts(pattern.split('*').flatMap((p, i) => (i === 0 ? [p] : [STAR, p])));
  const test = compilePattern({ kind: 'string', parts, cased: true, bytes: false }).test;
  return names.filter((n) => test(n));
}

/** Every reason the condition cannot be resolved against the identifiers (unknown names, empty patterns). */
export function unresolved(condition: Condition, names: readonly string[]): string[] {
  switch (condition.kind) {
    case 'id':
      return names.includes(condition.name) ? [] : [`unknown search identifier '${condition.name}'`];
    case 'of':
      return namesOf(condition.pattern, names).length > 0 ? [] : [condition.pattern === undefined ? '"them" names no search identifier' : `pattern '${condition.pattern}' matches no search identifier`];
    case 'not':
      return unresolved(condition.item, names);
    default:
      return condition.items.flatMap((c) => unresolved(c, names));
  }
}

/** For each identifier, whether it occurs in a positive and/or negated position (under an odd number of `not`). */
export function polarities(condition: Condition, names: readonly string[], negated = false, out = new Map<string, Set<boolean>>()): Map<string, Set<boolean>> {
  const mark = (name: string): void => {
    const set = out.get(name) ?? new Set<boolean>();
    set.add(negated);
    out.set(name, set);
  };
  if (condition.kind === 'id') mark(condition.name);
  else if (condition.kind === 'of') namesOf(condition.pattern, names).forEach(mark);
  else if (condition.kind === 'not') polarities(condition.item, names, !negated, out);
  else for (const item of condition.items) polarities(item, names, negated, out);
  return out;
}

export function compileCondition(condition: Condition, identifiers: ReadonlyMap<string, Folded>, names: readonly string[], order: ConditionOrder): Folded {
  const compileCondition_ = (c: Condition): Folded => compileCondition(c, identifiers, names, order);
  switch (condition.kind) {
    case 'id':
      return identifiers.get(condition.name) ?? false;
    case 'not': {
      const inner = compileCondition_(condition.item);
      if (typeof inner === 'boolean') return !inner;
      const test = inner.test;
      return { test: (event) => !test(event), need: undefined };
    }
    case 'and':
      return allOf(condition.items.map(compileCondition_), order);
    case 'or':
      return anyOf(condition.items.map(compileCondition_));
    case 'of': {
      const parts = namesOf(condition.pattern, names).map((n) => identifiers.get(n) ?? false);
      if (condition.count === 'all') return allOf(parts, order);
      return atLeast(condition.count, parts, order);
    }
  }
}

export function allOf(parts: readonly Folded[], order: ConditionOrder): Folded {
  if (parts.includes(false)) return false;
  const matchers = parts.filter((p): p is Matcher => typeof p !== 'boolean');
  if (matchers.length === 0) return true;
  if (matchers.length === 1) return matchers[0]!;
  const need = needAll(matchers.map((m) => m.need));
  const tests = (order === 'written' ? matchers : evaluationOrder(matchers, need)).map((m) => m.test);
  const test = (event: VigilEvent): boolean => {
    for (const t of tests) if (!t(event)) return false;
    return true;
  };
  return { test, need };
}

/**
 * The parts with a known need, rarest first; then the part that gave the AND its need (the prefilter runs
 * the rule when that need is met, so that part mostly holds); then the parts whose need is unknown (`not`
 * filters, regular expressions…), as written. The sort is stable.
 */
function evaluationOrder(matchers: readonly Matcher[], chosen: Need): Matcher[] {
  const rank = (m: Matcher): number => (m.need === undefined ? -2 : m.need === chosen ? -1 : selectivity(m.need));
  return matchers
    .map((m, i) => ({ m, i, r: rank(m) }))
    .sort((a, b) => (a.r === b.r ? a.i - b.i : b.r - a.r))
    .map((x) => x.m);
}

export function anyOf(parts: readonly Folded[]): Folded {
  if (parts.includes(true)) return true;
  const matchers = parts.filter((p): p is Matcher => typeof p !== 'boolean');
  if (matchers.length === 0) return false;
  if (matchers.length === 1) return matchers[0]!;
  const tests = matchers.map((m) => m.test);
  const test = (event: VigilEvent): boolean => {
    for (const t of tests) if (t(event)) return true;
    return false;
  };
  return { test, need: needAny(matchers.map((m) => m.need)) };
}

/** `N of`: at least N of the parts hold (so at least one does). */
function atLeast(count: number, parts: readonly Folded[], order: ConditionOrder): Folded {
  const already = parts.filter((p) => p === true).length;
  const matchers = parts.filter((p): p is Matcher => typeof p !== 'boolean');
  const needed = count - already;
  if (needed <= 0) return true;
  if (needed > matchers.length) return false;
  if (needed === 1) return anyOf(matchers);
  if (needed === matchers.length) return allOf(matchers, order);
  const tests = matchers.map((m) => m.test);
  const test = (event: VigilEvent): boolean => {
    let hits = 0;
    for (const t of tests) if (t(event) && ++hits >= needed) return true;
    return false;
  };
  return { test, need: needAny(matchers.map((m) => m.need)) };
}
