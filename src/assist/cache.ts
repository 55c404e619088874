import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { AnswerSchema, type Answer, type AnalysisMode, type AssistConfig, type ProviderId } from '../schema/assist.ts';
import { errorMessage } from '../util/errors.ts';

/** What makes two answers interchangeable: new data, another mode, provider or model gives another key. */
export interface CacheKeyParts {
  revision: string;
  question: string;
  mode: AnalysisMode;
  provider: ProviderId;
  model: string | null;
}

/** Questions that differ only in case, spacing or a trailing `?` share an answer. */
export function normaliseQuestion(question: string): string {
  return question.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').replace(/[\s?!.]+$/, '').trim();
}

export function cacheKey(parts: CacheKeyParts): string {
  const material = JSON.stringify([parts.revision, normaliseQuestion(parts.question), parts.mode, parts.provider, parts.model]);
  return createHash('sha256').update(material).digest('hex');
}

export interface AnswerCache {
  readonly kind: 'memory' | 'redis' | 'off';
  get(key: string): Promise<Answer | undefined>;
  set(key: string, answer: Answer): Promise<void>;
  /** The last failure of a remote cache (answers are still computed; the cache is skipped). */
  readonly lastError: string | undefined;
  close(): Promise<void>;
}

/** In-memory LRU (Map insertion order), the default. */
export class MemoryCache implements AnswerCache {
  readonly kind = 'memory';
  readonly lastError = undefined;
  private readonly entries = new Map<string, { answer: Answer; expires: number }>();

  constructor(
    private readonly size = 200,
    private readonly ttlMs = 3_600_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): Promise<Answer | undefined> {
    const entry = this.entries.get(key);
    if (entry === undefined) return Promise.resolve(undefined);
    this.entries.delete(key);
    if (entry.expires <= this.now()) return Promise.resolve(undefined);
    this.entries.set(key, entry);
    return Promise.resolve(entry.answer);
  }

  set(key: string, answer: Answer): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { answer, expires: this.now() + this.ttlMs });
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value as string);
    return Promise.resolve();
  }

  get length(): number {
    return this.entries.size;
  }

  close(): Promise<void> {
    this.entries.clear();
    return Promise.resolve();
  }
}

/** A shared cache in Redis (several analysts, server and workers); any Redis failure only skips the cache. */
export class RedisCache implements AnswerCache {
  readonly kind = 'redis';
  lastError: string | undefined;
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly ttlSeconds = 3600,
    private readonly prefix = 'vigil:answer:',
  ) {
    this.redis = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 1, enableOfflineQueue: true, retryStrategy: () => null });
    this.redis.on('error', (error: unknown) => (this.lastError = errorMessage(error)));
  }

  async get(key: string): Promise<Answer | undefined> {
    try {
      const raw = await this.redis.get(this.prefix + key);
      if (raw === null) return undefined;
      const parsed = AnswerSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : undefined;
    } catch (error) {
      this.lastError = errorMessage(error);
      return undefined;
    }
  }

  async set(key: string, answer: Answer): Promise<void> {
    try {
      await this.redis.set(this.prefix + key, JSON.stringify(answer), 'EX', this.ttlSeconds);
    } catch (error) {
      this.lastError = errorMessage(error);
    }
  }

  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}

export class NoCache implements AnswerCache {
  readonly kind = 'off';
  readonly lastError = undefined;
  get(): Promise<Answer | undefined> {
    return Promise.resolve(undefined);
  }
  set(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

export function createAnswerCache(config: AssistConfig['cache'] = {}): AnswerCache {
  if (config.enabled === false) return new NoCache();
  const ttl = config.ttlSeconds ?? 3600;
  if (config.redisUrl !== undefined) return new RedisCache(config.redisUrl, ttl);
  return new MemoryCache(config.size ?? 200, ttl * 1000);
}
