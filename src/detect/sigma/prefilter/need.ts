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
 * How rarely a need is met, higher is rarer: -log10 of a rough chance that a value meets one of its atoms
 * (the chances of the atoms added up). Longer literals are rarer; anchored ones rarer than substrings; short
 * equalities (`GET`, `3`, `true`) and numbers (event ids, logon types) are enumerations many events share.
 * `[]` (never) is the rarest. Only a heuristic: any need is correct, a rarer one runs fewer rules.
 */
export function selectivity(need: readonly (Atom | ValueAtom)[]): number {
  let chance = 0;
  for (const item of need) chance += chanceOf('source' in item ? item.value : item);
  return chance === 0 ? Number.POSITIVE_INFINITY : -Math.log10(Math.min(1, chance));
}

function chanceOf(atom: ValueAtom): number {
  if (atom.kind === 'number') return 0.3;
  const n = atom.literal.length;
  if (atom.anchor === 'equals') return n <= 4 ? 0.5 : 0.1 * 0.5 ** (n - 4);
  return atom.anchor === 'contains' ? 0.5 ** n : 0.3 * 0.5 ** n;
}
