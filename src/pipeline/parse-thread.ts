import { setImmediate } from 'node:timers/promises';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { RecordError } from '../ingest/read.ts';
import type { InputSource } from '../ingest/sources.ts';
import { errorMessage } from '../util/errors.ts';
import type { ParseRowsOptions } from './parse-inline.ts';
import type { FromParser, ParseOutput, ParserSignal, ToParser } from './parse-protocol.ts';

const WORKER_OLD_SPACE_MB = 64;

/** The built worker (dist/*.js), or under tsx (tests, benchmarks) the .ts source with tsx registered. */
function startWorker(data: MessagePort, heapMb: number): Worker {
  const self = import.meta.url;
  // A bounded heap makes V8 collect early instead of growing: memory stays flat on any input size.
  const options = { resourceLimits: { maxOldGenerationSizeMb: heapMb }, workerData: { data }, transferList: [data] };
  if (!self.endsWith('.ts')) return new Worker(new URL('./parse-worker.js', self), options);
  const worker = new URL('./parse-worker.ts', self).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(worker)}); });`;
  return new Worker(boot, { eval: true, ...options });
}

/**
 * The writer's side of the parse thread: one worker per ingest run, reused for every file. Parsing and
 * SQLite writing then proceed on two cores at once; the rows stream back with bounded buffering.
 */
export class ParseThread {
  private readonly worker: Worker;
  /** The parser's messages, taken one at a time by `parse` (never listened to: see FromParser). */
  private readonly data: MessagePort;
  private onNeed: (() => void) | undefined;
  private wake: (() => void) | undefined;
  private crashed: Error | undefined;

  /** `heapMb`: the thread's old-generation limit; past it, the thread dies (ERR_WORKER_OUT_OF_MEMORY; see parseOnThread). */
  constructor(options: { heapMb?: number } = {}) {
    const channel = new MessageChannel();
    this.data = channel.port1;
    this.worker = startWorker(channel.port2, options.heapMb ?? WORKER_OLD_SPACE_MB);
    this.worker.on('message', (signal: ParserSignal) => {
      if (signal === 'need') this.onNeed?.();
      else this.wakeUp();
    });
    this.worker.on('error', (error) => {
      this.crashed = error;
      this.wakeUp();
    });
    // A thread that stops without an error (terminated, exited) sends nothing more either: the file fails
    // instead of waiting for it forever.
    this.worker.on('exit', (code) => {
      this.crashed ??= new Error(`parse thread exited (code ${String(code)})`);
      this.wakeUp();
    });
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private post(message: ToParser, transfer?: ArrayBuffer[]): void {
    this.worker.postMessage(message, transfer);
  }

  /** The parser's next message, waiting for it; throws once the thread crashed and sent nothing more. */
  private async take(): Promise<FromParser> {
    for (;;) {
      const received = receiveMessageOnPort(this.data);
      if (received !== undefined) return received.message as FromParser;
      if (this.crashed !== undefined) throw this.crashed;
      // A wake-up comes after each message is on the port; none can slip in between the look above and this wait.
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Parses one source on the thread; yields the same outputs as the inline parseSource. */
  async *parse(source: InputSource, options: ParseRowsOptions, onError: (error: RecordError) => void): AsyncGenerator<ParseOutput> {
    if (this.crashed !== undefined) throw this.crashed;
    const chunks = source.open()[Symbol.asyncIterator]();
    let pulling = Promise.resolve();
    // Once the input ended (or failed), further requests are answered by nothing: the end stands.
    let ended = false;
    this.onNeed = () => {
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
    this.post({
      type: 'start',
      file: {
        name: source.name, key: source.key, mtimeMs: source.mtimeMs, tz: options.tz, year: options.year,
        format: options.format, mapping: options.mapping === undefined ? undefined : { ...options.mapping },
        nowMs: (options.now?.() ?? new Date()).getTime(), templateKeys: options.templateKeys === true,
      },
    });
    let finished = false;
    try {
      for (;;) {
        const message = await this.take();
        if (message.type === 'detected') yield { kind: 'detected', format: message.format, score: message.score, container: message.container, problem: message.problem };
        else if (message.type === 'record-error') onError(message.error);
        else if (message.type === 'rows') {
          yield { kind: 'rows', rows: message.rows, templates: message.templates };
          this.post({ type: 'ack' });
          // Between messages, the event loop runs: the thread's requests for input are answered even while
          // the writer works through a backlog of rows (it starved of input when they waited for that).
          await setImmediate();
        } else if (message.type === 'done') {
          yield { kind: 'done', counters: message.counters };
          break;
        } else {
          if (message.counters !== undefined) yield { kind: 'done', counters: message.counters };
          throw new Error(message.message);
        }
      }
      finished = true;
    } finally {
      // A file abandoned half-way would leave the worker busy with it: retire this thread.
      if (!finished) this.retire();
      this.onNeed = undefined;
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
    this.data.close();
  }
}
