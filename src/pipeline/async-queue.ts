/** A single-consumer async queue: push values (or an end, or a failure) from callbacks, pull with for-await. */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private failing: ((error: Error) => void) | undefined;
  private ended = false;
  private failure: Error | undefined;

  constructor(private readonly onDemand?: (queued: number) => void) {}

  push(item: T): void {
    if (this.waiting !== undefined) {
      const resolve = this.waiting;
      this.clear();
      resolve({ value: item, done: false });
    } else this.items.push(item);
  }

  /** Ends the queue; later calls change nothing (the first end, and its failure, stand). */
  end(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = error;
    if (this.waiting === undefined) return;
    const resolve = this.waiting;
    const reject = this.failing;
    this.clear();
    if (error !== undefined) reject?.(error);
    else resolve({ value: undefined, done: true });
  }

  get length(): number {
    return this.items.length;
  }

  private clear(): void {
    this.waiting = undefined;
    this.failing = undefined;
  }

  private next(): Promise<IteratorResult<T>> {
    const item = this.items.shift();
    this.onDemand?.(this.items.length);
    if (item !== undefined) return Promise.resolve({ value: item, done: false });
    if (this.ended) return this.failure !== undefined ? Promise.reject(this.failure) : Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failing = reject;
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return { next: () => this.next() };
  }
}
