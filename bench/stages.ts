import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { frameLines } from '../src/ingest/framing/lines.ts';
import { readSource } from '../src/ingest/read.ts';
import { sourceEvents } from '../src/pipeline/events.ts';
import { toRow } from '../src/store/rows.ts';

/**
 * Per-stage cost of the parse path, in one process on a file held in memory (no disk, no store):
 *   node --import tsx bench/stages.ts <file> [repeats]
 * Each stage runs the stages before it too; the differences are what each stage adds, in µs per line.
 * The best of `repeats` runs is kept, which filters out noise from other work on a shared machine.
 */

const CHUNK = Number(process.env.CHUNK ?? 1024 * 1024);

/** The file as a stream of chunks, as a read stream would give them. */
function chunksOf(buffer: Buffer): AsyncIterable<Buffer> {
  const chunks: Buffer[] = [];
  for (let at = 0; at < buffer.length; at += CHUNK) chunks.push(buffer.subarray(at, at + CHUNK));
  return Readable.from(chunks, { objectMode: true }) as AsyncIterable<Buffer>;
}

type Stage = (buffer: Buffer) => Promise<number>;

const stages: [string, Stage][] = [
  ['frame lines', async (buffer) => {
    let n = 0;
    for await (const batch of frameLines(chunksOf(buffer))) n += batch.length;
    return n;
  }],
  ['+ detect + parse (drafts)', async (buffer) => {
    const reading = await readSource('bench', chunksOf(buffer), {});
    let n = 0;
    for await (const items of reading.batches(() => undefined)) n += items.length;
    return n;
  }],
  ['+ normalise (events)', async (buffer) => {
    const source = { name: 'bench', key: 'bench', mtimeMs: Date.UTC(2026, 0, 1), open: () => chunksOf(buffer) };
    const { batches } = await sourceEvents(source, { tz: 'UTC' }, () => undefined);
    let n = 0;
    for await (const events of batches) n += events.length;
    return n;
  }],
  ['+ store rows (doc JSON)', async (buffer) => {
    const source = { name: 'bench', key: 'bench', mtimeMs: Date.UTC(2026, 0, 1), open: () => chunksOf(buffer) };
    const { batches } = await sourceEvents(source, { tz: 'UTC' }, () => undefined);
    let n = 0;
    for await (const events of batches) for (const event of events) n += toRow(event)[20].length > 0 ? 1 : 0;
    return n;
  }],
];

const [file, repeatText] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: stages.ts <file> [repeats]');
const repeats = Number(repeatText ?? '3');
const buffer = await readFile(file);
const lines = buffer.reduce((n, byte) => (byte === 0x0a ? n + 1 : n), 0);
console.log(`${basename(file)}: ${(buffer.length / 1024 ** 2).toFixed(1)} MiB, ${lines} lines; best of ${repeats}, CPU µs per line`);
let previous = 0;
// STAGE=<index> runs only that stage (for profiling: node --cpu-prof … with STAGE=2).
const only = process.env.STAGE === undefined ? undefined : Number(process.env.STAGE);
for (const [index, [name, stage]] of stages.entries()) {
  if (only !== undefined && index !== only) continue;
  let best = Infinity;
  let count = 0;
  for (let r = 0; r < repeats; r++) {
    // CPU time of the process (all its threads, GC helpers included): steadier than wall time when other
    // work shares the machine.
    const started = process.cpuUsage();
    count = await stage(buffer);
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  const perLine = (best * 1000) / lines;
  console.log(`${name.padEnd(28)} ${perLine.toFixed(2).padStart(7)} µs (adds ${(perLine - previous).toFixed(2)})  ${count} out`);
  previous = perLine;
}
