import { basename } from 'node:path';
import type { GbnfJsonSchema, Llama, LlamaGrammar, Token } from 'node-llama-cpp';
import { LlmConfigSchema, type LlmConfig } from '../../schema/assist.ts';
import { errorMessage } from '../../util/errors.ts';
import { CallSignal, TurnQueue, pumpText, untilAborted } from './llama-cpp-async.ts';
import { LlamaCppEngine, type ChatEngine, type EmbedEngine } from './llama-cpp-engine.ts';
import { estimateTokens, promptTokens, toChatHistory } from './llama-cpp-prompt.ts';
import { toGrammarSchema } from './llama-cpp-schema.ts';
import { defineProvider, LlmError, type ChatRequest, type LlmProvider, type ProviderStatus } from './types.ts';

/** A long answer on a CPU takes minutes, the first call also loads the model. */
export const LLAMA_CPP_DEFAULT_TIMEOUT_MS = 300_000;
export const LLAMA_CPP_DEFAULT_MAX_ANSWER_TOKENS = 1024;
/** The context the evidence is budgeted against until the model is loaded and says its own. */
export const LLAMA_CPP_DEFAULT_CONTEXT_TOKENS = 4096;
const GRAMMAR_CACHE_SIZE = 32;

function asLlmError(error: unknown, what: string): LlmError {
  if (error instanceof LlmError) return error;
  return new LlmError('protocol', `llama-cpp: ${what} failed: ${errorMessage(error)}`, { cause: error });
}

/** The in-process llama.cpp provider: a GGUF file on this machine, no server, no network. */
class LlamaCppProvider implements LlmProvider {
  readonly id = 'llama-cpp' as const;
  readonly local = true;
  private readonly engine: LlamaCppEngine | undefined;
  private readonly chatTurns = new TurnQueue();
  private readonly embedTurns = new TurnQueue();
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>();
  private closed = false;

  constructor(private readonly config: LlmConfig) {
    const { modelPath, embedModelPath, threads, contextTokens } = config;
    this.engine = modelPath === undefined ? undefined : new LlamaCppEngine({ modelPath, embedModelPath, threads, contextTokens, gpu: config.gpu === true });
  }

  get model(): string | undefined {
    return this.config.modelPath === undefined ? undefined : basename(this.config.modelPath);
  }

  get contextTokens(): number {
    return this.engine?.chat.value?.contextTokens ?? this.config.contextTokens ?? LLAMA_CPP_DEFAULT_CONTEXT_TOKENS;
  }

  countTokens(text: string): number {
    const loaded = this.engine?.chat.value;
    return loaded === undefined ? estimateTokens(text) : loaded.model.tokenize(text).length;
  }

  private requireEngine(): LlamaCppEngine {
    if (this.closed) throw new LlmError('unreachable', 'llama-cpp: the provider is closed');
    if (this.engine === undefined) throw new LlmError('config', 'llama-cpp: llm.modelPath is not set (the GGUF chat model file)');
    return this.engine;
  }

  private newCall(signal: AbortSignal | undefined): CallSignal {
    return new CallSignal(signal, this.config.timeoutMs ?? LLAMA_CPP_DEFAULT_TIMEOUT_MS);
  }

  async *chat(request: ChatRequest): AsyncGenerator<string> {
    const engine = this.requireEngine();
    if (request.messages.length === 0) throw new LlmError('config', 'llama-cpp: a chat request needs at least one message');
    const call = this.newCall(request.signal);
    try {
      const loaded = await untilAborted(engine.chat.get(), call.signal);
      const grammar = request.jsonSchema === undefined ? undefined : await this.grammarFor(loaded.model.llama, request.jsonSchema);
      const release = await this.chatTurns.take(call.signal);
      try {
        for await (const delta of this.generate(loaded, request, grammar, call)) {
          if (call.signal.aborted) break;
          yield delta;
        }
        const interruption = call.interruption('chat');
        if (interruption !== undefined) throw interruption;
      } finally {
        release();
      }
    } catch (error) {
      throw call.interruption('chat') ?? asLlmError(error, 'chat');
    } finally {
      call.dispose();
    }
  }

