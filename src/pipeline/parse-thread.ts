import { Worker } from 'node:worker_threads';
import type { RecordError } from '../ingest/read.ts';
import type { InputSource } from '../ingest/sources.ts';
import { errorMessage } from '../util/errors.ts';
import { AsyncQueue } from './async-queue.ts';
import type { NormaliseOptions } from './events.ts';
import type { FromParser, ParseOutput, ToParser } from './parse-protocol.ts';

const WORKER_OLD_SPACE_MB = 64;

/** The built worker (dist/*.js), or under tsx (tests, benchmarks) the .ts source with tsx registered. */
function startWorker(): Worker {
  const self = import.meta.url;
  // A bounded heap makes V8 collect early instead of growing: memory stays flat on any input size.
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_OLD_SPACE_MB };
  if (!self.endsWith('.ts')) return new Worker(new URL('./parse-worker.js', self), { resourceLimits });
  const worker = new URL('./parse-worker.ts', self).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(worker)}); });`;
  return new Worker(boot, { eval: true, resourceLimits });
}

/**
 * The writer's side of the parse thread: one worker per ingest run, reused for every file. Parsing and
 * SQLite writing then proceed on two cores at once; the rows stream back with bounded buffering.
 */
export class ParseThread {
  private readonly worker: Worker;
  private listener: ((message: FromParser) => void) | undefined;
  private crashed: Error | undefined;
  private onCrash: ((error: Error) => void) | undefined;

  constructor() {
    this.worker = startWorker();
    this.worker.on('message', (message: FromParser) => this.listener?.(message));
    this.worker.on('error', (error) => {
      this.crashed = error;
      this.onCrash?.(error);
    });
  }

  private post(message: ToParser, transfer?: ArrayBuffer[]): void {
    this.worker.postMessage(message, transfer);
  }

  /** Parses one source on the thread; yields the same outputs as the inline parseSource. */
  async *parse(source: InputSource, options: NormaliseOptions, onError: (error: RecordError) => void): AsyncGenerator<ParseOutput> {
    if (this.crashed !== undefined) throw this.crashed;
    const outputs = new AsyncQueue<ParseOutput>();
    const chunks = source.open()[Symbol.asyncIterator]();
    let pulling = Promise.resolve();
    // Once the input ended (or failed), further requests are answered by nothing: the end stands.
    let ended = false;
    const feed = () => {
      // Chunks are read one after another; each is sent as soon as it is read.
      pulling = pulling.then(async () => {
        if (ended) return;
        try {
          const next = await chunks.next();
          if (next.done === true) {
            ended = true;
            this.post({ type: 'end' });
          }
          else {
            const copy = new Uint8Array(next.value.byteLength);
            copy.set(next.value);
            this.post({ type: 'chunk', data: copy }, [copy.buffer]);
          }
        } catch (error) {
          ended = true;
          this.post({ type: 'end', error: errorMessage(error) });
        }
      });
    };
    this.onCrash = (error) => outputs.end(error);
    this.listener = (message) => {
      switch (message.type) {
        case 'need': return feed();
        case 'detected': return outputs.push({ kind: 'detected', format: message.format, score: message.score, problem: message.problem });
        case 'rows': return outputs.push({ kind: 'rows', rows: message.rows });
        case 'record-error': return onError(message.error);
        case 'done':
          outputs.push({ kind: 'done', counters: message.counters });
          return outputs.end();
        case 'failed':
          if (message.counters !== undefined) outputs.push({ kind: 'done', counters: message.counters });
          return outputs.end(new Error(message.message));
      }
    };
    this.post({
      type: 'start',
      file: {
        name: source.name, key: source.key, mtimeMs: source.mtimeMs, tz: options.tz, year: options.year,
        format: options.format, mapping: options.mapping === undefined ? undefined : { ...options.mapping },
        nowMs: (options.now?.() ?? new Date()).getTime(),
      },
    });
    let finished = false;
    try {
      for await (const output of outputs) {
        yield output;
        if (output.kind === 'rows') this.post({ type: 'ack' });
      }
      finished = true;
    } finally {
      // A file abandoned half-way would leave the worker busy with it: retire this thread.
      if (!finished) this.retire();
      this.listener = undefined;
      this.onCrash = undefined;
      await pulling;
      await chunks.return?.();
    }
  }

  /** True once the thread crashed or was retired; the caller then starts a new one. */
  get broken(): boolean {
    return this.crashed !== undefined;
  }

  private retire(): void {
    this.crashed ??= new Error('parse thread retired');
    void this.worker.terminate();
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
