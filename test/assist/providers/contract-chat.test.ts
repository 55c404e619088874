import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closedPort } from '../../helpers/llm-servers.ts';
import { streamEvents } from '../../helpers/llm-wire.ts';
import { collect, HARNESSES, request, setUp } from './harness.ts';

/** Multi-byte characters of every UTF-8 length, a newline and JSON-significant characters inside the text. */
const DELTAS = ['Brute force from ', '203.0.113.9', ' — 5 échecs', ', 日本語 ', '🔥', ' "quoted" {json}\n', 'data: not an event', ' [F1]'];
const TEXT = DELTAS.join('');

for (const h of HARNESSES) {
  describe(`${h.id} chat (contract)`, () => {
    it('streams exactly the scripted text, wherever the byte stream is split', async () => {
      const { server, provider } = await setUp(h);
      const events = streamEvents(h.wire, h.model, DELTAS);
      const encoded = Buffer.from([...events.head, ...events.deltas, ...events.tail].join(''));
      const inEmoji = encoded.indexOf(Buffer.from('🔥')) + 2;
      const inCjk = encoded.indexOf(Buffer.from('本')) + 1;
      const chunkings = ['events', { every: 1 }, { every: 7 }, { at: [inCjk, inEmoji, inEmoji + 1] }] as const;
      for (const chunking of chunkings) server.replyWith({ deltas: DELTAS, chunking });
      for (const chunking of chunkings) {
        const reply = await collect(provider.chat(request()));
        assert.equal(reply.error, undefined, `chunking ${JSON.stringify(chunking)}: ${reply.error?.message}`);
        assert.equal(reply.text, TEXT, `chunking ${JSON.stringify(chunking)}`);
      }
      assert.equal(server.requests.length, chunkings.length);
    });

    it('ignores keep-alives and comments between events', async () => {
      const { server, provider } = await setUp(h);
      server.replyWith({ deltas: DELTAS, keepAlive: true, chunking: { every: 5 } });
      assert.equal((await collect(provider.chat(request()))).text, TEXT);
    });

    it('stops quickly when aborted mid-stream, and the connection is closed', async () => {
      const { server, provider } = await setUp(h);
      const many = Array.from({ length: 200 }, (_, i) => `piece ${i} `);
      server.replyWith({ deltas: many, delayMs: 25 });
      const controller = new AbortController();
      const reply = await collect(provider.chat(request({ signal: controller.signal })), (_, i) => {
        if (i === 1) controller.abort();
      });
      assert.equal(reply.error?.kind, 'aborted');
      assert.ok(reply.deltas.length >= 2 && reply.deltas.length < many.length, `${reply.deltas.length} deltas`);
      assert.equal(await server.requests[0]?.outcome, 'closed');
    });

    it('does not connect at all when the signal is already aborted', async () => {
      const { server, provider } = await setUp(h);
      const reply = await collect(provider.chat(request({ signal: AbortSignal.abort() })));
      assert.equal(reply.error?.kind, 'aborted');
      assert.equal(server.requests.length, 0);
    });

    it('times out when the server stalls mid-stream, after yielding what came', async () => {
      const { server, provider } = await setUp(h, { timeoutMs: 800 });
      server.replyWith({ deltas: DELTAS.slice(0, 3), end: 'stall' });
      const reply = await collect(provider.chat(request()));
      assert.equal(reply.error?.kind, 'timeout', reply.error?.message);
      assert.match(reply.error.message, /llm\.timeoutMs/);
      assert.equal(reply.text, DELTAS.slice(0, 3).join(''));
      assert.equal(await server.requests[0]?.outcome, 'closed');
    });

    it('times out when no response ever starts, without retrying', async () => {
      const { server, provider } = await setUp(h, { timeoutMs: 800 });
      server.replyWith({ stall: true });
      const reply = await collect(provider.chat(request()));
      assert.equal(reply.error?.kind, 'timeout');
      assert.equal(server.requests.length, 1);
    });

    it("reports a caller's AbortSignal.timeout as a timeout", async () => {
      const { server, provider } = await setUp(h);
      server.replyWith({ stall: true });
      const reply = await collect(provider.chat(request({ signal: AbortSignal.timeout(200) })));
      assert.equal(reply.error?.kind, 'timeout');
    });

    it('yields the streamed prefix, then a protocol error, when the stream is cut off (not retried)', async () => {
      const { server, provider } = await setUp(h);
      server.replyWith({ deltas: DELTAS, end: 'cut', chunking: { every: 11 } });
      const reply = await collect(provider.chat(request()));
      assert.equal(reply.error?.kind, 'protocol', reply.error?.message);
      assert.equal(reply.text, TEXT);
      assert.equal(server.requests.length, 1);
    });

    it('yields the prefix, then a protocol error, when the response ends without its end marker', async () => {
      const { server, provider } = await setUp(h);
      server.replyWith({ deltas: DELTAS, end: 'early' });
      const reply = await collect(provider.chat(request()));
      assert.equal(reply.error?.kind, 'protocol', reply.error?.message);
      assert.match(reply.error.message, /before its end marker/);
      assert.equal(reply.text, TEXT);
      assert.equal(server.requests.length, 1);
    });

    it('yields the prefix, then an http error with the message, on an error event mid-stream', async () => {
      const { provider, server } = await setUp(h);
      server.replyWith({ deltas: DELTAS.slice(0, 2), end: { error: 'GPU out of memory' } });
      const reply = await collect(provider.chat(request()));
      assert.equal(reply.error?.kind, 'http');
      assert.match(reply.error.message, /GPU out of memory/);
      assert.equal(reply.text, DELTAS.slice(0, 2).join(''));
      assert.equal(server.requests.length, 1);
    });

    it('turns a 500 into an http error carrying the status and the server message', async () => {
      const { server, provider } = await setUp(h);
      server.replyWith({ status: 500, message: 'llama runner process has terminated: exit status 2' });
      const reply = await collect(provider.chat(request()));
      assert.equal(reply.error?.kind, 'http');
      assert.equal(reply.error.options.status, 500);
      assert.match(reply.error.message, /HTTP 500: llama runner process has terminated/);
      assert.equal(server.requests.length, 1);
    });

    it('reports a model the server does not have as model-missing', async () => {
      const { server, provider } = await setUp(h, { model: 'no-such-model' });
      const reply = await collect(provider.chat(request()));
      assert.equal(reply.error?.kind, 'model-missing', reply.error?.message);
      assert.match(reply.error.message, /no-such-model/);
      if (h.id === 'ollama') assert.match(reply.error.message, /ollama pull no-such-model/);
      assert.equal(server.requests.length, 1);
    });

    it('retries a 503 and a reset connection before streaming, honouring Retry-After', async () => {
      const { server, provider } = await setUp(h);
      server.replyWith({ status: 503, message: 'loading model', headers: { 'retry-after': '0' } });
      server.replyWith({ reset: true });
      server.replyWith({ deltas: DELTAS });
      const reply = await collect(provider.chat(request()));
      assert.equal(reply.error, undefined, reply.error?.message);
      assert.equal(reply.text, TEXT);
      assert.equal(server.requests.length, 3);
    });

    it('gives up after llm.retries, and at once when Retry-After asks for too long', async () => {
      const { server, provider } = await setUp(h);
      for (let i = 0; i < 3; i++) server.replyWith({ status: 429, message: 'rate limited', headers: { 'retry-after': '0' } });
      const exhausted = await collect(provider.chat(request()));
      assert.equal(exhausted.error?.kind, 'http');
      assert.equal(exhausted.error.options.status, 429);
      assert.equal(server.requests.length, 3);
      server.replyWith({ status: 503, headers: { 'retry-after': '3600' } });
      const tooLong = await collect(provider.chat(request()));
      assert.match(tooLong.error?.message ?? '', /retry after 3600 s/);
      assert.equal(server.requests.length, 4);
    });

    it('is unreachable on a closed port, after retrying the refused connection', async () => {
      const port = await closedPort();
      let attempts = 0;
      const counting: typeof fetch = (input, init) => {
        attempts++;
        return fetch(input, init);
      };
      const { provider } = await setUp(h, { baseUrl: `http://127.0.0.1:${port}${h.wire === 'openai' ? '/v1' : ''}`, retries: 1 }, { fetch: counting });
      const reply = await collect(provider.chat(request()));
      assert.equal(reply.error?.kind, 'unreachable', reply.error?.message);
      assert.match(reply.error.message, /connection refused/);
      assert.equal(attempts, 2);
    });
  });
}