  private generate(loaded: ChatEngine, request: ChatRequest, grammar: LlamaGrammar | undefined, call: CallSignal): AsyncGenerator<string> {
    const history = toChatHistory(request.messages);
    const promptLength = promptTokens(loaded.chat, loaded.model, history).length;
    const room = loaded.contextTokens - promptLength;
    if (room <= 0) {
      throw new LlmError('budget', `llama-cpp: the prompt takes ${promptLength} tokens but the context holds ${loaded.contextTokens} (llm.contextTokens)`);
    }
    const maxTokens = Math.min(request.maxTokens ?? this.config.maxAnswerTokens ?? LLAMA_CPP_DEFAULT_MAX_ANSWER_TOKENS, room);
    const temperature = request.temperature ?? this.config.temperature ?? 0;
    return pumpText(
      (push) => loaded.chat.generateResponse(history, { onTextChunk: push, signal: call.signal, maxTokens, temperature, grammar }),
      () => call.stop(),
    );
  }

  private grammarFor(llama: Llama, schema: Record<string, unknown>): Promise<LlamaGrammar> {
    const key = JSON.stringify(schema);
    let grammar = this.grammars.get(key);
    if (grammar === undefined) {
      if (this.grammars.size >= GRAMMAR_CACHE_SIZE) this.grammars.delete(this.grammars.keys().next().value!);
      grammar = llama.createGrammarForJsonSchema<GbnfJsonSchema>(toGrammarSchema(schema)).catch((error: unknown) => {
        this.grammars.delete(key);
        throw new LlmError('config', `llama-cpp: the JSON schema cannot be turned into a grammar: ${errorMessage(error)}`, { cause: error });
      });
      this.grammars.set(key, grammar);
    }
    return grammar;
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const engine = this.requireEngine();
    const call = this.newCall(signal);
    try {
      const loaded = await untilAborted(engine.embed.get(), call.signal);
      const release = await this.embedTurns.take(call.signal);
      try {
        const vectors: Float32Array[] = [];
        for (const text of texts) {
          if (call.signal.aborted) throw new Error('embedding interrupted');
          const embedding = await untilAborted(loaded.context.getEmbeddingFor(embeddingInput(loaded, text)), call.signal);
          vectors.push(Float32Array.from(embedding.vector));
        }
        return vectors;
      } finally {
        release();
      }
    } catch (error) {
      throw call.interruption('embedding') ?? asLlmError(error, 'embedding');
    } finally {
      call.dispose();
    }
  }

  async status(signal?: AbortSignal): Promise<ProviderStatus> {
    const { embedModelPath } = this.config;
    const base: ProviderStatus = {
      provider: this.id,
      configured: this.engine !== undefined,
      reachable: false,
      local: true,
      model: this.model,
      ...(embedModelPath === undefined ? {} : { embedModel: basename(embedModelPath) }),
    };
    try {
      await untilAborted(this.requireEngine().chat.get(), signal);
      return { ...base, reachable: true, modelAvailable: true };
    } catch (error) {
      const failure = signal?.aborted === true ? new LlmError('aborted', 'llama-cpp: status aborted') : asLlmError(error, 'status');
      return { ...base, ...(failure.kind === 'model-missing' ? { modelAvailable: false } : {}), error: failure.message };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.grammars.clear();
    await this.engine?.close();
  }
}

/** The text's tokens, cut to what the embedding context takes (room kept for the BOS/EOS it adds). */
function embeddingInput(loaded: EmbedEngine, text: string): Token[] {
  const tokens = loaded.model.tokenize(text).slice(0, loaded.contextTokens - 3);
  if (tokens.length > 0) return tokens;
  const filler = loaded.model.tokens.bos ?? loaded.model.tokens.eos;
  return filler === null ? loaded.model.tokenize(' ') : [filler];
}

export const llamaCppProvider = defineProvider({
  id: 'llama-cpp',
  title: 'llama.cpp in process (a local GGUF model file, no server)',
  configSchema: LlmConfigSchema,
  create: (config: LlmConfig): LlmProvider => new LlamaCppProvider(config),
});
