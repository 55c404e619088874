import type { z } from 'zod';
import type { LlmConfig, ProviderId } from '../../schema/assist.ts';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  messages: readonly ChatMessage[];
  /** Upper bound on the reply's tokens (default: the config's maxAnswerTokens). */
  maxTokens?: number;
  temperature?: number;
  /**
   * A JSON schema the reply must follow. Providers that can constrain decoding (llama-cpp grammars, Ollama
   * `format`, OpenAI `response_format`) do; the caller validates the reply either way.
   */
  jsonSchema?: Record<string, unknown>;
  signal?: AbortSignal;
}

export interface ProviderStatus {
  provider: ProviderId;
  /** False for `none` and for a provider named without what it needs (e.g. no model). */
  configured: boolean;
  /** Whether the server answered (or the model file loaded); false when not checked. */
  reachable: boolean;
  /** Whether status() connected (or loaded) to find out; false for `none` and when it had nothing to check. */
  checked?: boolean;
  /** False when prompts leave this machine (a hosted API): the CLI and UI must say so plainly. */
  local: boolean;
  endpoint?: string;
  model?: string;
  /** The configured model is among those the server offers (undefined when the server cannot list them). */
  modelAvailable?: boolean;
  models?: string[];
  embedModel?: string;
  /** The embedding model is among those the server offers (undefined when unknown or not configured). */
  embedModelAvailable?: boolean;
  error?: string;
}

export const LLM_ERROR_KINDS = ['config', 'unreachable', 'model-missing', 'timeout', 'aborted', 'http', 'protocol', 'budget'] as const;
export type LlmErrorKind = (typeof LLM_ERROR_KINDS)[number];

/** Every provider failure, with a kind callers can act on; `retryable` only where a retry is safe. */
export class LlmError extends Error {
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly options: { retryable?: boolean; status?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'LlmError';
  }

  get retryable(): boolean {
    return this.options.retryable === true;
  }
}

export interface LlmProvider {
  readonly id: ProviderId;
  readonly model: string | undefined;
  readonly local: boolean;
  /** The context window the evidence is budgeted against. */
  readonly contextTokens: number;
  /** Streams the reply as text deltas; throws LlmError (also when `signal` aborts). */
  chat(request: ChatRequest): AsyncIterable<string>;
  /** Embeddings, when the provider offers them (one vector per text, same order). */
  embed?(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
  /** Token count: exact where the provider has a tokenizer, else a conservative estimate. */
  countTokens(text: string): number;
  /** Checks reachability and models. The only method that may connect without a question being asked. */
  status(signal?: AbortSignal): Promise<ProviderStatus>;
  close(): Promise<void>;
}

/** What a provider module gets besides its config (injected so tests need no globals). */
export interface ProviderDeps {
  env: Readonly<Record<string, string | undefined>>;
  fetch: typeof globalThis.fetch;
}

export interface ProviderDefinition<C extends z.ZodType = z.ZodType> {
  id: ProviderId;
  title: string;
  /** Validates the `llm:` block for this provider; its errors name the missing key. */
  configSchema: C;
  create(config: z.infer<C>, deps: ProviderDeps): LlmProvider;
}

export function defineProvider<C extends z.ZodType>(definition: ProviderDefinition<C>): ProviderDefinition<C> {
  return definition;
}

export type { LlmConfig };
