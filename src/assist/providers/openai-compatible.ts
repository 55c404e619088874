import { z } from 'zod';
import { LlmConfigSchema, type LlmConfig } from '../../schema/assist.ts';
import { OpenAiChunkSchema, OpenAiEmbeddingsSchema, OpenAiModelsSchema } from '../../schema/llm-wire.ts';
import { throwIfAborted } from './deadline.ts';
import { openHttp, type HttpTarget } from './http.ts';
import { serverMessage } from './http-errors.ts';
import { midStreamError, replyText, type ReplyStep } from './reply.ts';
import { answerTokens, configError, displayUrl, embedInBatches, endpointUrl, httpTarget, isLoopbackUrl, resolveApiKey, serverAnswered, statusLimits, temperatureOf, toVectors, type ApiKey } from './settings.ts';
import { decodeLines, parseJsonText, parseSse, preview, type SseEvent } from './stream.ts';
import { estimateTokens } from './tokens.ts';
import { defineProvider, LlmError, type ChatRequest, type LlmProvider, type ProviderDeps, type ProviderStatus } from './types.ts';

export const OPENAI_DEFAULT_CONTEXT_TOKENS = 8192;

export const OpenAiCompatibleConfigSchema = LlmConfigSchema.extend({
  baseUrl: z.url({
    error: (issue) => (issue.input === undefined ? 'is required for openai-compatible: the API root, e.g. http://127.0.0.1:8000/v1' : 'is not a valid URL'),
  }),
});

export const openAiCompatibleProvider = defineProvider({
  id: 'openai-compatible',
  title: 'OpenAI-compatible server (vLLM, llama.cpp server, LM Studio, LocalAI, hosted APIs)',
  configSchema: OpenAiCompatibleConfigSchema,
  create: (config, deps) => createOpenAiCompatible(config, deps),
});

interface OpenAi {
  config: LlmConfig;
  root: string;
  target: HttpTarget;
  key: ApiKey;
}

function createOpenAiCompatible(config: z.infer<typeof OpenAiCompatibleConfigSchema>, deps: ProviderDeps): LlmProvider {
  const root = config.baseUrl.replace(/\/+$/, '');
  const self: OpenAi = { config, root, target: httpTarget(config, deps, `the server at ${displayUrl(root)}`), key: resolveApiKey(config, deps.env) };
  const embedModel = config.embedModel;
  return {
    id: 'openai-compatible',
    model: config.model,
    local: isLoopbackUrl(root),
    contextTokens: config.contextTokens ?? OPENAI_DEFAULT_CONTEXT_TOKENS,
    chat: (request) => chat(self, request),
    ...(embedModel === undefined ? {} : { embed: (texts: readonly string[], signal?: AbortSignal) => embed(self, embedModel, texts, signal) }),
    countTokens: estimateTokens,
    status: (signal) => status(self, signal),
    close: () => Promise.resolve(),
  };
}

function headers(self: OpenAi): Record<string, string> {
  if (self.key.problem !== undefined) throw new LlmError('config', self.key.problem);
  return self.key.value === undefined ? {} : { authorization: `Bearer ${self.key.value}` };
}

/** `response_format` for a JSON schema: the name must match ^[a-zA-Z0-9_-]{1,64}$. */
export function responseFormat(schema: Record<string, unknown>): Record<string, unknown> {
  const title = typeof schema.title === 'string' ? schema.title.replace(/[^a-zA-Z0-9_-]+/g, '_').slice(0, 64) : '';
  return { type: 'json_schema', json_schema: { name: title === '' ? 'vigil_reply' : title, schema, strict: true } };
}

async function* chat(self: OpenAi, request: ChatRequest): AsyncGenerator<string> {
  const model = self.config.model;
  if (model === undefined) throw configError('model', 'is not set: name the model the server offers (`vigil llm status` lists them)');
  throwIfAborted(request.signal, self.target.label);
  const temperature = temperatureOf(request, self.config);
  const body = {
    model,
    messages: request.messages.map(({ role, content }) => ({ role, content })),
    stream: true,
    max_tokens: answerTokens(request, self.config),
    ...(temperature === undefined ? {} : { temperature }),
    ...(request.jsonSchema === undefined ? {} : { response_format: responseFormat(request.jsonSchema) }),
  };
  const url = endpointUrl(self.root, '/chat/completions');
  const opened = await openHttp(self.target, { url, headers: headers(self), body, signal: request.signal, classify: modelMissing(self, model) });
  const label = self.target.label;
  let finished = false;
  const read = (event: SseEvent): ReplyStep => {
    const step = readEvent(event, label);
    finished ||= step.finished;
    return step;
  };
  yield* replyText(opened, parseSse(decodeLines(opened.chunks(), label)), read, label, () => finished);
}

