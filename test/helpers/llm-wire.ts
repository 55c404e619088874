/**
 * The exact bytes Ollama, OpenAI-compatible servers and the Anthropic Messages API send: stream events, error
 * bodies, model lists and embeddings. Used by llm-servers.ts; exported for tests that need the raw wire text.
 */

export type LlmWire = 'ollama' | 'openai' | 'anthropic';

const CREATED = '2026-01-15T10:00:00.000000Z';

function sse(data: unknown, event?: string): string {
  return `${event === undefined ? '' : `event: ${event}\n`}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

/** The events of a streamed reply: what comes before the deltas, one event per delta, and the end. */
export interface StreamEvents {
  head: string[];
  deltas: string[];
  tail: string[];
  keepAlive?: string;
  error: (message: string) => string;
}

export function streamEvents(wire: LlmWire, model: string, deltas: readonly string[]): StreamEvents {
  if (wire === 'ollama') {
    const line = (content: string) => `${JSON.stringify({ model, created_at: CREATED, message: { role: 'assistant', content }, done: false })}\n`;
    const done = { model, created_at: CREATED, message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', total_duration: 912_000_000, load_duration: 12_000_000, prompt_eval_count: 42, prompt_eval_duration: 300_000_000, eval_count: deltas.length, eval_duration: 600_000_000 };
    return { head: [], deltas: deltas.map(line), tail: [`${JSON.stringify(done)}\n`], error: (message) => `${JSON.stringify({ error: message })}\n` };
  }
  if (wire === 'openai') {
    const chunk = (delta: Record<string, unknown>, finish: string | null) => sse({ id: 'chatcmpl-vigil1', object: 'chat.completion.chunk', created: 1_768_471_200, model, system_fingerprint: 'fp_test', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
    return {
      head: [chunk({ role: 'assistant', content: '' }, null)],
      deltas: deltas.map((content) => chunk({ content }, null)),
      tail: [chunk({}, 'stop'), sse('[DONE]')],
      keepAlive: ': keep-alive\n\n',
      error: (message) => sse({ error: { message, type: 'server_error', param: null, code: null } }),
    };
  }
  const message = { id: 'msg_vigil1', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 42, output_tokens: 1 } };
  return {
    head: [sse({ type: 'message_start', message }, 'message_start'), sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'), sse({ type: 'ping' }, 'ping')],
    deltas: deltas.map((text) => sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }, 'content_block_delta')),
    tail: [
      sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop'),
      sse({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: deltas.length } }, 'message_delta'),
      sse({ type: 'message_stop' }, 'message_stop'),
    ],
    keepAlive: sse({ type: 'ping' }, 'ping'),
    error: (text) => sse({ type: 'error', error: { type: 'overloaded_error', message: text } }, 'error'),
  };
}

export function streamContentType(wire: LlmWire): string {
  return wire === 'ollama' ? 'application/x-ndjson' : 'text/event-stream; charset=utf-8';
}

const ANTHROPIC_ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

/** An error body in the wire's own shape. */
export function errorBody(wire: LlmWire, status: number, message: string): string {
  if (wire === 'ollama') return JSON.stringify({ error: message });
  if (wire === 'openai') {
    const type = status >= 500 ? 'server_error' : 'invalid_request_error';
    return JSON.stringify({ error: { message, type, param: null, code: status === 404 ? 'model_not_found' : null } });
  }
  return JSON.stringify({ type: 'error', error: { type: ANTHROPIC_ERROR_TYPES[status] ?? 'api_error', message } });
}

/** What each server says for a model it does not have (status 404). */
export function modelMissingMessage(wire: LlmWire, model: string): string {
  if (wire === 'ollama') return `model '${model}' not found`;
  if (wire === 'openai') return `The model \`${model}\` does not exist or you do not have access to it.`;
  return `model: ${model}`;
}

export function modelsBody(wire: LlmWire, models: readonly string[]): string {
  if (wire === 'ollama') {
    return JSON.stringify({ models: models.map((name) => ({ name, model: name, modified_at: CREATED, size: 2_019_393_189, digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72', details: { format: 'gguf', family: 'llama', parameter_size: '3.2B', quantization_level: 'Q4_K_M' } })) });
  }
  if (wire === 'openai') return JSON.stringify({ object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1_768_471_200, owned_by: 'vigil-test' })) });
  return JSON.stringify({ data: models.map((id) => ({ type: 'model', id, display_name: id, created_at: CREATED })), has_more: false, first_id: models[0] ?? null, last_id: models.at(-1) ?? null });
}

/** A deterministic vector for a text (same text, same vector), so tests can check order and values. */
export function embedVector(text: string, dimensions = 4): number[] {
  let hash = 2166136261;
  for (const byte of Buffer.from(text)) hash = Math.imul(hash ^ byte, 16777619) >>> 0;
  return Array.from({ length: dimensions }, (_, i) => (((hash >>> (i * 5)) & 0xff) - 128) / 128);
}

export function embeddingsBody(wire: LlmWire, model: string, inputs: readonly string[], dimensions: number): string {
  const vectors = inputs.map((text) => embedVector(text, dimensions));
  if (wire === 'ollama') return JSON.stringify({ model, embeddings: vectors, total_duration: 14_000_000, load_duration: 1_000_000, prompt_eval_count: inputs.length * 8 });
  return JSON.stringify({ object: 'list', data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })), model, usage: { prompt_tokens: inputs.length * 8, total_tokens: inputs.length * 8 } });
}
