import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { narrateOrFallback } from '../../../src/assist/narrate/fallback.ts';
import { narrate } from '../../../src/assist/narrate/narrate.ts';
import type { NarrationInput } from '../../../src/assist/narrate/prompt.ts';
import { NarrationError } from '../../../src/assist/narrate/reply.ts';
import { LlmError } from '../../../src/assist/providers/types.ts';
import { bruteForceFacts } from '../../helpers/facts.ts';
import { ScriptedProvider, reply } from '../../helpers/scripted-provider.ts';

const input: NarrationInput = { question: 'Was root compromised?', mode: 'advanced', intent: 'failed-logins', facts: bruteForceFacts() };
const DETERMINISTIC = 'Deterministic answer: 1204 failed logins then a success for root [F2][F3].';
const ANSWER = 'Yes. 203.0.113.9 made 1204 failed SSH logins against root and admin on web-01 [F2], then logged in as root at 10:42:13 UTC [F3]. The incident has high severity [F1].';

async function expectFailure(provider: ScriptedProvider, kind: string, options: Parameters<typeof narrate>[2] = {}): Promise<void> {
  await assert.rejects(narrate(provider, input, options), (e: unknown) => e instanceof NarrationError && e.kind === kind);
}

describe('narrate', () => {
  it('streams sanitised deltas that add up to the answer, and records prompt version, model and budget', async () => {
    const provider = new ScriptedProvider({ script: [reply(`${ANSWER} \u001b[31mNote 198.51.100.7\u001b[0m [F7]`, 5)], model: 'llama3.1:8b' });
    const deltas: string[] = [];
    const result = await narrate(provider, input, { onToken: (d) => deltas.push(d) });
    assert.ok(deltas.length > 10);
    assert.equal(deltas.join(''), result.text);
    assert.equal(result.text, `${ANSWER} Note 198.51.100.7 [F7]`);
    assert.equal(result.promptVersion, 'answer.v1');
    assert.equal(result.model, 'llama3.1:8b');
    assert.deepEqual(result.omittedFacts, []);
    assert.deepEqual(result.flagged.map((f) => `${f.kind}:${f.value}`), ['ip:198.51.100.7', 'citation:[F7]']);
    const request = provider.requests[0]!;
    assert.equal(request.maxTokens, 1024);
    assert.ok(request.signal instanceof AbortSignal);
    assert.equal(provider.violations.length, 0);
    assert.ok(provider.requestTokens(request) <= provider.contextTokens);
  });

  it('fits the facts into a small context window and says which were trimmed', async () => {
    const provider = new ScriptedProvider({ script: [reply(ANSWER)], contextTokens: 1400 });
    const result = await narrate(provider, input, { maxAnswerTokens: 300 });
    assert.equal(provider.violations.length, 0);
    assert.ok(provider.requestTokens(provider.requests[0]!) <= 1400);
    assert.ok(result.omittedFacts.length > 0);
    assert.equal(provider.requests[0]!.maxTokens, 300);
  });

  it('fails with a typed error on provider errors, timeouts, aborts, empty replies and budget overflow', async () => {
    await expectFailure(new ScriptedProvider({ script: [{ error: new LlmError('unreachable', 'connect ECONNREFUSED 127.0.0.1:11434') }] }), 'provider');
    await expectFailure(new ScriptedProvider({ script: [{ chunks: ['partial'], error: new LlmError('protocol', 'bad JSON line') }] }), 'provider');
    await expectFailure(new ScriptedProvider({ script: [{ error: new TypeError('fetch failed') }] }), 'provider');
    await expectFailure(new ScriptedProvider({ script: [{ chunks: ['a', 'b'], hang: true }] }), 'timeout', { timeoutMs: 30 });
    await expectFailure(new ScriptedProvider({ script: [{ chunks: ['a'], hang: true, ignoreAbort: true }] }), 'timeout', { timeoutMs: 30 });
    await expectFailure(new ScriptedProvider({ script: [{ chunks: [' \n', '\u001b[0m', '\u200b'] }] }), 'empty');
    const tiny = new ScriptedProvider({ script: [reply(ANSWER)], contextTokens: 600 });
    await expectFailure(tiny, 'budget');
    assert.equal(tiny.requests.length, 0, 'nothing is sent when the prompt cannot fit');
  });

  it('stops on the caller’s abort, even from a provider that ignores its signal', async () => {
    const controller = new AbortController();
    const provider = new ScriptedProvider({ script: [{ chunks: ['Partial answer'], hang: true, ignoreAbort: true }] });
    const pending = narrate(provider, input, { signal: controller.signal, onToken: () => controller.abort() });
    await assert.rejects(pending, (e: unknown) => e instanceof NarrationError && e.kind === 'aborted');
    assert.equal(provider.requests[0]!.signal?.aborted, true, 'the provider’s request was aborted too');
    const before = new AbortController();
    before.abort();
    const unused = new ScriptedProvider({ script: [reply(ANSWER)] });
    await assert.rejects(narrate(unused, input, { signal: before.signal }), (e: unknown) => e instanceof NarrationError && e.kind === 'aborted');
    assert.equal(unused.requests.length, 0);
  });

  it('rethrows an error thrown by onToken as it is', async () => {
    const provider = new ScriptedProvider({ script: [reply(ANSWER)] });
    const broken = new Error('EPIPE');
    await assert.rejects(narrate(provider, input, { onToken: () => { throw broken; } }), (e: unknown) => e === broken);
  });
});

describe('narrateOrFallback', () => {
  it('returns the narrated answer with fallback null when the provider answers', async () => {
    const outcome = await narrateOrFallback(new ScriptedProvider({ script: [reply(ANSWER)] }), input, DETERMINISTIC);
    assert.equal(outcome.text, ANSWER);
    assert.equal(outcome.fallback, null);
    assert.equal(outcome.promptVersion, 'answer.v1');
    assert.equal(outcome.streamed, true);
    assert.deepEqual(outcome.flagged, []);
  });

  it('returns the deterministic text and a one-line reason on failure, saying whether text was streamed', async () => {
    const unreachable = new ScriptedProvider({ script: [{ error: new LlmError('unreachable', 'connect ECONNREFUSED\n127.0.0.1:11434\u001b[2J') }] });
    const outcome = await narrateOrFallback(unreachable, input, DETERMINISTIC);
    assert.equal(outcome.text, DETERMINISTIC);
    assert.equal(outcome.fallback, 'provider: unreachable: connect ECONNREFUSED 127.0.0.1:11434[2J');
    assert.equal(outcome.streamed, false);
    assert.equal(outcome.promptVersion, null);
    const seen: string[] = [];
    const late = await narrateOrFallback(new ScriptedProvider({ script: [{ chunks: ['Root was '], hang: true }] }), input, DETERMINISTIC, { timeoutMs: 30, onToken: (d) => seen.push(d) });
    assert.equal(late.text, DETERMINISTIC);
    assert.match(late.fallback ?? '', /^timeout: no complete reply within 30 ms$/);
    assert.equal(late.streamed, true);
    assert.deepEqual(seen, ['Root was ']);
  });

  it('without a provider gives the deterministic text and no fallback reason', async () => {
    const outcome = await narrateOrFallback(null, input, DETERMINISTIC);
    assert.deepEqual(outcome, { text: DETERMINISTIC, fallback: null, flagged: [], promptVersion: null, omittedFacts: [], model: null, streamed: false });
  });
});
