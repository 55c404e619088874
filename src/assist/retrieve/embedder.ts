/**
 * Something that turns texts into vectors of one length. `id` names the method and model (and version), so
 * that a store indexed with one embedder is rebuilt, not mixed, when another is used.
 */
export interface Embedder {
  readonly id: string;
  /** Vector length; `undefined` until learned (a provider's first answer). */
  readonly dimensions: number | undefined;
  /** Cosine distance beyond which a neighbour is noise rather than a match (none when unset). */
  readonly maxDistance?: number;
  /** How many texts to send per call. */
  readonly batchSize: number;
  /** One unit-length vector per text, same order; rejects when `signal` aborts. */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

/** Anything that can embed: an LLM provider with `embed` (Ollama, OpenAI-compatible, llama-cpp with a GGUF embedding model). */
export interface EmbeddingSource {
  readonly id: string;
  embed?(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

export class EmbeddingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmbeddingError';
  }
}

/** Scales a vector to unit length in place; a zero vector stays zero. */
export function normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const x of vector) sum += x * x;
  if (sum === 0) return vector;
  const scale = 1 / Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) vector[i]! *= scale;
  return vector;
}

class SourceEmbedder implements Embedder {
  readonly batchSize = 32;
  private learned: number | undefined;

  constructor(
    readonly id: string,
    private readonly embedTexts: (texts: readonly string[], signal?: AbortSignal) => Promise<Float32Array[]>,
  ) {}

  get dimensions(): number | undefined {
    return this.learned;
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const vectors = await this.embedTexts(texts, signal);
    if (vectors.length !== texts.length) throw new EmbeddingError(`${this.id} returned ${vectors.length} vectors for ${texts.length} texts`);
    const dimensions = this.learned ?? vectors[0]!.length;
    for (const vector of vectors) {
      if (vector.length !== dimensions || dimensions === 0) throw new EmbeddingError(`${this.id} returned a vector of ${vector.length} values, expected ${dimensions}`);
      if (!vector.every(Number.isFinite)) throw new EmbeddingError(`${this.id} returned a vector with a non-finite value`);
    }
    this.learned = dimensions;
    return vectors.map((v) => normalize(Float32Array.from(v)));
  }
}

/**
 * The embedder of a provider that offers embeddings (`undefined` when it does not). `model` is the embedding
 * model it uses (e.g. the config's `embedModel`), part of the id so that a model change rebuilds the index.
 */
export function providerEmbedder(source: EmbeddingSource, model: string): Embedder | undefined {
  const embed = source.embed?.bind(source);
  if (embed === undefined) return undefined;
  return new SourceEmbedder(`provider:${source.id}:${model}`, embed);
}
