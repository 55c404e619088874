import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProvider } from '../../../src/assist/providers/registry.ts';
import { closedPort, embedVector, pick, startLlmServer } from '../../helpers/llm-servers.ts';
import { collect, HARNESSES, QUESTION, request, setUp, SYSTEM } from './harness.ts';

const SCHEMA = { title: 'Vigil answer', type: 'object', properties: { answer: { type: 'string' }, cites: { type: 'array', items: { type: 'string' } } }, required: ['answer', 'cites'], additionalProperties: false };

describe('what each provider sends', () => {
  it('ollama: /api/chat with stream, num_ctx, num_predict, temperature and the schema as format', async () => {
    const h = HARNESSES.find((x) => x.id === 'ollama')!;
    const { server, provider } = await setUp(h, { contextTokens: 16384, maxAnswerTokens: 700, temperature: 0.1 });
    await collect(provider.chat(request({ jsonSchema: SCHEMA })));
    const sent = server.requests[0]!;
    assert.equal(sent.path, '/api/chat');
    assert.deepEqual([pick(sent.body, 'model'), pick(sent.body, 'stream')], ['llama3.2', true]);
    assert.deepEqual(pick(sent.body, 'options'), { num_ctx: 16384, num_predict: 700, temperature: 0.1 });
    assert.deepEqual(pick(sent.body, 'format'), SCHEMA);
    assert.deepEqual(pick(sent.body, 'messages'), [{ role: 'system', content: SYSTEM }, { role: 'user', content: QUESTION }]);
    await collect(provider.chat(request({ maxTokens: 50 })));
    assert.equal(pick(server.requests[1]?.body, 'format'), undefined);
    assert.deepEqual(pick(server.requests[1]?.body, 'options'), { num_ctx: 16384, num_predict: 50, temperature: 0.1 });
  });

  it('openai-compatible: /chat/completions with Bearer key from the env, max_tokens and response_format', async () => {
    const h = HARNESSES.find((x) => x.id === 'openai-compatible')!;
    const { server, provider } = await setUp(h, { maxAnswerTokens: 600 });
    const reply = await collect(provider.chat(request({ jsonSchema: SCHEMA, temperature: 0 })));
    assert.equal(reply.error, undefined, reply.error?.message);
    const sent = server.requests[0]!;
    assert.equal(sent.path, '/v1/chat/completions');
    assert.equal(sent.headers.authorization, 'Bearer sk-local-test');
    assert.deepEqual([pick(sent.body, 'model'), pick(sent.body, 'stream'), pick(sent.body, 'max_tokens'), pick(sent.body, 'temperature')], ['qwen2.5-7b-instruct', true, 600, 0]);
    assert.deepEqual(pick(sent.body, 'response_format'), { type: 'json_schema', json_schema: { name: 'Vigil_answer', schema: SCHEMA, strict: true } });
    assert.equal(pick(sent.body, 'messages.0.role'), 'system');
  });

  it('openai-compatible: a wrong key is an http 401 error that says to check the key', async () => {
    const h = HARNESSES.find((x) => x.id === 'openai-compatible')!;
    const { provider } = await setUp(h, { apiKey: 'sk-wrong' });
    const reply = await collect(provider.chat(request()));
    assert.equal(reply.error?.kind, 'http');
    assert.equal(reply.error.options.status, 401);
    assert.match(reply.error.message, /Incorrect API key provided.*llm\.apiKey/);
  });

  it('anthropic: /v1/messages with x-api-key, version header, top-level system and no schema', async () => {
    const h = HARNESSES.find((x) => x.id === 'anthropic')!;
    const { server, provider } = await setUp(h, { maxAnswerTokens: 900 });
    const reply = await collect(provider.chat(request({ jsonSchema: SCHEMA })));
    assert.equal(reply.error, undefined, reply.error?.message);
    const sent = server.requests[0]!;
    assert.equal(sent.path, '/v1/messages');
    assert.equal(sent.headers['x-api-key'], 'sk-ant-test');
    assert.equal(sent.headers['anthropic-version'], '2023-06-01');
    assert.equal(sent.headers.authorization, undefined);
    assert.equal(pick(sent.body, 'system'), SYSTEM);
    assert.deepEqual(pick(sent.body, 'messages'), [{ role: 'user', content: QUESTION }]);
    assert.deepEqual([pick(sent.body, 'stream'), pick(sent.body, 'max_tokens')], [true, 900]);
    assert.deepEqual(Object.keys(sent.body as object).sort(), ['max_tokens', 'messages', 'model', 'stream', 'system']);
  });

  it('anthropic: no key is a config error and nothing is sent', async () => {
    const h = HARNESSES.find((x) => x.id === 'anthropic')!;
    const server = await startLlmServer('anthropic', h.server);
    try {
      const provider = createProvider(h.config(server), {}, { env: {} });
      const reply = await collect(provider.chat(request()));
      assert.equal(reply.error?.kind, 'config');
      assert.match(reply.error.message, /ANTHROPIC_API_KEY/);
      assert.equal(server.requests.length, 0);
    } finally {
      await server.close();
    }
  });
});

