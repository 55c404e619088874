import type { FieldGetter } from '../../types.ts';
import type { LowerMemo, Test } from '../match/field.ts';
import type { Anchor } from '../values.ts';

/**
 * What a compiled test needs to be true, as cheap facts about single field values: "at least one of these
 * atoms holds whenever the test holds". The detector checks the atoms of many rules at once per event (one
 * hash lookup or one automaton pass per field) and runs only the rules whose need was met. A need is only
 * ever a necessary condition, never sufficient: the rule's own test still decides.
 *
 * `undefined`: nothing is known (the test may hold with no atom true). `[]`: the test never holds.
 */

/** A fact about one value of a field, as the value tests see it (`text`: String(raw); `lower`: it lower-cased). */
export type ValueAtom =
  | { kind: 'text'; lower: boolean; anchor: Anchor; literal: string }
  | { kind: 'number'; value: number; text: string };

export type ValueNeed = readonly ValueAtom[] | undefined;

/** The field an atom reads: its getter and the lower-case memo that the rule's entry shares. */
export interface FieldSource {
  getter: FieldGetter;
  memo: LowerMemo;
}

export interface Atom {
  source: FieldSource;
  value: ValueAtom;
}

export type Need = readonly Atom[] | undefined;

/** A compiled test with what it needs. */
export interface Matcher {
  test: Test;
  need: Need;
}

/** Alternatives: one of them holds, so one of their atoms holds; unknown if any alternative is unknown. */
export function needAny<T>(needs: readonly (readonly T[] | undefined)[]): readonly T[] | undefined {
  const out: T[] = [];
  for (const need of needs) {
    if (need === undefined) return undefined;
    out.push(...need);
  }
  return out;
}

/** Conjuncts: each one's need is necessary; keep the most selective known one. */
export function needAll<T extends Atom | ValueAtom>(needs: readonly (readonly T[] | undefined)[]): readonly T[] | undefined {
  let best: readonly T[] | undefined;
  let bestScore = -1;
  for (const need of needs) {
    if (need === undefined) continue;
    const score = selectivity(need);
    if (score > bestScore) {
      best = need;
      bestScore = score;
    }
  }
  return best;
}

/**
 * How rarely a need is met, higher is rarer: the weakest atom decides (a set of atoms is met as soon as one
 * is). Longer literals are rarer; a whole-value equality rarer than a substring; numbers (event ids,
 * logon types) are shared by many events. `[]` (never) is the rarest.
 */
export function selectivity(need: readonly (Atom | ValueAtom)[]): number {
  let weakest = Number.POSITIVE_INFINITY;
  for (const item of need) {
    const atom = 'source' in item ? item.value : item;
    const score = atom.kind === 'number' ? 3 : Math.min(atom.literal.length, 16) + (atom.anchor === 'equals' ? 4 : atom.anchor === 'contains' ? 0 : 1);
    if (score < weakest) weakest = score;
  }
  return weakest;
}
