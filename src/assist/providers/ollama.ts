import { LlmConfigSchema, type LlmConfig } from '../../schema/assist.ts';
import { OllamaChatLineSchema, OllamaEmbedResponseSchema, OllamaTagsSchema } from '../../schema/llm-wire.ts';
import { throwIfAborted } from './deadline.ts';
import { openHttp, type HttpTarget } from './http.ts';
import { OLLAMA_DEFAULT_URL, ollamaHostUrl } from './ollama-host.ts';
import { midStreamError, replyText, type ReplyStep } from './reply.ts';
import { answerTokens, configError, displayUrl, embedInBatches, endpointUrl, httpTarget, isLoopbackUrl, serverAnswered, statusLimits, temperatureOf, toVectors } from './settings.ts';
import { decodeLines, parseNdjson, preview } from './stream.ts';
import { estimateTokens } from './tokens.ts';
import { defineProvider, LlmError, type ChatRequest, type LlmProvider, type ProviderDeps, type ProviderStatus } from './types.ts';

/** Sent as `num_ctx`, so the window the evidence is budgeted against is the one Ollama really uses. */
export const OLLAMA_DEFAULT_CONTEXT_TOKENS = 8192;

export const ollamaProvider = defineProvider({
  id: 'ollama',
  title: 'Ollama (local server, native API)',
  configSchema: LlmConfigSchema,
  create: (config, deps) => createOllama(config, deps),
});

interface Ollama {
  config: LlmConfig;
  root: string;
  target: HttpTarget;
  contextTokens: number;
}

function createOllama(config: LlmConfig, deps: ProviderDeps): LlmProvider {
  const root = (config.baseUrl ?? ollamaHostUrl(deps.env.OLLAMA_HOST) ?? OLLAMA_DEFAULT_URL).replace(/\/+$/, '');
  const self: Ollama = { config, root, target: httpTarget(config, deps, `Ollama at ${displayUrl(root)}`), contextTokens: config.contextTokens ?? OLLAMA_DEFAULT_CONTEXT_TOKENS };
  const embedModel = config.embedModel;
  return {
    id: 'ollama',
    model: config.model,
    local: isLoopbackUrl(root),
    contextTokens: self.contextTokens,
    chat: (request) => chat(self, request),
    ...(embedModel === undefined ? {} : { embed: (texts: readonly string[], signal?: AbortSignal) => embed(self, embedModel, texts, signal) }),
    countTokens: estimateTokens,
    status: (signal) => status(self, signal),
    close: () => Promise.resolve(),
  };
}

async function* chat(self: Ollama, request: ChatRequest): AsyncGenerator<string> {
  const model = self.config.model;
  if (model === undefined) throw configError('model', 'is not set: name the Ollama model to use (`ollama list` shows them)');
  throwIfAborted(request.signal, self.target.label);
  const temperature = temperatureOf(request, self.config);
  const body = {
    model,
    messages: request.messages.map(({ role, content }) => ({ role, content })),
    stream: true,
    options: { num_ctx: self.contextTokens, num_predict: answerTokens(request, self.config), ...(temperature === undefined ? {} : { temperature }) },
    ...(request.jsonSchema === undefined ? {} : { format: request.jsonSchema }),
  };
  const opened = await openHttp(self.target, { url: endpointUrl(self.root, '/api/chat'), body, signal: request.signal, classify: modelMissing(self, model) });
  const label = self.target.label;
  yield* replyText(opened, parseNdjson(decodeLines(opened.chunks(), label), label), (line) => readLine(line, label), label);
}

function readLine(value: unknown, label: string): ReplyStep {
  const line = OllamaChatLineSchema.safeParse(value);
  if (!line.success) throw new LlmError('protocol', `${label} sent an unexpected line: ${preview(JSON.stringify(value))}`);
  if (line.data.error !== undefined) throw midStreamError(label, line.data.error);
  return { text: line.data.message?.content, done: line.data.done === true };
}

/** Ollama answers 404 `{"error":"model 'x' not found"}` for a model it does not have. */
function modelMissing(self: Ollama, model: string): (status: number, message: string) => LlmError | undefined {
  return (status, message) => {
    if (status !== 404 || !/model/i.test(message) || !/not found/i.test(message)) return undefined;
    return new LlmError('model-missing', `${self.target.label} does not have the model "${model}": run \`ollama pull ${model}\` there (server said: ${message})`, { status });
  };
}

async function embed(self: Ollama, model: string, texts: readonly string[], signal: AbortSignal | undefined): Promise<Float32Array[]> {
  const label = self.target.label;
  return embedInBatches(texts, signal, label, async (input) => {
    const opened = await openHttp(self.target, { url: endpointUrl(self.root, '/api/embed'), body: { model, input }, signal, classify: modelMissing(self, model) });
    const reply = OllamaEmbedResponseSchema.safeParse(await opened.json());
    if (!reply.success) throw new LlmError('protocol', `${label} sent an unexpected /api/embed response`);
    return toVectors(reply.data.embeddings, input.length, label);
  });
}

async function status(self: Ollama, signal: AbortSignal | undefined): Promise<ProviderStatus> {
  const { model, embedModel } = self.config;
  const base: ProviderStatus = {
    provider: 'ollama',
    configured: model !== undefined,
    reachable: false,
    checked: true,
    local: isLoopbackUrl(self.root),
    endpoint: displayUrl(self.root),
    ...(model === undefined ? {} : { model }),
    ...(embedModel === undefined ? {} : { embedModel }),
  };
  let models: string[];
  try {
    const opened = await openHttp(self.target, { url: endpointUrl(self.root, '/api/tags'), signal, ...statusLimits(self.target) });
    const tags = OllamaTagsSchema.safeParse(await opened.json());
    if (!tags.success) return { ...base, reachable: true, error: `${self.target.label} sent an unexpected /api/tags response` };
    models = tags.data.models.map((m) => m.name);
  } catch (error) {
    if (error instanceof LlmError) return { ...base, reachable: serverAnswered(error), error: error.message };
    throw error;
  }
  return { ...base, reachable: true, models, ...availability(models, model, embedModel) };
}

function availability(models: string[], model: string | undefined, embedModel: string | undefined): Partial<ProviderStatus> {
  const has = (name: string) => models.some((m) => sameOllamaModel(m, name));
  const missing = [model, embedModel].filter((m): m is string => m !== undefined && !has(m));
  const problem = model === undefined ? 'llm.model is not set: choose one of the models this server has' : missing.length > 0 ? `not on this server: ${missing.map((m) => `run \`ollama pull ${m}\``).join('; ')}` : undefined;
  return {
    ...(model === undefined ? {} : { modelAvailable: has(model) }),
    ...(embedModel === undefined ? {} : { embedModelAvailable: has(embedModel) }),
    ...(problem === undefined ? {} : { error: problem }),
  };
}

/** Ollama names without a tag mean `:latest`; names are case-insensitive. */
export function sameOllamaModel(a: string, b: string): boolean {
  return withTag(a) === withTag(b);
}

function withTag(name: string): string {
  const lower = name.trim().toLowerCase();
  const last = lower.slice(lower.lastIndexOf('/') + 1);
  return last.includes(':') ? lower : `${lower}:latest`;
}
