import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { expandInputs } from '../src/ingest/sources.ts';
import { sourceEvents } from '../src/pipeline/events.ts';
import { toRow } from '../src/store/rows.ts';

/**
 * Dumps every event of the given inputs as canonical JSON (keys sorted) followed by its store row, one line
 * per event, plus every record error: run it on the same inputs with two versions of the code and compare the
 * outputs (`cmp`), to show that a performance change altered no event, id, row or error.
 *   node --import tsx bench/equivalence.ts <out.jsonl> <path>...
 * Prints the number of events and a sha256 of the dump.
 */

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const inner = (value as Record<string, unknown>)[key];
    if (inner !== undefined) Object.defineProperty(out, key, { value: canonical(inner), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

const [outPath, ...paths] = process.argv.slice(2);
if (outPath === undefined || paths.length === 0) throw new Error('usage: equivalence.ts <out.jsonl> <path>...');
const out = createWriteStream(outPath);
const hash = createHash('sha256');
let count = 0;
const write = async (line: string): Promise<void> => {
  hash.update(line);
  if (!out.write(line)) await once(out, 'drain');
};
const options = { tz: 'UTC', now: () => new Date('2026-01-01T00:00:00Z') };
for await (const item of expandInputs(paths, () => process.stdin as AsyncIterable<Buffer>)) {
  if ('problem' in item) {
    await write(`problem ${JSON.stringify(item.problem)}\n`);
    continue;
  }
  // A fixed mtime: the inputs' year inference must not depend on when the files were copied.
  const source = { ...item.source, mtimeMs: Date.UTC(2025, 5, 1) };
  const errors: string[] = [];
  const { reading, batches } = await sourceEvents(source, options, (e) => errors.push(JSON.stringify(e)));
  await write(`source ${JSON.stringify({ name: source.name, format: reading.format?.id, problem: reading.problem })}\n`);
  for await (const batch of batches) {
    for (const event of batch) {
      const row = toRow(event);
      await write(`${JSON.stringify(canonical(event))}\t${JSON.stringify(row)}\n`);
      count++;
    }
  }
  await write(`counters ${JSON.stringify(reading.counters)}\n`);
  for (const error of errors) await write(`error ${error}\n`);
}
out.end();
await once(out, 'finish');
console.log(`${count} events, sha256 ${hash.digest('hex')}`);