function readEvent(event: SseEvent, label: string): ReplyStep & { finished: boolean } {
  if (event.data.trim() === '[DONE]') return { done: true, finished: true };
  if (event.event === 'error') throw midStreamError(label, serverMessage(event.data));
  const parsed = OpenAiChunkSchema.safeParse(parseJsonText(event.data, label));
  if (!parsed.success) throw new LlmError('protocol', `${label} sent an unexpected event: ${preview(event.data)}`);
  if (parsed.data.error !== undefined) throw midStreamError(label, serverMessage(event.data));
  const choice = parsed.data.choices?.[0];
  return { text: choice?.delta?.content ?? undefined, finished: choice?.finish_reason !== undefined && choice.finish_reason !== null };
}

/** OpenAI: 404 `model_not_found`; vLLM: 404 "The model `x` does not exist"; others: "model … not found". */
function modelMissing(self: OpenAi, model: string): (status: number, message: string) => LlmError | undefined {
  return (status, message) => {
    const says = /model_not_found/i.test(message) || (/model/i.test(message) && /not (found|exist)|does not exist|unknown/i.test(message));
    if ((status !== 404 && status !== 400) || !says) return undefined;
    return new LlmError('model-missing', `${self.target.label} does not offer the model "${model}" (server said: ${message}); \`vigil llm status\` lists the models it has`, { status });
  };
}

async function embed(self: OpenAi, model: string, texts: readonly string[], signal: AbortSignal | undefined): Promise<Float32Array[]> {
  const label = self.target.label;
  return embedInBatches(texts, signal, label, async (input) => {
    const body = { model, input, encoding_format: 'float' };
    const opened = await openHttp(self.target, { url: endpointUrl(self.root, '/embeddings'), headers: headers(self), body, signal, classify: modelMissing(self, model) });
    const reply = OpenAiEmbeddingsSchema.safeParse(await opened.json());
    if (!reply.success) throw new LlmError('protocol', `${label} sent an unexpected /embeddings response`);
    const rows = [...reply.data.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
    return toVectors(rows, input.length, label);
  });
}

async function status(self: OpenAi, signal: AbortSignal | undefined): Promise<ProviderStatus> {
  const { model, embedModel } = self.config;
  const problem = self.key.problem ?? (model === undefined ? 'llm.model is not set: choose one of the models the server offers' : undefined);
  const base: ProviderStatus = {
    provider: 'openai-compatible',
    configured: model !== undefined && self.key.problem === undefined,
    reachable: false,
    checked: self.key.problem === undefined,
    local: isLoopbackUrl(self.root),
    endpoint: displayUrl(self.root),
    ...(model === undefined ? {} : { model }),
    ...(embedModel === undefined ? {} : { embedModel }),
    ...(problem === undefined ? {} : { error: problem }),
  };
  if (self.key.problem !== undefined) return base;
  try {
    const opened = await openHttp(self.target, { url: endpointUrl(self.root, '/models'), headers: headers(self), signal, ...statusLimits(self.target) });
    const list = OpenAiModelsSchema.safeParse(await opened.json());
    if (!list.success) return { ...base, reachable: true };
    const models = list.data.data.map((m) => m.id);
    const missing = [model, embedModel].filter((m): m is string => m !== undefined && !models.includes(m));
    return {
      ...base,
      reachable: true,
      models,
      ...(model === undefined ? {} : { modelAvailable: models.includes(model) }),
      ...(embedModel === undefined ? {} : { embedModelAvailable: models.includes(embedModel) }),
      ...(problem === undefined && missing.length > 0 ? { error: `not offered by the server: ${missing.join(', ')}` } : {}),
    };
  } catch (error) {
    if (!(error instanceof LlmError)) throw error;
    if (error.kind === 'http' && error.options.status === 404) return { ...base, reachable: true };
    return { ...base, reachable: serverAnswered(error), error: error.message };
  }
}
