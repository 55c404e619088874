import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { MemoryCache, RedisCache, cacheKey, createAnswerCache, type CacheKeyParts } from '../../src/assist/cache.ts';
import type { Answer } from '../../src/schema/assist.ts';
import { redisOrSkip } from '../helpers/redis.ts';

const parts: CacheKeyParts = { revision: 'e10.a1', question: 'What is the most critical threat detected?', mode: 'basic', provider: 'none', model: null };

function answer(text: string): Answer {
  return {
    question: parts.question,
    mode: 'basic',
    intent: 'most-critical',
    answer: text,
    facts: [],
    citations: [{ kind: 'event', id: 'ab'.repeat(16) }],
    flagged: [],
    provider: 'none',
    model: null,
    fallback: null,
    cached: false,
    revision: parts.revision,
    elapsed_ms: 3,
  };
}

describe('answer cache key', () => {
  it('ignores case, spacing and the final question mark', () => {
    assert.equal(cacheKey(parts), cacheKey({ ...parts, question: '  what is the MOST critical   threat detected ' }));
  });

  it('changes with the data revision, mode, provider and model', () => {
    const base = cacheKey(parts);
    for (const other of [{ revision: 'e11.a1' }, { revision: 'e10.a2' }, { mode: 'forensic' as const }, { provider: 'ollama' as const }, { model: 'llama3' }]) {
      assert.notEqual(cacheKey({ ...parts, ...other }), base, JSON.stringify(other));
    }
  });
});

describe('in-memory LRU', () => {
  it('evicts the least recently used entry beyond its size', async () => {
    const cache = new MemoryCache(2);
    await cache.set('a', answer('A'));
    await cache.set('b', answer('B'));
    assert.equal((await cache.get('a'))?.answer, 'A');
    await cache.set('c', answer('C'));
    assert.equal(await cache.get('b'), undefined);
    assert.equal((await cache.get('a'))?.answer, 'A');
    assert.equal((await cache.get('c'))?.answer, 'C');
    assert.equal(cache.length, 2);
  });

  it('expires entries after their time to live', async () => {
    let now = 1000;
    const cache = new MemoryCache(10, 500, () => now);
    await cache.set('a', answer('A'));
    now = 1499;
    assert.equal((await cache.get('a'))?.answer, 'A');
    now = 1500;
    assert.equal(await cache.get('a'), undefined);
  });

  it('is the default, and can be turned off', () => {
    assert.equal(createAnswerCache().kind, 'memory');
    assert.equal(createAnswerCache({ enabled: false }).kind, 'off');
  });
});

describe('Redis cache', () => {
  it('shares answers between two clients, validated on the way out', async (t) => {
    const url = await redisOrSkip(t);
    if (url === undefined) return;
    const key = `test-${randomUUID()}`;
    const writer = new RedisCache(url, 60);
    const reader = createAnswerCache({ redisUrl: url, ttlSeconds: 60 });
    try {
      assert.equal(reader.kind, 'redis');
      assert.equal(await reader.get(key), undefined);
      await writer.set(key, answer('from redis'));
      const got = await reader.get(key);
      assert.equal(got?.answer, 'from redis');
      assert.deepEqual(got?.citations, answer('x').citations);
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  it('skips the cache with a recorded error when Redis is down, without failing the caller', async () => {
    const cache = new RedisCache('redis://127.0.0.1:1', 60);
    try {
      assert.equal(await cache.get('k'), undefined);
      await cache.set('k', answer('lost'));
      assert.match(cache.lastError ?? '', /ECONNREFUSED|connect|closed/i);
    } finally {
      await cache.close();
    }
  });
});
