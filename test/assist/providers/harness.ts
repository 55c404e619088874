import { after } from 'node:test';
import { createProvider } from '../../../src/assist/providers/registry.ts';
import { LlmError, type ChatRequest, type LlmProvider, type ProviderDeps } from '../../../src/assist/providers/types.ts';
import type { LlmConfig, ProviderId } from '../../../src/schema/assist.ts';
import { startLlmServer, type FakeLlmServer, type LlmServerOptions, type LlmWire } from '../../helpers/llm-servers.ts';

/** One HTTP provider as the contract suites drive it: its wire, its config against a test server. */
export interface Harness {
  id: ProviderId;
  wire: LlmWire;
  model: string;
  embedModel?: string;
  server: LlmServerOptions;
  config(server: FakeLlmServer): LlmConfig;
  env: Record<string, string>;
}

export const HARNESSES: readonly Harness[] = [
  {
    id: 'ollama',
    wire: 'ollama',
    model: 'llama3.2',
    embedModel: 'nomic-embed-text',
    server: { models: ['llama3.2:latest', 'nomic-embed-text:latest', 'qwen2.5:7b'] },
    config: (s) => ({ provider: 'ollama', model: 'llama3.2', embedModel: 'nomic-embed-text', baseUrl: s.baseUrl }),
    env: {},
  },
  {
    id: 'openai-compatible',
    wire: 'openai',
    model: 'qwen2.5-7b-instruct',
    embedModel: 'bge-m3',
    server: { models: ['qwen2.5-7b-instruct', 'bge-m3'], apiKey: 'sk-local-test' },
    config: (s) => ({ provider: 'openai-compatible', model: 'qwen2.5-7b-instruct', embedModel: 'bge-m3', baseUrl: s.baseUrl, apiKeyEnv: 'VIGIL_TEST_OPENAI_KEY' }),
    env: { VIGIL_TEST_OPENAI_KEY: 'sk-local-test' },
  },
  {
    id: 'anthropic',
    wire: 'anthropic',
    model: 'claude-test-4-20260101',
    server: { models: ['claude-test-4-20260101'], apiKey: 'sk-ant-test' },
    config: (s) => ({ provider: 'anthropic', model: 'claude-test-4-20260101', baseUrl: s.baseUrl }),
    env: { ANTHROPIC_API_KEY: 'sk-ant-test' },
  },
];

/** A fresh server for one test (closed after the file), and a provider pointed at it. */
export async function setUp(h: Harness, extra: LlmConfig = {}, deps: Partial<ProviderDeps> = {}): Promise<{ server: FakeLlmServer; provider: LlmProvider }> {
  const server = await startLlmServer(h.wire, h.server);
  after(() => server.close());
  const provider = createProvider({ ...h.config(server), retries: 2, ...extra }, {}, { env: h.env, ...deps });
  return { server, provider };
}

export const SYSTEM = 'You are a SOC analyst. Cite facts as [F1].';
export const QUESTION = 'Which IP brute-forced sshd?';

export function request(extra: Partial<ChatRequest> = {}): ChatRequest {
  return { messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: QUESTION }], ...extra };
}

/** Everything the reply yielded, and the error that ended it (if any). */
export async function collect(stream: AsyncIterable<string>, onDelta?: (delta: string, index: number) => void): Promise<{ text: string; deltas: string[]; error?: LlmError }> {
  const deltas: string[] = [];
  try {
    for await (const delta of stream) {
      deltas.push(delta);
      onDelta?.(delta, deltas.length - 1);
    }
  } catch (error) {
    if (!(error instanceof LlmError)) throw error;
    return { text: deltas.join(''), deltas, error };
  }
  return { text: deltas.join(''), deltas };
}
