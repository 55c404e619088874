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
  busy: Pending | undefined;
  timer: NodeJS.Timeout | undefined;
}

const READER_HEAP_MB = 256;

/**
 * Reader threads with their own read-only connections. Queries wait in one FIFO; each reader answers one at
 * a time. A query running longer than `timeoutMs` has its reader stopped (and replaced on demand) and is
 * answered E_UNAVAILABLE, so one pathological filter cannot hold a reader for ever.
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
      const reader = this.readers.find((r) => r.busy === undefined) ?? this.spawn();
      if (reader === undefined) return;
      const next = this.queue.shift()!;
      reader.busy = next;
      reader.timer = setTimeout(() => this.timeOut(reader), this.timeoutMs);
      reader.worker.postMessage(next.request);
    }
  }

  private spawn(): Reader | undefined {
    if (this.readers.length >= this.size) return undefined;
    const worker = startModuleWorker(import.meta.url, 'worker', { workerData: { dbPath: this.dbPath }, resourceLimits: { maxOldGenerationSizeMb: READER_HEAP_MB } });
    const reader: Reader = { worker, busy: undefined, timer: undefined };
    worker.on('message', (reply: ReadReply) => this.answer(reader, reply));
    worker.on('error', (error) => this.retire(reader, error));
    worker.on('exit', () => this.retire(reader, new Error('reader thread stopped')));
    worker.unref();
    this.readers.push(reader);
    return reader;
  }

  private answer(reader: Reader, reply: ReadReply): void {
    const pending = reader.busy;
    clearTimeout(reader.timer);
    reader.busy = undefined;
    if (pending?.request.id === reply.id) {
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(reply.vigil ? new VigilError(reply.code as ErrorCode, reply.message) : new Error(reply.message));
    }
    this.dispatch();
  }

  private timeOut(reader: Reader): void {
    const pending = reader.busy;
    reader.busy = undefined;
    this.retire(reader, undefined);
    void reader.worker.terminate();
    pending?.reject(new ApiError('E_UNAVAILABLE', `the query took longer than ${Math.round(this.timeoutMs / 1000)} s and was stopped; narrow it (a time range, indexed fields such as source.ip, user.name, host.name)`));
    this.dispatch();
  }

  private retire(reader: Reader, error: Error | undefined): void {
    const index = this.readers.indexOf(reader);
    if (index < 0) return;
    this.readers.splice(index, 1);
    clearTimeout(reader.timer);
    if (reader.busy !== undefined && error !== undefined) reader.busy.reject(error);
    reader.busy = undefined;
    if (!this.closed) this.dispatch();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new ApiError('E_UNAVAILABLE', 'the server is shutting down'));
    await Promise.all(this.readers.splice(0).map((r) => r.worker.terminate()));
  }
}
