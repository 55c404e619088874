/**
 * Many literals against one text, over UTF-16 code units (what `includes`, `startsWith`, `endsWith` compare):
 * a trie walks the literals a text starts or ends with; Aho-Corasick finds, in one pass, every occurrence
 * of every literal. Built once at load. Transitions are stored sparse (sorted edges per state) with a dense
 * table for the root's ASCII edges, so thousands of long literals (hashes, command-line fragments) cost
 * memory in proportion to their length, not to the alphabet.
 */

/** Receives the matches of a scan: `end` is the index just after the occurrence. */
export interface HitSink {
  hit(literal: number, end: number): void;
}

/** The trie's edges grouped by parent (each group in code order) and the state each literal ends in. */
interface TrieArrays {
  states: number;
  edgeStart: Int32Array;
  edgeCode: Uint16Array;
  edgeTo: Int32Array;
  /** The literal ending at each state, or -1. */
  own: Int32Array;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Built from the literals in code-unit order: each literal shares its path with the previous one up to their
 * common prefix and only adds nodes after it, so every node's children are created in code order and the
 * edges can be laid out flat without a map per node.
 */
function buildTrie(literals: readonly string[]): TrieArrays {
  const order = literals.map((_, id) => id).sort((a, b) => compare(literals[a]!, literals[b]!));
  const parents: number[] = [];
  const codes: number[] = [];
  const ends: number[] = new Array<number>(literals.length);
  const path: number[] = [0];
  let previous = '';
  for (const id of order) {
    const literal = literals[id]!;
    let common = 0;
    while (common < literal.length && common < previous.length && literal.charCodeAt(common) === previous.charCodeAt(common)) common++;
    path.length = common + 1;
    for (let d = common; d < literal.length; d++) {
      parents.push(path[d]!);
      codes.push(literal.charCodeAt(d));
      path.push(parents.length);
    }
    ends[id] = path[literal.length]!;
    previous = literal;
  }
  const states = parents.length + 1;
  const edgeStart = new Int32Array(states + 1);
  for (const parent of parents) edgeStart[parent + 1]!++;
  for (let s = 0; s < states; s++) edgeStart[s + 1]! += edgeStart[s]!;
  const fill = edgeStart.slice(0, states);
  const edgeCode = new Uint16Array(parents.length);
  const edgeTo = new Int32Array(parents.length);
  parents.forEach((parent, i) => {
    const at = fill[parent]!++;
    edgeCode[at] = codes[i]!;
    edgeTo[at] = i + 1;
  });
  const own = new Int32Array(states).fill(-1);
  ends.forEach((state, id) => (own[state] = id));
  return { states, edgeStart, edgeCode, edgeTo, own };
}

/** A trie over literals: which literals a text starts with (or, built over reversed literals, ends with). */
export class Trie {
  private readonly rootAscii = new Int32Array(128);
  private readonly rootOther = new Map<number, number>();
  readonly edgeStart: Int32Array;
  readonly edgeCode: Uint16Array;
  readonly edgeTo: Int32Array;
  /** The literal ending at each state, or -1. */
  readonly own: Int32Array;

  /** Literals must be distinct and not empty; hits name them by their index. */
  constructor(literals: readonly string[]) {
    const trie = buildTrie(literals);
    this.edgeStart = trie.edgeStart;
    this.edgeCode = trie.edgeCode;
    this.edgeTo = trie.edgeTo;
    this.own = trie.own;
    for (let e = this.edgeStart[0]!; e < this.edgeStart[1]!; e++) {
      const code = this.edgeCode[e]!;
      if (code < 128) this.rootAscii[code] = this.edgeTo[e]!;
      else this.rootOther.set(code, this.edgeTo[e]!);
    }
  }

  get states(): number {
    return this.own.length;
  }

  /** The child of `state` by `code`: -1 if none (the root answers 0, itself). */
  edge(state: number, code: number): number {
    if (state === 0) return code < 128 ? this.rootAscii[code]! : (this.rootOther.get(code) ?? 0);
    let low = this.edgeStart[state]!;
    let high = this.edgeStart[state + 1]! - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const at = this.edgeCode[mid]!;
      if (at === code) return this.edgeTo[mid]!;
      if (at < code) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  /** Reports the literals `text` starts with (`end`: their length). */
  prefixes(text: string, sink: HitSink): void {
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      state = this.edge(state, text.charCodeAt(i));
      if (state <= 0) return;
      const literal = this.own[state]!;
      if (literal >= 0) sink.hit(literal, i + 1);
    }
  }

  /** Reports the literals `text` ends with, when built over reversed literals (`end`: the text's length). */
  suffixes(text: string, sink: HitSink): void {
    let state = 0;
    for (let i = text.length - 1; i >= 0; i--) {
      state = this.edge(state, text.charCodeAt(i));
      if (state <= 0) return;
      const literal = this.own[state]!;
      if (literal >= 0) sink.hit(literal, text.length);
    }
  }
}

/** Every occurrence of every literal: the trie plus failure links (Aho-Corasick). */
export class Automaton {
  private readonly trie: Trie;
  private readonly fail: Int32Array;
  /** The first state on the fail chain (itself included) that ends a literal, or -1. */
  private readonly firstOut: Int32Array;

  /** Literals must be distinct and not empty; hits name them by their index. */
  constructor(literals: readonly string[]) {
    this.trie = new Trie(literals);
    this.fail = new Int32Array(this.trie.states);
    this.firstOut = new Int32Array(this.trie.states).fill(-1);
    this.link();
  }

  /** Fail links and output links, breadth first (a state's fail target is shallower, so already done). */
  private link(): void {
    const { fail, firstOut } = this;
    const { edgeStart, edgeCode, edgeTo, own } = this.trie;
    const queue = new Int32Array(fail.length);
    let tail = 0;
    for (let e = edgeStart[0]!; e < edgeStart[1]!; e++) queue[tail++] = edgeTo[e]!;
    for (let head = 0; head < tail; head++) {
      const state = queue[head]!;
      firstOut[state] = own[state]! >= 0 ? state : firstOut[fail[state]!]!;
      for (let e = edgeStart[state]!; e < edgeStart[state + 1]!; e++) {
        const child = edgeTo[e]!;
        fail[child] = this.step(fail[state]!, edgeCode[e]!);
        queue[tail++] = child;
      }
    }
  }

  private step(from: number, code: number): number {
    const trie = this.trie;
    let state = from;
    for (;;) {
      const next = trie.edge(state, code);
      if (next >= 0) return next;
      state = this.fail[state]!;
    }
  }

  /** Reports every occurrence of every literal in `text`, in order of their end. */
  scan(text: string, sink: HitSink): void {
    const { firstOut, fail } = this;
    const own = this.trie.own;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      state = this.step(state, text.charCodeAt(i));
      for (let o = firstOut[state]!; o >= 0; o = firstOut[fail[o]!]!) sink.hit(own[o]!, i + 1);
    }
  }
}
