import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { peakRssMb } from './peak-rss.ts';

/**
 * Phases run the built JavaScript in dist/ (what `vigil` runs), typed by the sources; with no build
 * (or BENCH_SOURCE=1) they fall back to the TypeScript sources through tsx.
 */
const DIST = join(import.meta.dirname, '..', 'dist');
const useDist = existsSync(join(DIST, 'pipeline', 'ingest.js')) && process.env.BENCH_SOURCE === undefined;
async function load<T>(dist: string, source: string): Promise<T> {
  return (await import(useDist ? pathToFileURL(join(DIST, dist)).href : source)) as T;
}
const { frameLines } = await load<typeof import('../src/ingest/framing/lines.ts')>('ingest/framing/lines.js', '../src/ingest/framing/lines.ts');
const { evtxBlocks, isEvtx } = await load<typeof import('../src/ingest/evtx/frame.ts')>('ingest/evtx/frame.js', '../src/ingest/evtx/frame.ts');
const { ingest } = await load<typeof import('../src/pipeline/ingest.ts')>('pipeline/ingest.js', '../src/pipeline/ingest.ts');
const { sourceEvents } = await load<typeof import('../src/pipeline/events.ts')>('pipeline/events.js', '../src/pipeline/events.ts');
const { openStore } = await load<typeof import('../src/store/index.ts')>('store/index.js', '../src/store/index.ts');

/**
 * One measured phase in its own process (so peak RSS belongs to that phase alone):
 *   node --import tsx bench/phase.ts <read|parse|ingest|ingest-threaded> <file> [db]
 * Prints one JSON line: { phase, file, bytes, count, seconds, cpuSeconds, peakRssMb }. `cpuSeconds` is the
 * process's CPU time (all threads: GC helpers, the parse thread when on): steadier than wall time when other
 * work shares the machine.
 */

const CHUNK = 1024 * 1024;
const started = performance.now();

/** Progress so far, sampled with the RSS every 15 s on stderr: memory over time, not just its peak. */
let progress = 0;
const sampler = setInterval(() => {
  const sample = { elapsedS: Math.round((performance.now() - started) / 1000), count: progress, rssMb: Math.round(process.memoryUsage().rss / 1024 ** 2) };
  process.stderr.write(`${JSON.stringify(sample)}\n`);
}, 15_000);
sampler.unref();

async function readPhase(file: string): Promise<number> {
  for await (const batch of frameLines(createReadStream(file, { highWaterMark: CHUNK }))) progress += batch.length;
  return progress;
}

/** Bare reading of an EVTX file: its 64 KiB chunks, and the records in each found by their headers alone. */
async function readEvtxPhase(file: string): Promise<number> {
  for await (const { block, at } of evtxBlocks(createReadStream(file, { highWaterMark: CHUNK }))) {
    if (at === 0) continue;
    const used = Math.min(block.readUInt32LE(48), block.length);
    for (let pos = 512; pos + 24 <= used && block.readUInt32LE(pos) === 0x2a2a; ) {
      const size = block.readUInt32LE(pos + 4);
      if (size < 28) break;
      progress++;
      pos += size;
    }
  }
  return progress;
}

async function isEvtxFile(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(8);
    await handle.read(head, 0, 8, 0);
    return isEvtx(head);
  } finally {
    await handle.close();
  }
}

async function parsePhase(file: string): Promise<number> {
  const info = await stat(file);
  const source = { name: file, key: basename(file), mtimeMs: info.mtimeMs, open: () => createReadStream(file, { highWaterMark: CHUNK }) };
  const { batches } = await sourceEvents(source, { tz: 'UTC' }, () => undefined);
  let events = 0;
  for await (const batch of batches) {
    events += batch.length;
    progress = events;
  }
  return events;
}

/** `ingest` on one core (no parse thread, whatever the machine), `ingest-threaded` with the parse thread. */
async function ingestPhase(file: string, db: string, threads: boolean): Promise<number> {
  const store = openStore(db);
  try {
    const report = await ingest(store, [file], {
      tz: 'UTC', actor: 'bench', threads, onProgress: (p) => (progress = p.totalEvents),
    });
    return report.totals.inserted;
  } finally {
    store.close();
  }
}

const [phase, file, db] = process.argv.slice(2);
if (phase === undefined || file === undefined) throw new Error('usage: phase.ts <read|parse|ingest|ingest-threaded> <file> [db]');
const bytes = (await stat(file)).size;
const count = phase === 'read' ? await ((await isEvtxFile(file)) ? readEvtxPhase(file) : readPhase(file)) : phase === 'parse' ? await parsePhase(file) : await ingestPhase(file, db ?? `${file}.db`, phase === 'ingest-threaded' || process.env.BENCH_THREADS === '1');
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage();
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(`${JSON.stringify({ phase, file, bytes, count, seconds, cpuSeconds, peakRssMb: peakRssMb(), code: useDist ? 'dist' : 'source' })}\n`);
