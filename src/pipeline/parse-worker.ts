import { parentPort } from 'node:worker_threads';
import { errorMessage } from '../util/errors.ts';
import { AsyncQueue } from './async-queue.ts';
import { parseSource } from './parse-inline.ts';
import { MAX_UNACKED, type FromParser, type ParseFileSpec, type ToParser } from './parse-protocol.ts';

/**
 * The parse thread: receives a file's bytes chunk by chunk from the writer, parses and normalises them,
 * and sends back rows. It asks for input (`need`) and waits for `ack`s, so memory stays bounded on both
 * sides whatever the file size.
 */

const PREFETCH = 3;

if (parentPort === null) throw new Error('parse-worker.ts must run as a worker thread');
const port = parentPort;
const send = (message: FromParser) => port.postMessage(message);

let input: AsyncQueue<Buffer> | undefined;
let requested = 0;
let unacked = 0;
let ackWaiter: (() => void) | undefined;

function demand(queued: number): void {
  while (queued + requested < PREFETCH) {
    requested++;
    send({ type: 'need' });
  }
}

async function waitForAck(): Promise<void> {
  while (unacked >= MAX_UNACKED) await new Promise<void>((resolve) => (ackWaiter = resolve));
}

async function run(file: ParseFileSpec): Promise<void> {
  const queue = new AsyncQueue<Buffer>(demand);
  input = queue;
  requested = 0;
  demand(0);
  const source = { name: file.name, key: file.key, mtimeMs: file.mtimeMs, open: () => queue };
  const options = { tz: file.tz, year: file.year, format: file.format, mapping: file.mapping, now: () => new Date(file.nowMs) };
  let counters;
  try {
    for await (const output of parseSource(source, options, (error) => send({ type: 'record-error', error }))) {
      if (output.kind === 'detected') send({ type: 'detected', format: output.format, score: output.score, problem: output.problem });
      else if (output.kind === 'rows') {
        await waitForAck();
        unacked++;
        send({ type: 'rows', rows: output.rows });
      } else counters = output.counters;
    }
    send({ type: 'done', counters: counters ?? { lines: 0, records: 0, meta: 0, errors: 0, fallbacks: 0 } });
  } catch (error) {
    send({ type: 'failed', message: errorMessage(error), counters });
  }
}

port.on('message', (message: ToParser) => {
  switch (message.type) {
    case 'start':
      unacked = 0;
      void run(message.file);
      break;
    case 'chunk':
      requested = Math.max(0, requested - 1);
      input?.push(Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength));
      break;
    case 'end':
      requested = Math.max(0, requested - 1);
      input?.end(message.error === undefined ? undefined : new Error(message.error));
      break;
    case 'ack': {
      unacked = Math.max(0, unacked - 1);
      const waiter = ackWaiter;
      ackWaiter = undefined;
      waiter?.();
      break;
    }
  }
});
