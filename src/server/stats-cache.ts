import type { ReadResult } from './reads/queries.ts';
import type { ReadPool } from './reads/pool.ts';

type Breakdown = ReadResult<'breakdown'>;

export interface CachedBreakdown extends Breakdown {
  revision: string;
  computedAt: string;
  stale: boolean;
}

/**
 * The store-wide aggregates take seconds on millions of events. They are computed on a reader thread, kept
 * until the data changes, and while an ingest keeps changing it, recomputed at most every `minIntervalMs`
 * (the previous numbers are served meanwhile, marked stale). Callers asking together share one computation.
 */
export class BreakdownCache {
  private cached: { top: number; value: CachedBreakdown; at: number } | undefined;
  private running: { top: number; promise: Promise<CachedBreakdown> } | undefined;

  constructor(
    private readonly readers: ReadPool,
    private readonly clock: () => Date,
    private readonly minIntervalMs = 10_000,
  ) {}

  async get(revision: string, top: number): Promise<CachedBreakdown> {
    const cached = this.cached?.top === top ? this.cached : undefined;
    if (cached?.value.revision === revision) return cached.value;
    if (cached === undefined) return this.start(revision, top);
    if (this.clock().getTime() - cached.at >= this.minIntervalMs) this.start(revision, top).catch(() => undefined);
    return { ...cached.value, stale: true };
  }

  private start(revision: string, top: number): Promise<CachedBreakdown> {
    if (this.running?.top === top) return this.running.promise;
    const promise = this.readers.run('breakdown', { top }).then((value) => {
      const result = { ...value, revision, computedAt: this.clock().toISOString(), stale: false };
      this.cached = { top, value: result, at: this.clock().getTime() };
      return result;
    });
    const running = { top, promise };
    this.running = running;
    const clear = () => {
      if (this.running === running) this.running = undefined;
    };
    promise.then(clear, clear);
    return promise;
  }
}