for (const h of HARNESSES.filter((x) => x.embedModel !== undefined)) {
  describe(`${h.id} embeddings (contract)`, () => {
    it('returns one Float32Array per text, in order, in batches', async () => {
      const { server, provider } = await setUp(h);
      const texts = Array.from({ length: 70 }, (_, i) => `Failed password for root from 203.0.113.${i} port 22 ssh2`);
      const vectors = await provider.embed!(texts);
      assert.equal(vectors.length, 70);
      vectors.forEach((v, i) => {
        assert.ok(v instanceof Float32Array);
        assert.deepEqual([...v], embedVector(texts[i]!));
      });
      assert.deepEqual(server.requests.map((r) => (pick(r.body, 'input') as string[]).length), [32, 32, 6]);
      assert.ok(server.requests.every((r) => pick(r.body, 'model') === h.embedModel));
    });

    it('reports a missing embedding model as model-missing', async () => {
      const { provider } = await setUp(h, { embedModel: 'not-pulled' });
      await assert.rejects(provider.embed!(['x']), (e: Error & { kind?: string }) => e.kind === 'model-missing' && /not-pulled/.test(e.message));
    });
  });
}

describe('no embed method without llm.embedModel', () => {
  for (const h of HARNESSES) {
    it(h.id, async () => {
      const { provider } = await setUp(h, { embedModel: undefined });
      assert.equal('embed' in provider, false);
    });
  }
});

for (const h of HARNESSES) {
  describe(`${h.id} status (contract)`, () => {
    it('is reachable and lists the models, with the configured one available', async () => {
      const { server, provider } = await setUp(h);
      const status = await provider.status(AbortSignal.timeout(10_000));
      assert.equal(status.provider, h.id);
      assert.equal(status.reachable, true, status.error);
      assert.equal(status.configured, true);
      assert.equal(status.checked, true);
      assert.equal(status.modelAvailable, true);
      assert.deepEqual(status.models, h.server.models);
      assert.equal(status.error, undefined);
      assert.equal(status.endpoint, server.baseUrl);
      assert.equal(status.local, h.id !== 'anthropic');
    });

    it('says when the configured model is not on the server', async () => {
      const { provider } = await setUp(h, { model: 'absent-model' });
      const status = await provider.status(AbortSignal.timeout(10_000));
      assert.equal(status.reachable, true);
      assert.equal(status.modelAvailable, false);
      assert.match(status.error ?? '', h.id === 'ollama' ? /ollama pull absent-model/ : /absent-model/);
    });

    it('is unreachable on a closed port, at once (no retries)', async () => {
      const port = await closedPort();
      let attempts = 0;
      const counting: typeof fetch = (input, init) => {
        attempts++;
        return fetch(input, init);
      };
      const { provider } = await setUp(h, { baseUrl: `http://127.0.0.1:${port}` }, { fetch: counting });
      const status = await provider.status(AbortSignal.timeout(10_000));
      assert.equal(status.reachable, false);
      assert.match(status.error ?? '', /connection refused/);
      assert.equal(attempts, 1);
    });
  });
}

describe('status specifics', () => {
  it('ollama: a model named without a tag matches its :latest', async () => {
    const h = HARNESSES.find((x) => x.id === 'ollama')!;
    const { provider } = await setUp(h, { model: 'LLAMA3.2', embedModel: 'nomic-embed-text:latest' });
    const status = await provider.status();
    assert.deepEqual([status.modelAvailable, status.embedModelAvailable], [true, true]);
  });

  it('anthropic: status() without a signal does not connect; a dated id satisfies its alias', async () => {
    const h = HARNESSES.find((x) => x.id === 'anthropic')!;
    const { server, provider } = await setUp(h, { model: 'claude-test-4' });
    const quiet = await provider.status();
    assert.deepEqual([quiet.checked, quiet.reachable, quiet.configured, server.requests.length], [false, false, true, 0]);
    const probed = await provider.status(AbortSignal.timeout(10_000));
    assert.deepEqual([probed.checked, probed.reachable, probed.modelAvailable], [true, true, true]);
    assert.equal(server.requests[0]?.path, '/v1/models');
  });

  it('openai-compatible: a server without /models is reachable with availability unknown', async () => {
    const server = await startLlmServer('openai', {});
    try {
      server.replyWith({ status: 404, message: 'Not Found' }, 'models');
      const provider = createProvider({ provider: 'openai-compatible', baseUrl: server.baseUrl, model: 'any' }, {}, { env: {} });
      const status = await provider.status();
      assert.deepEqual([status.reachable, status.modelAvailable, status.models], [true, undefined, undefined]);
    } finally {
      await server.close();
    }
  });
});
