import type { LlmConfig } from '../../schema/assist.ts';
import { classifyIp } from '../../util/ip-class.ts';
import { throwIfAborted } from './deadline.ts';
import type { HttpTarget } from './http.ts';
import { LlmError, type ChatRequest, type ProviderDeps } from './types.ts';

/** Defaults of the `llm:` keys shared by the HTTP providers (docs/assist-providers.md). */
export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_RETRIES = 2;
export const DEFAULT_MAX_ANSWER_TOKENS = 1024;
/** `status()` waits at most this long and never retries: it answers "is it there", not "wait until it is". */
export const STATUS_TIMEOUT_MS = 5_000;
/** Texts per embedding request (each request is one HTTP call with its own time limit). */
export const EMBED_BATCH_SIZE = 32;

export function httpTarget(config: LlmConfig, deps: ProviderDeps, label: string): HttpTarget {
  return { fetch: deps.fetch, label, timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS, retries: config.retries ?? DEFAULT_RETRIES };
}

export function statusLimits(target: HttpTarget): { timeoutMs: number; retries: number } {
  return { timeoutMs: Math.min(target.timeoutMs, STATUS_TIMEOUT_MS), retries: 0 };
}

export function answerTokens(request: ChatRequest, config: LlmConfig): number {
  return request.maxTokens ?? config.maxAnswerTokens ?? DEFAULT_MAX_ANSWER_TOKENS;
}

/** The temperature to send, or undefined to leave the server's default (some hosted models reject others). */
export function temperatureOf(request: ChatRequest, config: LlmConfig): number | undefined {
  return request.temperature ?? config.temperature;
}

export interface ApiKey {
  value?: string;
  /** Why there is none although one was asked for (an unset environment variable). */
  problem?: string;
}

/** `llm.apiKey`, else the variable named by `llm.apiKeyEnv` (else `defaultEnv`). */
export function resolveApiKey(config: LlmConfig, env: ProviderDeps['env'], defaultEnv?: string): ApiKey {
  if (config.apiKey !== undefined) return { value: config.apiKey };
  const name = config.apiKeyEnv ?? defaultEnv;
  if (name === undefined) return {};
  const value = env[name]?.trim();
  if (value !== undefined && value !== '') return { value };
  return { problem: `no API key: the environment variable ${name}${config.apiKeyEnv === undefined ? '' : ' (llm.apiKeyEnv)'} is not set` };
}

/** `base` + `path` without a doubled slash (`http://h:8000/v1/` + `/models`). */
export function endpointUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/** The URL without credentials, query or trailing slash: what status output shows. */
export function displayUrl(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  parsed.search = '';
  parsed.hash = '';
  return parsed.toString().replace(/\/+$/, '');
}

/** Whether a server runs on this machine (loopback address or `localhost`): prompts then stay here. */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || classifyIp(host) === 'loopback';
}

/** Whether a failure still shows the server answered (an error status or a malformed body). */
export function serverAnswered(error: LlmError): boolean {
  return error.kind === 'http' || error.kind === 'model-missing' || error.kind === 'protocol';
}

export function configError(key: string, problem: string): LlmError {
  return new LlmError('config', `llm.${key} ${problem}`);
}

/** One Float32Array per row; the count must match what was asked and all rows must have one dimension. */
export function toVectors(rows: readonly (readonly number[])[], expected: number, label: string): Float32Array[] {
  if (rows.length !== expected) throw new LlmError('protocol', `${label} returned ${rows.length} embeddings for ${expected} texts`);
  const dimension = rows[0]?.length ?? 0;
  if (rows.some((row) => row.length !== dimension || row.length === 0)) {
    throw new LlmError('protocol', `${label} returned embeddings of different or zero dimensions`);
  }
  return rows.map((row) => Float32Array.from(row));
}

/** Embeds in batches of EMBED_BATCH_SIZE, in order; stops at the first failure or abort. */
export async function embedInBatches(
  texts: readonly string[],
  signal: AbortSignal | undefined,
  label: string,
  embedBatch: (batch: string[]) => Promise<Float32Array[]>,
): Promise<Float32Array[]> {
  const vectors: Float32Array[] = [];
  for (let start = 0; start < texts.length; start += EMBED_BATCH_SIZE) {
    throwIfAborted(signal, label);
    vectors.push(...(await embedBatch(texts.slice(start, start + EMBED_BATCH_SIZE))));
  }
  if (vectors.length > 0 && vectors.some((v) => v.length !== vectors[0]!.length)) {
    throw new LlmError('protocol', `${label} returned embeddings of different dimensions`);
  }
  return vectors;
}
