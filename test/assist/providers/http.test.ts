import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openHttp } from '../../../src/assist/providers/http.ts';
import { connectionFailure, errorCode, MAX_RETRY_WAIT_MS, parseRetryAfter, retryPlan, serverMessage } from '../../../src/assist/providers/http-errors.ts';
import { LlmError } from '../../../src/assist/providers/types.ts';
import { startLlmServer } from '../../helpers/llm-servers.ts';

describe('retry plan', () => {
  const now = Date.parse('2026-01-15T10:00:00Z');

  it('retries only 429, 502, 503 and 529', () => {
    for (const status of [400, 401, 404, 500, 504]) assert.deepEqual(retryPlan(status, '0', 0, now), {}, String(status));
    for (const status of [429, 502, 503, 529]) assert.deepEqual(retryPlan(status, '2', 0, now), { waitMs: 2000 }, String(status));
  });

  it('honours Retry-After in seconds or as an HTTP date, and refuses waits above the cap', () => {
    assert.equal(parseRetryAfter('7', now), 7000);
    assert.equal(parseRetryAfter('Thu, 15 Jan 2026 10:00:05 GMT', now), 5000);
    assert.equal(parseRetryAfter('Thu, 15 Jan 2026 09:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    const tooLong = retryPlan(503, String(MAX_RETRY_WAIT_MS / 1000 + 1), 0, now);
    assert.equal(tooLong.waitMs, undefined);
    assert.match(tooLong.note ?? '', /retry after 21 s/);
  });

  it('backs off exponentially without Retry-After', () => {
    assert.deepEqual([0, 1, 2].map((attempt) => retryPlan(502, null, attempt, now).waitMs), [500, 1000, 2000]);
    assert.equal(retryPlan(502, 'garbage', 10, now).waitMs, MAX_RETRY_WAIT_MS);
  });
});

describe('server error messages', () => {
  it('reads the Ollama, OpenAI, Anthropic and FastAPI shapes, and plain text', () => {
    assert.equal(serverMessage('{"error":"model \'x\' not found"}'), "model 'x' not found");
    assert.equal(serverMessage('{"error":{"message":"bad key","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}'), 'bad key (invalid_request_error, invalid_api_key)');
    assert.equal(serverMessage('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'), 'Overloaded (overloaded_error)');
    assert.equal(serverMessage('{"object":"error","message":"context too long","code":400}'), 'context too long');
    assert.equal(serverMessage('{"detail":[{"loc":["body","model"],"msg":"field required"}]}'), '[{"loc":["body","model"],"msg":"field required"}]');
    assert.equal(serverMessage('<html>\n<h1>502 Bad Gateway</h1>\n</html>'), '<html> <h1>502 Bad Gateway</h1> </html>');
    assert.equal(serverMessage(''), '');
    assert.ok(serverMessage(`{"error":"${'x'.repeat(5000)}"}`).length <= 501);
  });
});

describe('connection failures', () => {
  it('finds the code through fetch wrappers and AggregateErrors', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:11434'), { code: 'ECONNREFUSED' });
    const wrapped = new TypeError('fetch failed', { cause: new AggregateError([refused], 'all failed') });
    assert.equal(errorCode(wrapped), 'ECONNREFUSED');
    const failure = connectionFailure(wrapped, 'Ollama at http://localhost:11434');
    assert.deepEqual([failure.kind, failure.retryable], ['unreachable', true]);
    assert.match(failure.message, /cannot reach Ollama at http:\/\/localhost:11434: connection refused/);
  });

  it('does not retry a failed name lookup; reports undici timeouts as timeouts', () => {
    const notFound = connectionFailure(new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND gpu-box'), { code: 'ENOTFOUND' }) }), 'x');
    assert.deepEqual([notFound.kind, notFound.retryable], ['unreachable', false]);
    const headers = connectionFailure(new TypeError('fetch failed', { cause: Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' }) }), 'x');
    assert.equal(headers.kind, 'timeout');
  });
});

describe('openHttp', () => {
  it('waits what Retry-After asks before retrying', async () => {
    const server = await startLlmServer('ollama');
    after(() => server.close());
    server.replyWith({ status: 503, headers: { 'retry-after': '1' } }, 'models');
    const target = { fetch, label: 'test', timeoutMs: 5000, retries: 1 };
    const opened = await openHttp(target, { url: `${server.origin}/api/tags` });
    assert.deepEqual(await opened.json(), { models: [] });
    assert.equal(server.requests.length, 2);
    const waited = server.requests[1]!.at - server.requests[0]!.at;
    assert.ok(waited >= 950, `retried after ${waited} ms`);
  });

  it('stops waiting for a retry when the caller aborts', async () => {
    const server = await startLlmServer('ollama');
    after(() => server.close());
    server.replyWith({ status: 503, headers: { 'retry-after': '15' } }, 'models');
    const controller = new AbortController();
    const target = { fetch, label: 'test', timeoutMs: 5000, retries: 1 };
    const pending = openHttp(target, { url: `${server.origin}/api/tags`, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(pending, (e: unknown) => e instanceof LlmError && e.kind === 'aborted');
    assert.equal(server.requests.length, 1);
  });

  it('turns a body that is not JSON into a protocol error', async () => {
    const server = await startLlmServer('ollama');
    after(() => server.close());
    server.replyWith({ raw: '{"models": [', headers: { 'content-type': 'application/json' } }, 'models');
    const opened = await openHttp({ fetch, label: 'test', timeoutMs: 5000, retries: 0 }, { url: `${server.origin}/api/tags` });
    await assert.rejects(opened.json(), (e: unknown) => e instanceof LlmError && e.kind === 'protocol');
  });
});
