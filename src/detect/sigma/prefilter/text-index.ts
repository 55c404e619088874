import { escapeRegex } from '../match/text.ts';
import type { Anchor } from '../values.ts';
import { Automaton, Trie, type HitSink } from './automaton.ts';
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

/** Marks the positions listed for each literal a scan reports. */
class ListSink implements HitSink {
  marks: Marks | undefined;

  constructor(readonly lists: readonly Int32Array[]) {}

  hit(literal: number): void {
    this.marks!.mark(this.lists[literal]!);
  }
}

/**
 * `contains` literals, by how many there are. Native search is several times faster per character than an
 * automaton step in JavaScript, and most texts (long records searched by keyword rules) hold none of the
 * literals: up to FEW, `includes` each; up to GATED, one native pass of an alternation of them all first,
 * then `includes` each only if it found one; beyond, one automaton pass.
 */
const FEW = 4;
const GATED = 64;

/** Marks the positions of the literals a text contains. */
class Inside {
  private readonly gate: RegExp | undefined;
  private readonly automaton: { automaton: Automaton; sink: ListSink } | undefined;
  private readonly literals: readonly string[];
  private readonly lists: readonly Int32Array[];

  constructor(entries: readonly (readonly [string, Int32Array])[]) {
    const literals = entries.map(([l]) => l);
    const lists = entries.map(([, p]) => p);
    const many = entries.length > GATED;
    this.automaton = many ? { automaton: new Automaton(literals), sink: new ListSink(lists) } : undefined;
    this.gate = !many && entries.length > FEW ? new RegExp(literals.map(escapeRegex).join('|')) : undefined;
    this.literals = many ? [] : literals;
    this.lists = many ? [] : lists;
  }

  scan(text: string, marks: Marks): void {
    if (this.automaton !== undefined) {
      this.automaton.sink.marks = marks;
      this.automaton.automaton.scan(text, this.automaton.sink);
      return;
    }
    if (this.gate !== undefined && !this.gate.test(text)) return;
    for (let i = 0; i < this.literals.length; i++) if (text.includes(this.literals[i]!)) marks.mark(this.lists[i]!);
  }
}

/**
 * Literals searched by trie or automaton are cut to this length (a text holding a literal holds its first
 * characters, and starts or ends with them where the literal must): thousands of 64-digit hashes would
 * otherwise cost a state per digit, for no useful gain in selectivity.
 */
const LONGEST = 24;

function clip(literal: string, anchor: Exclude<Anchor, 'equals'>): string {
  if (literal.length <= LONGEST) return literal;
  return anchor === 'endswith' ? literal.slice(-LONGEST) : literal.slice(0, LONGEST);
}

function reversed(text: string): string {
  let out = '';
  for (let i = text.length - 1; i >= 0; i--) out += text[i]!;
  return out;
}

/**
 * The text atoms of one field, either all case-sensitive or all over the lower-cased text: equalities by
 * hash lookup, `startswith` / `endswith` literals by a trie walk from the text's start / end, `contains`
 * literals as `Inside` says.
 */
export class TextIndex {
  private readonly equals: Map<string, Int32Array>;
  /** Atoms every text meets (an empty literal anywhere). */
  private readonly anyText: Int32Array;
  private readonly starts: { trie: Trie; sink: ListSink } | undefined;
  private readonly ends: { trie: Trie; sink: ListSink } | undefined;
  private readonly inside: Inside | undefined;

  constructor(atoms: readonly { anchor: Anchor; literal: string; position: number }[]) {
    const equals = new PositionLists<string>();
    const anyText = new Set<number>();
    const byAnchor = { contains: new PositionLists<string>(), startswith: new PositionLists<string>(), endswith: new PositionLists<string>() };
    for (const { anchor, literal, position } of atoms) {
      if (anchor === 'equals') equals.add(literal, position);
      else if (literal === '') anyText.add(position);
      else byAnchor[anchor].add(clip(literal, anchor), position);
    }
    this.equals = equals.build();
    this.anyText = Int32Array.from([...anyText].sort((a, b) => a - b));
    const starts = [...byAnchor.startswith.build()];
    const ends = [...byAnchor.endswith.build()];
    const inside = [...byAnchor.contains.build()];
    this.starts = starts.length === 0 ? undefined : { trie: new Trie(starts.map(([l]) => l)), sink: new ListSink(starts.map(([, p]) => p)) };
    this.ends = ends.length === 0 ? undefined : { trie: new Trie(ends.map(([l]) => reversed(l))), sink: new ListSink(ends.map(([, p]) => p)) };
    this.inside = inside.length === 0 ? undefined : new Inside(inside);
  }

  scan(text: string, marks: Marks): void {
    const equal = this.equals.get(text);
    if (equal !== undefined) marks.mark(equal);
    if (this.anyText.length > 0) marks.mark(this.anyText);
    const { starts, ends, inside } = this;
    if (starts !== undefined) {
      starts.sink.marks = marks;
      starts.trie.prefixes(text, starts.sink);
    }
    if (ends !== undefined) {
      ends.sink.marks = marks;
      ends.trie.suffixes(text, ends.sink);
    }
    inside?.scan(text, marks);
  }
}
