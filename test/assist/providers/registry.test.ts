import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProvider, effectiveLlmConfig, providerDefinitions } from '../../../src/assist/providers/registry.ts';
import { LlmError } from '../../../src/assist/providers/types.ts';
import { PROVIDER_IDS } from '../../../src/schema/assist.ts';
import { VigilError } from '../../../src/util/errors.ts';
import { collect, request } from './harness.ts';

let connections = 0;
const spy: typeof fetch = (input, init) => {
  connections++;
  return fetch(input, init);
};
const deps = { env: {}, fetch: spy };

function configError(pattern: RegExp): (e: unknown) => boolean {
  return (e) => e instanceof VigilError && e.code === 'E_CONFIG' && pattern.test(e.message);
}

describe('provider registry', () => {
  it('lists each provider once, by an id of the schema, none first', () => {
    const ids = providerDefinitions().map((d) => d.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.every((id) => (PROVIDER_IDS as readonly string[]).includes(id)));
    assert.deepEqual(ids.filter((id) => id !== 'llama-cpp'), ['none', 'ollama', 'openai-compatible', 'anthropic']);
  });

  it('defaults to none, which never connects and refuses to chat', async () => {
    const provider = createProvider({}, {}, deps);
    assert.deepEqual([provider.id, provider.local, provider.model, 'embed' in provider], ['none', true, undefined, false]);
    assert.deepEqual(await provider.status(AbortSignal.timeout(1000)), { provider: 'none', configured: false, reachable: false, checked: false, local: true });
    const reply = await collect(provider.chat(request()));
    assert.equal(reply.error?.kind, 'config');
    assert.equal(connections, 0);
  });

  it('creates every provider, fully configured, without connecting', () => {
    const full = { model: 'm', embedModel: 'e', baseUrl: 'http://192.0.2.1:1/v1', apiKey: 'k' };
    for (const definition of providerDefinitions().filter((d) => d.id !== 'llama-cpp')) {
      const provider = createProvider({ ...full, provider: definition.id }, {}, deps);
      assert.equal(provider.id, definition.id);
      void provider.chat(request());
    }
    assert.equal(connections, 0);
  });

  it('names the missing or invalid key in an E_CONFIG error', () => {
    assert.throws(() => createProvider({ provider: 'openai-compatible', model: 'x' }, {}, deps), configError(/llm\.baseUrl is required for openai-compatible/));
    assert.throws(() => createProvider({ provider: 'openai-compatible' }, {}, deps), (e: unknown) => e instanceof VigilError && e.exitCode === 3);
    assert.throws(() => createProvider({}, { provider: 'openai-compatible', model: '' }, deps), configError(/llm\.model/));
  });

  it('registers every provider the configuration schema names, each once', () => {
    assert.deepEqual(providerDefinitions().map((d) => d.id).sort(), [...PROVIDER_IDS].sort());
  });

  it('lets --llm and --model win, dropping the keys of another configured provider', () => {
    const file = { provider: 'anthropic' as const, model: 'claude-x', apiKey: 'sk-ant', baseUrl: 'https://api.anthropic.com', timeoutMs: 9000, retries: 1 };
    assert.deepEqual(effectiveLlmConfig(file, { provider: 'ollama' }), { provider: 'ollama', timeoutMs: 9000, retries: 1 });
    assert.deepEqual(effectiveLlmConfig(file, { model: 'claude-y' }), { ...file, model: 'claude-y' });
    const unnamed = { model: 'llama3.2', baseUrl: 'http://127.0.0.1:11434' };
    assert.deepEqual(effectiveLlmConfig(unnamed, { provider: 'ollama' }), { ...unnamed, provider: 'ollama' });
    const switched = createProvider(file, { provider: 'ollama', model: 'qwen2.5' }, { env: { OLLAMA_HOST: '0.0.0.0:11500' }, fetch: spy });
    assert.deepEqual([switched.id, switched.model], ['ollama', 'qwen2.5']);
  });
});

describe('endpoints and locality', () => {
  it('ollama: baseUrl, else OLLAMA_HOST, else 127.0.0.1:11434', async () => {
    const none = await createProvider({ provider: 'ollama' }, {}, { env: {}, fetch: () => Promise.reject(new TypeError('fetch failed')) }).status();
    assert.equal(none.endpoint, 'http://127.0.0.1:11434');
    const env = await createProvider({ provider: 'ollama' }, {}, { env: { OLLAMA_HOST: 'gpu-box:11500' }, fetch: () => Promise.reject(new TypeError('fetch failed')) }).status();
    assert.deepEqual([env.endpoint, env.local], ['http://gpu-box:11500', false]);
    const configured = createProvider({ provider: 'ollama', baseUrl: 'http://localhost:11434/' }, {}, { env: { OLLAMA_HOST: 'gpu-box' }, fetch: spy });
    assert.equal(configured.local, true);
  });

  it('is local only for loopback servers; anthropic never', () => {
    const at = (baseUrl: string) => createProvider({ provider: 'openai-compatible', baseUrl }, {}, deps).local;
    assert.deepEqual([at('http://127.0.0.1:8000/v1'), at('http://[::1]:8000/v1'), at('http://localhost:1234/v1'), at('http://10.1.2.3:8000/v1'), at('https://api.openai.com/v1')], [true, true, true, false, false]);
    assert.equal(createProvider({ provider: 'anthropic', baseUrl: 'http://127.0.0.1:9' }, {}, deps).local, false);
  });

  it('an unset apiKeyEnv variable: not configured, not checked, chat is a config error', async () => {
    const provider = createProvider({ provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', model: 'm', apiKeyEnv: 'VIGIL_NO_SUCH_KEY' }, {}, deps);
    const status = await provider.status(AbortSignal.timeout(1000));
    assert.deepEqual([status.configured, status.checked, status.reachable], [false, false, false]);
    assert.match(status.error ?? '', /VIGIL_NO_SUCH_KEY/);
    const reply = await collect(provider.chat(request()));
    assert.ok(reply.error instanceof LlmError && reply.error.kind === 'config');
    assert.equal(connections, 0);
  });
});
