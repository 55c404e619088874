import type { Worker } from 'node:worker_threads';
import { VigilError, type ErrorCode } from '../../util/errors.ts';
import { startModuleWorker } from '../../util/worker.ts';
import { ApiError } from '../errors.ts';
import type { ReadArgs, ReadName, ReadResult } from './queries.ts';
import type { ReadReply, ReadRequest } from './worker.ts';

interface Pending {
  request: ReadRequest;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Reader {
  worker: Worker;
  /** Sent and not answered yet, oldest first (a reader answers in order). */
  inFlight: Pending[];
  timer: NodeJS.Timeout | undefined;
}

const READER_HEAP_MB = 256;

/**
 * Reader threads with their own read-only connections. Each reader is given up to `depth` queries at once:
 * it answers them in order without waiting for the event loop to hand it the next one (a busy loop picks up
 * answers only between batches of requests, which would otherwise leave the readers idle). A query running
 * longer than `timeoutMs` has its reader stopped and is answered E_UNAVAILABLE; the queries queued behind it
 * go to another reader.
 */
export class ReadPool {
  private readonly readers: Reader[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly dbPath: string,
    private readonly size: number,
    private readonly timeoutMs: number,
    private readonly depth = 4,
    /** Nice value of the reader threads (Linux): heavy readers yield to the indexed ones. */
    private readonly nice = 0,
  ) {}

  run<K extends ReadName>(name: K, args: ReadArgs<K>): Promise<ReadResult<K>> {
    if (this.closed) return Promise.reject(new ApiError('E_UNAVAILABLE', 'the server is shutting down'));
    return new Promise<ReadResult<K>>((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, name, args }, resolve: resolve as (value: unknown) => void, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const reader = this.leastBusy();
      if (reader === undefined) return;
      const next = this.queue.shift()!;
      reader.inFlight.push(next);
      if (reader.inFlight.length === 1) this.arm(reader);
      reader.worker.postMessage(next.request);
    }
  }

  /** An idle reader, else a new one while below `size`, else the least loaded one below `depth`. */
  private leastBusy(): Reader | undefined {
    const idle = this.readers.find((r) => r.inFlight.length === 0);
    if (idle !== undefined) return idle;
    if (this.readers.length < this.size) return this.spawn();
    const open = this.readers.filter((r) => r.inFlight.length < this.depth).sort((a, b) => a.inFlight.length - b.inFlight.length);
    return open[0];
  }

  private arm(reader: Reader): void {
    clearTimeout(reader.timer);
    reader.timer = setTimeout(() => this.timeOut(reader), this.timeoutMs);
  }

  private spawn(): Reader {
    const worker = startModuleWorker(import.meta.url, 'worker', { workerData: { dbPath: this.dbPath, nice: this.nice }, resourceLimits: { maxOldGenerationSizeMb: READER_HEAP_MB } });
    const reader: Reader = { worker, inFlight: [], timer: undefined };
    worker.on('message', (reply: ReadReply) => this.answer(reader, reply));
    worker.on('error', (error) => this.retire(reader, error));
    worker.on('exit', () => this.retire(reader, new Error('reader thread stopped')));
    worker.unref();
    this.readers.push(reader);
    return reader;
  }

  private answer(reader: Reader, reply: ReadReply): void {
    const pending = reader.inFlight[0];
    if (pending?.request.id !== reply.id) return;
    reader.inFlight.shift();
    if (reader.inFlight.length > 0) this.arm(reader);
    else clearTimeout(reader.timer);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(reply.vigil ? new VigilError(reply.code as ErrorCode, reply.message) : new Error(reply.message));
    this.dispatch();
  }

  private timeOut(reader: Reader): void {
    const [slow, ...waiting] = reader.inFlight;
    reader.inFlight = [];
    this.retire(reader, undefined);
    void reader.worker.terminate();
    this.queue.unshift(...waiting);
    slow?.reject(new ApiError('E_UNAVAILABLE', `the query took longer than ${Math.round(this.timeoutMs / 1000)} s and was stopped; narrow it (a time range, indexed fields such as source.ip, user.name, host.name)`));
    this.dispatch();
  }

  private retire(reader: Reader, error: Error | undefined): void {
    const index = this.readers.indexOf(reader);
    if (index < 0) return;
    this.readers.splice(index, 1);
    clearTimeout(reader.timer);
    const orphans = reader.inFlight.splice(0);
    if (error !== undefined) for (const pending of orphans) pending.reject(error);
    if (!this.closed) this.dispatch();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new ApiError('E_UNAVAILABLE', 'the server is shutting down'));
    await Promise.all(this.readers.splice(0).map((r) => r.worker.terminate()));
  }
}
