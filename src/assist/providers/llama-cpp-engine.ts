import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LlamaChat, Llama, LlamaEmbeddingContext, LlamaModel } from 'node-llama-cpp';
import { llamaLibrary, sharedRuntime } from './llama-cpp-runtime.ts';
import { errorMessage } from '../../util/errors.ts';
import { Lazy } from './llama-cpp-async.ts';
import { LlmError } from './types.ts';

/** Without `llm.contextTokens`, the context is the model's training context, but at most this. */
export const DEFAULT_CONTEXT_CAP = 8192;
/**
 * Embedding inputs longer than this (or the model's training context) are cut. Embedding with the chat model
 * takes a second context on it, kept small: a large model's KV cache costs about 0.5 MB a token.
 */
export const EMBED_CONTEXT_CAP = 2048;
export const CHAT_MODEL_EMBED_CONTEXT_CAP = 512;
const GGUF_VERSIONS = new Set([2, 3]);
const LOG_DRAIN_MS = 250;

export interface EngineSettings {
  modelPath: string;
  embedModelPath?: string;
  threads?: number;
  gpu: boolean;
  contextTokens?: number;
}

export interface ChatEngine {
  model: LlamaModel;
  chat: LlamaChat;
  contextTokens: number;
}

export interface EmbedEngine {
  model: LlamaModel;
  context: LlamaEmbeddingContext;
  contextTokens: number;
}

/** Why a model file cannot be loaded before llama.cpp sees it: absent, not a file, not GGUF. */
async function checkModelFile(path: string, key: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new LlmError('model-missing', `llama-cpp: model file ${path} (llm.${key}) does not exist`);
  if (!info.isFile()) throw new LlmError('model-missing', `llama-cpp: ${path} (llm.${key}) is not a file`);
  const handle = await open(path, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(8), 0, 8, 0);
    if (bytesRead < 8 || buffer.toString('latin1', 0, 4) !== 'GGUF') throw new LlmError('model-missing', `llama-cpp: ${path} (llm.${key}) is not a GGUF model file`);
    const version = buffer.readUInt32LE(4);
    if (!GGUF_VERSIONS.has(version)) throw new LlmError('model-missing', `llama-cpp: ${path} (llm.${key}) is not a GGUF model file this runtime reads (GGUF version ${version})`);
  } finally {
    await handle.close();
  }
}

/**
 * The models of one provider on the shared llama.cpp backend (prebuilt binaries only: never built, never
 * downloaded; CPU unless `gpu`): the chat model with one context, and the embedding model with its own.
 * Each is loaded on first use, once; close() disposes them.
 */
export class LlamaCppEngine {
  private readonly runtime = new Lazy(() => sharedRuntime({ gpu: this.settings.gpu }));
  readonly chat = new Lazy(() => this.loadChat());
  readonly embed = new Lazy(() => this.loadEmbed());
  private readonly ownEmbedModel: boolean;

  constructor(private readonly settings: EngineSettings) {
    this.ownEmbedModel = settings.embedModelPath !== undefined && resolve(settings.embedModelPath) !== resolve(settings.modelPath);
  }

  private async loadModel(path: string, key: string): Promise<LlamaModel> {
    await checkModelFile(path, key);
    const runtime = await this.runtime.get();
    runtime.logTail.length = 0;
    try {
      return await runtime.llama.loadModel({ modelPath: path, gpuLayers: this.settings.gpu ? 'auto' : 0 });
    } catch (error) {
      // llama.cpp's log lines reach the logger through the event loop, possibly after the rejection.
      await sleep(LOG_DRAIN_MS);
      const logged = runtime.logTail.filter((line) => !line.startsWith('Failed simulating'));
      const log = logged.length > 0 ? ` (llama.cpp: ${logged.join(' | ')})` : '';
      const reason = `the file is corrupt, incomplete or not a model this llama.cpp supports: ${errorMessage(error)}${log}`;
      throw new LlmError('model-missing', `llama-cpp: cannot load model ${path} (llm.${key}): ${reason}`, { cause: error });
    }
  }

  private threads(llama: Llama): number {
    return this.settings.threads ?? Math.max(1, llama.cpuMathCores);
  }

  private async loadChat(): Promise<ChatEngine> {
    const model = await this.loadModel(this.settings.modelPath, 'modelPath');
    const train = model.trainContextSize;
    const contextTokens = Math.min(this.settings.contextTokens ?? DEFAULT_CONTEXT_CAP, train);
    try {
      const context = await model.createContext({ contextSize: contextTokens, sequences: 1, threads: this.threads(model.llama) });
      const { LlamaChat } = await llamaLibrary();
      return { model, chat: new LlamaChat({ contextSequence: context.getSequence(), autoDisposeSequence: true }), contextTokens };
    } catch (error) {
      await model.dispose();
      throw new LlmError('config', `llama-cpp: cannot create a ${contextTokens}-token context for ${this.settings.modelPath}: ${errorMessage(error)} (lower llm.contextTokens)`, { cause: error });
    }
  }

  private async loadEmbed(): Promise<EmbedEngine> {
    const model = this.ownEmbedModel ? await this.loadModel(this.settings.embedModelPath!, 'embedModelPath') : (await this.chat.get()).model;
    const contextTokens = Math.min(model.trainContextSize, this.ownEmbedModel ? EMBED_CONTEXT_CAP : CHAT_MODEL_EMBED_CONTEXT_CAP);
    try {
      const context = await model.createEmbeddingContext({ contextSize: contextTokens, batchSize: contextTokens, threads: this.threads(model.llama) });
      return { model, context, contextTokens };
    } catch (error) {
      if (this.ownEmbedModel) await model.dispose();
      throw new LlmError('config', `llama-cpp: cannot create an embedding context for ${model.filename ?? 'the model'}: ${errorMessage(error)}`, { cause: error });
    }
  }

  async close(): Promise<void> {
    const embed = await this.embed.settle();
    await embed?.context.dispose();
    if (this.ownEmbedModel) await embed?.model.dispose();
    const chat = await this.chat.settle();
    chat?.chat.dispose();
    await chat?.model.dispose();
  }
}
