import { LlmConfigSchema, type LlmConfig } from '../../schema/assist.ts';
import { AnthropicEventSchema, AnthropicModelsSchema } from '../../schema/llm-wire.ts';
import { throwIfAborted } from './deadline.ts';
import { openHttp, type HttpTarget } from './http.ts';
import { midStreamError, replyText, type ReplyStep } from './reply.ts';
import { answerTokens, configError, displayUrl, endpointUrl, httpTarget, resolveApiKey, serverAnswered, statusLimits, temperatureOf, type ApiKey } from './settings.ts';
import { decodeLines, parseJsonText, parseSse, preview, type SseEvent } from './stream.ts';
import { estimateTokens } from './tokens.ts';
import { defineProvider, LlmError, type ChatRequest, type LlmProvider, type ProviderDeps, type ProviderStatus } from './types.ts';

export const ANTHROPIC_DEFAULT_URL = 'https://api.anthropic.com';
export const ANTHROPIC_VERSION = '2023-06-01';
export const ANTHROPIC_KEY_ENV = 'ANTHROPIC_API_KEY';
/** The models take far more, but each token of evidence is sent to (and billed by) a hosted service. */
export const ANTHROPIC_DEFAULT_CONTEXT_TOKENS = 32_768;

export const anthropicProvider = defineProvider({
  id: 'anthropic',
  title: 'Anthropic Messages API (hosted: prompts leave this machine)',
  configSchema: LlmConfigSchema,
  create: (config, deps) => createAnthropic(config, deps),
});

interface Anthropic {
  config: LlmConfig;
  root: string;
  target: HttpTarget;
  key: ApiKey;
}

function createAnthropic(config: LlmConfig, deps: ProviderDeps): LlmProvider {
  const root = (config.baseUrl ?? ANTHROPIC_DEFAULT_URL).replace(/\/+$/, '');
  const self: Anthropic = { config, root, target: httpTarget(config, deps, `Anthropic at ${displayUrl(root)}`), key: resolveApiKey(config, deps.env, ANTHROPIC_KEY_ENV) };
  return {
    id: 'anthropic',
    model: config.model,
    local: false,
    contextTokens: config.contextTokens ?? ANTHROPIC_DEFAULT_CONTEXT_TOKENS,
    chat: (request) => chat(self, request),
    countTokens: estimateTokens,
    status: (signal) => status(self, signal),
    close: () => Promise.resolve(),
  };
}

function headers(self: Anthropic): Record<string, string> {
  if (self.key.value === undefined) throw new LlmError('config', self.key.problem ?? `no API key: set ${ANTHROPIC_KEY_ENV} or llm.apiKeyEnv`);
  return { 'x-api-key': self.key.value, 'anthropic-version': ANTHROPIC_VERSION };
}

/**
 * The Messages API takes the system prompt as a top-level `system` string and only user/assistant turns in
 * `messages`. A JSON schema is not sent (the caller validates the reply either way).
 */
export function messagesBody(request: ChatRequest, config: LlmConfig, model: string): Record<string, unknown> {
  const system = request.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
  const temperature = temperatureOf(request, config);
  return {
    model,
    max_tokens: answerTokens(request, config),
    ...(system === '' ? {} : { system }),
    messages: request.messages.filter((m) => m.role !== 'system').map(({ role, content }) => ({ role, content })),
    stream: true,
    ...(temperature === undefined ? {} : { temperature: Math.min(1, temperature) }),
  };
}

async function* chat(self: Anthropic, request: ChatRequest): AsyncGenerator<string> {
  const model = self.config.model;
  if (model === undefined) throw configError('model', 'is not set: name the Anthropic model id to use');
  const sent = headers(self);
  throwIfAborted(request.signal, self.target.label);
  const url = endpointUrl(self.root, '/v1/messages');
  const opened = await openHttp(self.target, { url, headers: sent, body: messagesBody(request, self.config, model), signal: request.signal, classify: modelMissing(self, model) });
  const label = self.target.label;
  yield* replyText(opened, parseSse(decodeLines(opened.chunks(), label)), (event) => readEvent(event, label), label);
}

function readEvent(event: SseEvent, label: string): ReplyStep {
  const parsed = AnthropicEventSchema.safeParse(parseJsonText(event.data, label));
  if (!parsed.success) throw new LlmError('protocol', `${label} sent an unexpected event: ${preview(event.data)}`);
  const data = parsed.data;
  if (data.type === 'error') throw midStreamError(label, [data.error?.type, data.error?.message].filter((p) => p !== undefined).join(': '));
  if (data.type === 'message_stop') return { done: true };
  if (data.type === 'content_block_delta' && data.delta?.type === 'text_delta') return { text: data.delta.text };
  return {};
}

/** Anthropic answers 404 `not_found_error` "model: <id>" for an unknown model. */
function modelMissing(self: Anthropic, model: string): (status: number, message: string) => LlmError | undefined {
  return (status, message) => {
    if (status !== 404 || !/model/i.test(message)) return undefined;
    return new LlmError('model-missing', `${self.target.label} does not know the model "${model}" (server said: ${message})`, { status });
  };
}

/** Connects only when asked with a signal (`vigil llm status`), and only when a model and key are set. */
async function status(self: Anthropic, signal: AbortSignal | undefined): Promise<ProviderStatus> {
  const { model } = self.config;
  const problem = model === undefined ? 'llm.model is not set: name the Anthropic model id to use' : self.key.value === undefined ? (self.key.problem ?? `no API key: set ${ANTHROPIC_KEY_ENV} or llm.apiKeyEnv`) : undefined;
  const base: ProviderStatus = {
    provider: 'anthropic',
    configured: problem === undefined,
    reachable: false,
    checked: false,
    local: false,
    endpoint: displayUrl(self.root),
    ...(model === undefined ? {} : { model }),
    ...(problem === undefined ? {} : { error: problem }),
  };
  if (problem !== undefined || signal === undefined || model === undefined) return base;
  try {
    const url = endpointUrl(self.root, '/v1/models?limit=1000');
    const opened = await openHttp(self.target, { url, headers: headers(self), signal, ...statusLimits(self.target) });
    const list = AnthropicModelsSchema.safeParse(await opened.json());
    if (!list.success) return { ...base, checked: true, reachable: true };
    const models = list.data.data.map((m) => m.id);
    const available = models.some((id) => id === model || id.startsWith(`${model}-`));
    return { ...base, checked: true, reachable: true, models, modelAvailable: available, ...(available ? {} : { error: `the API does not list the model "${model}"` }) };
  } catch (error) {
    if (!(error instanceof LlmError)) throw error;
    return { ...base, checked: true, reachable: serverAnswered(error), error: error.message };
  }
}
