import { setTimeout as sleep } from 'node:timers/promises';
import { abortFailure, Deadline, throwIfAborted } from './deadline.ts';
import { backoffMs, connectionFailure, retryPlan, serverMessage, statusFailure, streamFailure } from './http-errors.ts';
import { parseJsonText } from './stream.ts';
import { LlmError } from './types.ts';

/** Where requests go and how patiently (one per provider instance). */
export interface HttpTarget {
  fetch: typeof globalThis.fetch;
  /** Who is called, for messages: `Ollama at http://127.0.0.1:11434`. */
  label: string;
  timeoutMs: number;
  /** Retries after a refused or reset connection, or a 429/502/503 status; never once a response began. */
  retries: number;
}

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  timeoutMs?: number;
  retries?: number;
  /** A provider's reading of an error status (e.g. 404 "model not found" → model-missing); undefined: generic. */
  classify?: (status: number, message: string) => LlmError | undefined;
}

/** A successful response whose body is read under the same time limit and signal. */
export interface OpenResponse {
  status: number;
  headers: Headers;
  /** The body as it arrives; errors are LlmError (timeout, aborted, protocol when cut off). */
  chunks(): AsyncGenerator<Uint8Array>;
  /** The whole body as JSON (at most MAX_JSON_BYTES). */
  json(): Promise<unknown>;
  /** Stops reading and releases the connection (safe to call twice). */
  close(): void;
}

export const MAX_JSON_BYTES = 64 * 1024 * 1024;
const MAX_ERROR_BODY_BYTES = 64 * 1024;

type Attempt = { response: OpenResponse } | { error: LlmError; waitMs?: number };

/** Sends a request, retrying only where safe, and returns the response once its status is 2xx. */
export async function openHttp(target: HttpTarget, request: HttpRequest): Promise<OpenResponse> {
  const retries = request.retries ?? target.retries;
  for (let attempt = 0; ; attempt++) {
    throwIfAborted(request.signal, target.label);
    const outcome = await attemptOnce(target, request, attempt);
    if ('response' in outcome) return outcome.response;
    if (outcome.waitMs === undefined || attempt >= retries) throw outcome.error;
    await pause(outcome.waitMs, request.signal, target.label);
  }
}

async function attemptOnce(target: HttpTarget, request: HttpRequest, attempt: number): Promise<Attempt> {
  const deadline = new Deadline(request.timeoutMs ?? target.timeoutMs, request.signal);
  deadline.arm();
  let response: Response;
  try {
    response = await target.fetch(request.url, init(request, deadline.signal));
  } catch (error) {
    deadline.pause();
    const failure = deadline.failure(target.label) ?? connectionFailure(error, target.label);
    return { error: failure, ...(failure.retryable ? { waitMs: backoffMs(attempt) } : {}) };
  }
  if (response.ok) {
    deadline.pause();
    return { response: openResponse(response, deadline, target.label) };
  }
  try {
    const message = serverMessage(await readErrorBody(response));
    const failure = deadline.failure(target.label);
    if (failure !== undefined) return { error: failure };
    const custom = request.classify?.(response.status, message);
    if (custom !== undefined) return { error: custom };
    const plan = retryPlan(response.status, response.headers.get('retry-after'), attempt);
    return { error: statusFailure(response.status, message, target.label, plan.note), ...(plan.waitMs !== undefined ? { waitMs: plan.waitMs } : {}) };
  } finally {
    deadline.pause();
  }
}

function init(request: HttpRequest, signal: AbortSignal): RequestInit {
  const headers: Record<string, string> = { accept: 'application/json, application/x-ndjson, text/event-stream', ...request.headers };
  if (request.body === undefined) return { method: request.method ?? 'GET', headers, signal };
  return { method: request.method ?? 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(request.body), signal };
}

async function readErrorBody(response: Response): Promise<string> {
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
  if (reader === undefined) return '';
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_ERROR_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      size += value.byteLength;
    }
  } catch {
    // What arrived before the failure is still the best explanation there is.
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return new TextDecoder().decode(Buffer.concat(parts)).slice(0, MAX_ERROR_BODY_BYTES);
}

function openResponse(response: Response, deadline: Deadline, label: string): OpenResponse {
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    deadline.pause();
    reader?.cancel().catch(() => undefined);
  };
  async function* chunks(): AsyncGenerator<Uint8Array> {
    if (reader === undefined) return;
    try {
      for (;;) {
        const result = await readChunk(reader, deadline, label);
        if (result.done) return;
        yield result.value;
      }
    } finally {
      close();
    }
  }
  return { status: response.status, headers: response.headers, chunks, json: () => readJson(chunks(), label), close };
}

async function readChunk(reader: ReadableStreamDefaultReader<Uint8Array>, deadline: Deadline, label: string): ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']> {
  deadline.arm();
  try {
    return await reader.read();
  } catch (error) {
    throw deadline.failure(label) ?? streamFailure(error, label);
  } finally {
    deadline.pause();
  }
}

async function readJson(chunks: AsyncGenerator<Uint8Array>, label: string): Promise<unknown> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > MAX_JSON_BYTES) throw new LlmError('protocol', `${label} sent more than ${MAX_JSON_BYTES} bytes of JSON`);
    parts.push(chunk);
  }
  return parseJsonText(new TextDecoder().decode(Buffer.concat(parts)), label);
}

async function pause(ms: number, signal: AbortSignal | undefined, label: string): Promise<void> {
  try {
    await sleep(ms, undefined, signal === undefined ? undefined : { signal });
  } catch (error) {
    if (signal?.aborted === true) throw abortFailure(signal, label);
    throw error;
  }
}
