import type { Anchor } from '../values.ts';
import { Automaton, type HitSink } from './automaton.ts';
import type { Marks } from './marks.ts';

/** Positions (of rules in their group) by key, built into sorted, duplicate-free arrays. */
export class PositionLists<K> {
  private readonly sets = new Map<K, Set<number>>();

  add(key: K, position: number): void {
    let set = this.sets.get(key);
    if (set === undefined) {
      set = new Set();
      this.sets.set(key, set);
    }
    set.add(position);
  }

  get size(): number {
    return this.sets.size;
  }

  build(): Map<K, Int32Array> {
    const out = new Map<K, Int32Array>();
    for (const [key, set] of this.sets) out.set(key, Int32Array.from([...set].sort((a, b) => a - b)));
    return out;
  }
}

const NONE = new Int32Array(0);

/**
 * The text atoms of one field, either all case-sensitive or all over the lower-cased text: equalities by
 * hash lookup, `startswith` / `endswith` / `contains` literals by one automaton pass, the anchor of each
 * occurrence checked where it is found.
 */
export class TextIndex implements HitSink {
  private readonly equals: Map<string, Int32Array>;
  /** Atoms every text meets (an empty literal anywhere). */
  private readonly anyText: Int32Array;
  private readonly automaton: Automaton | undefined;
  private readonly lengths: Int32Array;
  private readonly anywhere: Int32Array[];
  private readonly atStart: Int32Array[];
  private readonly atEnd: Int32Array[];
  private marks: Marks | undefined;
  private textLength = 0;

  constructor(atoms: readonly { anchor: Anchor; literal: string; position: number }[]) {
    const equals = new PositionLists<string>();
    const anyText = new Set<number>();
    const byAnchor = { contains: new PositionLists<string>(), startswith: new PositionLists<string>(), endswith: new PositionLists<string>() };
    for (const { anchor, literal, position } of atoms) {
      if (anchor === 'equals') equals.add(literal, position);
      else if (literal === '') anyText.add(position);
      else byAnchor[anchor].add(literal, position);
    }
    this.equals = equals.build();
    this.anyText = Int32Array.from([...anyText].sort((a, b) => a - b));
    const lists = { contains: byAnchor.contains.build(), startswith: byAnchor.startswith.build(), endswith: byAnchor.endswith.build() };
    const literals = [...new Set([...lists.contains.keys(), ...lists.startswith.keys(), ...lists.endswith.keys()])].sort();
    this.automaton = literals.length === 0 ? undefined : new Automaton(literals);
    this.lengths = Int32Array.from(literals.map((l) => l.length));
    this.anywhere = literals.map((l) => lists.contains.get(l) ?? NONE);
    this.atStart = literals.map((l) => lists.startswith.get(l) ?? NONE);
    this.atEnd = literals.map((l) => lists.endswith.get(l) ?? NONE);
  }

  scan(text: string, marks: Marks): void {
    const equal = this.equals.get(text);
    if (equal !== undefined) marks.mark(equal);
    if (this.anyText.length > 0) marks.mark(this.anyText);
    if (this.automaton === undefined) return;
    this.marks = marks;
    this.textLength = text.length;
    this.automaton.scan(text, this);
  }

  hit(literal: number, end: number): void {
    const marks = this.marks!;
    marks.mark(this.anywhere[literal]!);
    if (end === this.lengths[literal]) marks.mark(this.atStart[literal]!);
    if (end === this.textLength) marks.mark(this.atEnd[literal]!);
  }
}
