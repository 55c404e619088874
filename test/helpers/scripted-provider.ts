import { setTimeout as sleep } from 'node:timers/promises';
import { MESSAGE_OVERHEAD_TOKENS, REPLY_PRIMING_TOKENS } from '../../src/assist/narrate/budget.ts';
import { LlmError, type ChatRequest, type LlmProvider, type ProviderStatus } from '../../src/assist/providers/types.ts';
import type { ProviderId } from '../../src/schema/assist.ts';

/**
 * A scripted LLM provider for tests of the narration and summary code (LLM servers are the one place where
 * a substitute is allowed; wire-protocol fakes live in llm-servers.ts). It implements the real interface,
 * records every request, and refuses (LlmError `budget`, also recorded) any request whose prompt plus
 * reserved reply exceeds its context window, the way a real server fails.
 */
export interface ScriptStep {
  /** Deltas streamed in order. */
  chunks?: readonly string[];
  /** Thrown after the chunks. */
  error?: Error;
  /** After the chunks, wait until the request's signal aborts (then throw LlmError `aborted`). */
  hang?: boolean;
  /** With `hang`: never end, not even on abort (a provider that ignores its signal). */
  ignoreAbort?: boolean;
  /** Pause before each chunk (honours the signal). */
  delayMs?: number;
}

export type Script = readonly ScriptStep[] | ((request: ChatRequest, index: number) => ScriptStep);

export interface ScriptedOptions {
  script: Script;
  contextTokens?: number;
  model?: string;
  id?: ProviderId;
  local?: boolean;
  countTokens?: (text: string) => number;
}

export interface BudgetViolation {
  index: number;
  tokens: number;
  contextTokens: number;
}

/** A tokenizer stand-in: words, numbers and each punctuation mark count one token (not additive over joins). */
export function wordTokens(text: string): number {
  return text.match(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu)?.length ?? 0;
}

export class ScriptedProvider implements LlmProvider {
  readonly id: ProviderId;
  readonly model: string | undefined;
  readonly local: boolean;
  readonly contextTokens: number;
  readonly requests: ChatRequest[] = [];
  readonly violations: BudgetViolation[] = [];
  /** Largest prompt-plus-reserve seen, in tokens. */
  largestRequest = 0;
  private readonly script: Script;
  private readonly counter: (text: string) => number;

  constructor(options: ScriptedOptions) {
    this.script = options.script;
    this.contextTokens = options.contextTokens ?? 8192;
    this.model = options.model ?? 'scripted-model';
    this.id = options.id ?? 'ollama';
    this.local = options.local ?? true;
    this.counter = options.countTokens ?? wordTokens;
  }

  countTokens(text: string): number {
    return this.counter(text);
  }

  /** Tokens a request occupies in the context window: its messages with template overhead, plus its reserve. */
  requestTokens(request: ChatRequest): number {
    const prompt = request.messages.reduce((n, m) => n + this.counter(m.content) + MESSAGE_OVERHEAD_TOKENS, REPLY_PRIMING_TOKENS);
    return prompt + (request.maxTokens ?? this.contextTokens);
  }

  chat(request: ChatRequest): AsyncIterable<string> {
    return this.run(request);
  }

  private async *run(request: ChatRequest): AsyncGenerator<string> {
    const index = this.requests.length;
    this.requests.push(request);
    const tokens = this.requestTokens(request);
    this.largestRequest = Math.max(this.largestRequest, tokens);
    if (tokens > this.contextTokens) {
      this.violations.push({ index, tokens, contextTokens: this.contextTokens });
      throw new LlmError('budget', `request ${index} needs ${tokens} tokens; the context holds ${this.contextTokens}`);
    }
    const step = typeof this.script === 'function' ? this.script(request, index) : this.script[index];
    if (step === undefined) throw new Error(`scripted provider: no step for request ${index}`);
    for (const chunk of step.chunks ?? []) {
      if (step.delayMs !== undefined) await pause(step.delayMs, request.signal);
      if (request.signal?.aborted === true) throw new LlmError('aborted', 'request aborted');
      yield chunk;
    }
    if (step.error !== undefined) throw step.error;
    if (step.hang === true) await hang(request.signal, step.ignoreAbort === true);
  }

  status(): Promise<ProviderStatus> {
    return Promise.resolve({ provider: this.id, configured: true, reachable: true, local: this.local, ...(this.model === undefined ? {} : { model: this.model }) });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, signal === undefined ? {} : { signal });
  } catch (error) {
    throw new LlmError('aborted', 'request aborted', { cause: error });
  }
}

function hang(signal: AbortSignal | undefined, ignoreAbort: boolean): Promise<never> {
  return new Promise<never>((_, reject) => {
    if (ignoreAbort || signal === undefined) return;
    if (signal.aborted) reject(new LlmError('aborted', 'request aborted'));
    signal.addEventListener('abort', () => reject(new LlmError('aborted', 'request aborted')), { once: true });
  });
}

/** A step streaming `text` in pieces of `size` characters (splitting escape sequences and tags on purpose). */
export function reply(text: string, size = 7): ScriptStep {
  const chunks: string[] = [];
  for (let at = 0; at < text.length; at += size) chunks.push(text.slice(at, at + size));
  return { chunks };
}
