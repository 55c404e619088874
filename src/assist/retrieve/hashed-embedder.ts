import { compileConcepts, type ConceptLookup } from './concepts.ts';
import { normalize, type Embedder } from './embedder.ts';
import { tokenize, type Token } from './mask.ts';

/**
 * The built-in embedder: no model, no network, the same vector for the same text on every machine.
 * Features, each hashed (FNV-1a, then a 32-bit mix) to one of `dimensions` slots with a hashed sign:
 * - every word (camelCase split, lower-cased), weight 1; stop words 0.2;
 * - the word's character 3-, 4- and 5-grams with boundary marks, together weighing as much as the word, so
 *   `failed` is near `failures` and `authentication` near `authenticate`;
 * - the SOC concepts of the word or of two adjacent words (concepts.ts), weight 1.5;
 * - pairs of adjacent content words, weight 0.5 (word order: `failed password` ≠ `password failed`);
 * - variable parts by kind only (`<ip>`, `<id>`…), weight 0.3; numbers by value, weight 0.3 (a port or event id
 *   says a little, an address says nothing about what happened).
 * A feature seen n times weighs (1 + ln n) times its weight; the vector is scaled to unit length.
 */

const VERSION = 1;
export const DEFAULT_DIMENSIONS = 512;

const WORD = 1;
const STOP_WORD = 0.2;
const CONCEPT = 1.5;
const PAIR = 0.5;
const VARIABLE = 0.3;
const MAX_GRAM_WORD = 32;

const STOP_WORDS = new Set(
  'a an and are as at be been by did do does for from had has have how i in is it its me my of on or our the their there these this those to was were what when where which who why will with you your any all show list give tell about'.split(' '),
);

const CAMEL = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\p{L}+|\p{N}+/gu;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/** Feature key → [weight, occurrences]. */
type Features = Map<string, [number, number]>;

function addFeature(features: Features, key: string, weight: number): void {
  const entry = features.get(key);
  if (entry === undefined) features.set(key, [weight, 1]);
  else entry[1]++;
}

function wordsOf(token: Token): string[] {
  const text = token.text;
  const mixedCase = text !== text.toLowerCase() && text !== text.toUpperCase();
  return mixedCase ? (text.match(CAMEL) ?? [text]).map((w) => w.toLowerCase()) : [text.toLowerCase()];
}

function addGrams(features: Features, word: string): void {
  const marked = `^${word.slice(0, MAX_GRAM_WORD)}$`;
  const grams: string[] = [];
  for (let n = 3; n <= 5; n++) for (let i = 0; i + n <= marked.length; i++) grams.push(marked.slice(i, i + n));
  const weight = 1 / Math.sqrt(grams.length);
  for (const gram of grams) addFeature(features, `g|${gram}`, weight);
}

export class HashedEmbedder implements Embedder {
  readonly id: string;
  readonly maxDistance = 0.9;
  readonly batchSize = 512;
  private readonly concepts: ConceptLookup = compileConcepts();

  constructor(readonly dimensions: number = DEFAULT_DIMENSIONS) {
    if (!Number.isInteger(dimensions) || dimensions < 16 || dimensions > 4096) throw new RangeError('dimensions must be an integer in 16..4096');
    this.id = `hashed-ngram-v${VERSION}:${dimensions}`;
  }

  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    if (signal?.aborted === true) return Promise.reject(signal.reason as Error);
    return Promise.resolve(texts.map((text) => this.embedOne(text)));
  }

  embedOne(text: string): Float32Array {
    const vector = new Float32Array(this.dimensions);
    for (const [key, [weight, count]] of this.features(text)) {
      const hash = fnv1a(key);
      const sign = (hash & 0x80000000) === 0 ? 1 : -1;
      vector[hash % this.dimensions]! += sign * weight * (1 + Math.log(count));
    }
    return normalize(vector);
  }

  private features(text: string): Features {
    const features: Features = new Map();
    let previous: string | undefined;
    for (const token of tokenize(text)) {
      if (token.kind !== 'word') {
        addFeature(features, token.kind === 'num' ? `n|${token.text}` : `v|${token.kind}`, VARIABLE);
        if (token.kind === 'num') for (const concept of this.concepts.ofWord(token.text)) addFeature(features, `c|${concept}`, CONCEPT);
        previous = undefined;
        continue;
      }
      for (const word of wordsOf(token)) {
        this.addWord(features, word, previous);
        if (!STOP_WORDS.has(word)) previous = word;
      }
    }
    return features;
  }

  private addWord(features: Features, word: string, previous: string | undefined): void {
    if (previous !== undefined) for (const concept of this.concepts.ofPhrase(previous, word)) addFeature(features, `c|${concept}`, CONCEPT);
    if (STOP_WORDS.has(word)) {
      addFeature(features, `w|${word}`, STOP_WORD);
      return;
    }
    addFeature(features, `w|${word}`, WORD);
    addGrams(features, word);
    for (const concept of this.concepts.ofWord(word)) addFeature(features, `c|${concept}`, CONCEPT);
    if (previous !== undefined) addFeature(features, `p|${previous} ${word}`, PAIR);
  }
}

let shared: HashedEmbedder | undefined;

/** The default embedder (512 dimensions), shared: it holds no state besides its concept cache. */
export function hashedEmbedder(): HashedEmbedder {
  shared ??= new HashedEmbedder();
  return shared;
}

const BUILT_IN_ID = /^hashed-ngram-v(\d+):(\d+)$/;

/**
 * The built-in embedder an index id names (`undefined` id: the default one). `undefined` when the id names
 * another embedder or an older version of this one, whose vectors this code cannot reproduce.
 */
export function builtInEmbedder(id: string | undefined): HashedEmbedder | undefined {
  if (id === undefined) return hashedEmbedder();
  const match = BUILT_IN_ID.exec(id);
  if (match === null || Number(match[1]) !== VERSION) return undefined;
  const dimensions = Number(match[2]);
  return dimensions === DEFAULT_DIMENSIONS ? hashedEmbedder() : new HashedEmbedder(dimensions);
}

export function isBuiltInEmbedderId(id: string): boolean {
  return BUILT_IN_ID.test(id);
}
