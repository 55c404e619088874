import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { rowChars } from '../store/rows.ts';
import { errorMessage } from '../util/errors.ts';
import { AsyncQueue } from './async-queue.ts';
import { parseSource } from './parse-inline.ts';
import { MAX_UNACKED_CHARS, MAX_UNACKED_ROWS, type FromParser, type ParseFileSpec, type ParserSignal, type ToParser } from './parse-protocol.ts';

/**
 * The parse thread: receives a file's bytes chunk by chunk from the writer, parses and normalises them,
 * and sends back rows. It asks for input (`need`) and waits for `ack`s, so memory stays bounded on both
 * sides whatever the file size.
 */

const PREFETCH = 3;

if (parentPort === null) throw new Error('parse-worker.ts must run as a worker thread');
const port = parentPort;
const data = (workerData as { data: MessagePort }).data;
const signal = (message: ParserSignal) => port.postMessage(message);
const send = (message: FromParser) => {
  data.postMessage(message);
  signal('wake');
};

let input: AsyncQueue<Buffer> | undefined;
let requested = 0;
/** Rows and characters of each message not acknowledged yet, oldest first (the writer acknowledges in order). */
const unacked: { rows: number; chars: number }[] = [];
let unackedRows = 0;
let unackedChars = 0;
let ackWaiter: (() => void) | undefined;

function demand(queued: number): void {
  while (queued + requested < PREFETCH) {
    requested++;
    signal('need');
  }
}

/** Messages sent for the current input, and how many had been sent when the window last made the parser wait. */
let sent = 0;
let lastWait = Number.NEGATIVE_INFINITY;

async function waitForAck(): Promise<void> {
  if (unackedRows >= MAX_UNACKED_ROWS || unackedChars >= MAX_UNACKED_CHARS) lastWait = sent;
  while (unackedRows >= MAX_UNACKED_ROWS || unackedChars >= MAX_UNACKED_CHARS) await new Promise<void>((resolve) => (ackWaiter = resolve));
}

/**
 * Whether this thread takes the templates on (TemplateKeyer): while it has had to wait for the writer lately, it
 * has time to spare. Otherwise (long web log lines to scan: nginx), the writer is the one waiting and makes
 * them itself. On 100 MiB, against keying every message (alternated, two runs each): nginx 16.6–16.8 → 15.6–16.0 s,
 * Sysmon 12.2 → 11.2 s, soc-triage 12.3 → 12.1 s, sshd 23.5–23.8 → 23.3 s.
 */
const KEYING_MEMORY = 32;
const aheadOfWriter = () => sent - lastWait <= KEYING_MEMORY;

async function run(file: ParseFileSpec): Promise<void> {
  const queue = new AsyncQueue<Buffer>(demand);
  input = queue;
  requested = 0;
  demand(0);
  const source = { name: file.name, key: file.key, mtimeMs: file.mtimeMs, open: () => queue };
  const options = {
    tz: file.tz, year: file.year, format: file.format, mapping: file.mapping, now: () => new Date(file.nowMs),
    templateKeys: file.templateKeys && aheadOfWriter,
  };
  let counters;
  try {
    for await (const output of parseSource(source, options, (error) => send({ type: 'record-error', error }))) {
      if (output.kind === 'detected') send({ type: 'detected', format: output.format, score: output.score, container: output.container, problem: output.problem });
      else if (output.kind === 'rows') {
        await waitForAck();
        let chars = 0;
        for (const row of output.rows) chars += rowChars(row);
        sent++;
        unacked.push({ rows: output.rows.length, chars });
        unackedRows += output.rows.length;
        unackedChars += chars;
        send({ type: 'rows', rows: output.rows, templates: output.templates });
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
      unacked.length = 0;
      unackedRows = 0;
      unackedChars = 0;
      sent = 0;
      lastWait = Number.NEGATIVE_INFINITY;
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
      const message = unacked.shift();
      unackedRows -= message?.rows ?? 0;
      unackedChars -= message?.chars ?? 0;
      const waiter = ackWaiter;
      ackWaiter = undefined;
      waiter?.();
      break;
    }
  }
});
