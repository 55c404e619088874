import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { z } from 'zod';
import { LLAMA_CPP_DEFAULT_CONTEXT_TOKENS } from '../../../src/assist/providers/llama-cpp.ts';
import type { LlmProvider } from '../../../src/assist/providers/types.ts';
import { tempDirs } from '../../helpers/temp.ts';
import { TINY_LLAMA, writeTinyLlama } from '../../helpers/tiny-llama.ts';
import { deltas, llamaProviders, rejectsWith, reply, user } from './llama-cpp-fixture.ts';

const dirs = tempDirs('llama-cpp');
const providers = llamaProviders();
let modelPath = '';
let shared: LlmProvider;

before(() => {
  modelPath = join(dirs.fresh(), 'tiny.gguf');
  writeTinyLlama(modelPath);
  shared = providers.make({ modelPath, contextTokens: 1024, timeoutMs: 120_000 });
});

const Verdict = z
  .object({
    severity: z.enum(['low', 'medium', 'high']),
    confirmed: z.boolean(),
    summary: z.string().max(40),
    techniques: z.array(z.enum(['T1110', 'T1078', 'T1190'])).max(3),
    owner: z.string().max(12).nullable(),
  })
  .strict();

describe('llama-cpp provider on a tiny random-weight GGUF model written by the test', () => {
  it('loads nothing on create; after the first call it counts tokens with the model tokenizer and knows its context', async () => {
    const provider = providers.make({ modelPath });
    assert.equal(provider.local, true);
    assert.equal(provider.model, 'tiny.gguf');
    assert.equal(provider.contextTokens, LLAMA_CPP_DEFAULT_CONTEXT_TOKENS);
    assert.equal(provider.countTokens('failed'), 2, 'an estimate before the model is loaded');
    const status = await provider.status();
    assert.equal(status.reachable, true);
    assert.equal(provider.countTokens('failed'), 1, "the vocabulary's '▁failed' token");
    assert.equal(provider.contextTokens, TINY_LLAMA.contextLength, 'the training context when llm.contextTokens is unset');
    assert.equal(shared.contextTokens, 1024);
  });

  it('reports status: configured, reachable, local, the model file name', async () => {
    const status = await shared.status();
    assert.deepEqual(status, { provider: 'llama-cpp', configured: true, reachable: true, local: true, model: 'tiny.gguf', modelAvailable: true });
  });

  it('streams text deltas that join into a reply bounded by maxTokens; a larger budget continues the same greedy reply', async () => {
    const short = await deltas(shared, { messages: user('Which hosts saw failed logins?'), maxTokens: 8 });
    assert.ok(short.length >= 1);
    assert.ok(short.every((d) => d.length > 0));
    const text = short.join('');
    assert.ok(text.trim().length > 0);
    assert.ok(shared.countTokens(text) <= 8 + 1, `${JSON.stringify(text)} is over 8 tokens (+1: the leading-space marker the tokenizer adds)`);
    const long = await reply(shared, { messages: user('Which hosts saw failed logins?'), maxTokens: 32 });
    assert.ok(long.length > text.length);
    assert.ok(long.startsWith(text), `${JSON.stringify(long)} does not continue ${JSON.stringify(text)}`);
  });

  it('serves concurrent chats one at a time on its one context: each gets the reply it gets alone', async () => {
    const a = { messages: user('Summarise the brute-force alerts.'), maxTokens: 16 };
    const b = { messages: user('List external IP addresses.'), maxTokens: 16 };
    const alone = [await reply(shared, a), await reply(shared, b)];
    assert.notEqual(alone[0], alone[1]);
    assert.deepEqual(await Promise.all([reply(shared, a), reply(shared, b)]), alone);
  });

  it('continues a trailing assistant message instead of starting a new turn', async () => {
    const messages = [...user('Answer in JSON.'), { role: 'assistant' as const, content: '{"severity": "' }];
    const continued = await reply(shared, { messages, maxTokens: 6 });
    const fresh = await reply(shared, { messages: user('Answer in JSON.'), maxTokens: 6 });
    assert.ok(continued.length > 0);
    assert.notEqual(continued, fresh);
  });

  it('stops generating when the caller aborts mid-stream, with an aborted LlmError', async () => {
    const request = { messages: user('Describe every incident in detail.'), maxTokens: 400 };
    const full = await reply(shared, request);
    const controller = new AbortController();
    let received = '';
    const reading = (async () => {
      for await (const delta of shared.chat({ ...request, signal: controller.signal })) {
        received += delta;
        controller.abort();
      }
    })();
    await rejectsWith(reading, 'aborted');
    assert.ok(received.length > 0 && received.length < full.length, `received ${received.length} of ${full.length} characters`);
    assert.equal(await reply(shared, { ...request, maxTokens: 8 }), await reply(shared, { ...request, maxTokens: 8 }), 'the context is free again');
  });

  it('fails at once with an aborted LlmError when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await rejectsWith(reply(shared, { messages: user('x'), signal: controller.signal }), 'aborted');
    await rejectsWith(shared.embed!(['x'], controller.signal), 'aborted');
  });

  it('fails with a retryable timeout LlmError when generation outlasts llm.timeoutMs', async () => {
    const provider = providers.make({ modelPath, timeoutMs: 30 });
    await provider.status();
    const error = await rejectsWith(reply(provider, { messages: user('Write a long report.'), maxTokens: 1800 }), 'timeout', 'llm.timeoutMs');
    assert.equal(error.retryable, true);
  });

  it('constrains the reply to a JSON schema (zod → JSON schema → grammar): it parses and validates at any temperature', async () => {
    const jsonSchema = z.toJSONSchema(Verdict);
    for (const temperature of [0, 0.8, 1.5]) {
      const text = await reply(shared, { messages: user('Give the verdict as JSON.'), jsonSchema, temperature, maxTokens: 400 });
      const verdict = Verdict.safeParse(JSON.parse(text));
      assert.ok(verdict.success, `${text}: ${verdict.error?.message ?? ''}`);
    }
  });

  it('returns unconstrained output as text, even when it is not the JSON asked for: the caller validates', async () => {
    const text = await reply(shared, { messages: user('Give the verdict as JSON.'), maxTokens: 24 });
    assert.equal(typeof text, 'string');
    assert.ok(text.length > 0);
    assert.throws(() => JSON.parse(text) as unknown, SyntaxError);
  });

  it("embeds texts as vectors of the model's dimension, one per text in order, cutting what exceeds its context", async () => {
    const texts = ['failed login for root', 'failed login for root', 'outbound beacon to 203.0.113.9', '', 'x'.repeat(20_000)];
    const vectors = await shared.embed!(texts);
    assert.equal(vectors.length, texts.length);
    for (const vector of vectors) {
      assert.ok(vector instanceof Float32Array);
      assert.equal(vector.length, TINY_LLAMA.embeddingLength);
      assert.ok(vector.every(Number.isFinite));
    }
    assert.deepEqual(vectors[0], vectors[1]);
    assert.notDeepEqual(vectors[0], vectors[2]);
  });

  it('embeds with llm.embedModelPath when set, a model apart from the chat model', async () => {
    const embedModelPath = join(dirs.fresh(), 'embed.gguf');
    writeTinyLlama(embedModelPath, { seed: 7 });
    const provider = providers.make({ modelPath, embedModelPath });
    const [own] = await provider.embed!(['failed login for root']);
    const [chatModel] = await shared.embed!(['failed login for root']);
    assert.equal(own?.length, TINY_LLAMA.embeddingLength);
    assert.notDeepEqual(own, chatModel);
    assert.equal((await provider.status()).embedModel, 'embed.gguf');
  });

  it('never touches the network', () => {
    assert.equal(providers.fetchCalls(), 0);
  });
});
