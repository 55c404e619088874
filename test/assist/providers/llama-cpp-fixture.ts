import assert from 'node:assert/strict';
import { after } from 'node:test';
import { llamaCppProvider } from '../../../src/assist/providers/llama-cpp.ts';
import { LlmError, type ChatRequest, type LlmErrorKind, type LlmProvider } from '../../../src/assist/providers/types.ts';
import { LlmConfigSchema, type LlmConfig } from '../../../src/schema/assist.ts';

/**
 * Providers made for one test file, all closed after it (llama.cpp runs native threads that would keep the
 * process alive). Their `fetch` records every use: the in-process provider must never touch the network.
 */
export function llamaProviders(): { make: (config: LlmConfig) => LlmProvider; fetchCalls: () => number } {
  const made: LlmProvider[] = [];
  let fetchCalls = 0;
  const fetch: typeof globalThis.fetch = () => {
    fetchCalls++;
    return Promise.reject(new Error('the llama-cpp provider used the network'));
  };
  after(async () => {
    for (const provider of made) await provider.close();
  });
  return {
    make: (config) => {
      const provider = llamaCppProvider.create(LlmConfigSchema.parse({ provider: 'llama-cpp', threads: 1, ...config }), { env: {}, fetch });
      made.push(provider);
      return provider;
    },
    fetchCalls: () => fetchCalls,
  };
}

export async function deltas(provider: LlmProvider, request: ChatRequest): Promise<string[]> {
  const out: string[] = [];
  for await (const delta of provider.chat(request)) out.push(delta);
  return out;
}

export async function reply(provider: LlmProvider, request: ChatRequest): Promise<string> {
  return (await deltas(provider, request)).join('');
}

export async function rejectsWith(promise: Promise<unknown>, kind: LlmErrorKind, message?: RegExp | string): Promise<LlmError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof LlmError, `expected an LlmError '${kind}', got ${String(caught)}`);
  assert.equal(caught.kind, kind, caught.message);
  if (typeof message === 'string') assert.ok(caught.message.includes(message), `${caught.message} should name ${message}`);
  else if (message !== undefined) assert.match(caught.message, message);
  return caught;
}

export const user = (content: string): ChatRequest['messages'] => [
  { role: 'system', content: 'You are a SOC assistant. Answer from the evidence only.' },
  { role: 'user', content },
];
