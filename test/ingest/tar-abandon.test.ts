import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { it } from 'node:test';
import { readTar } from '../../src/ingest/archive/tar.ts';
import type { InputItem, InputSource } from '../../src/ingest/sources.ts';
import { tempDirs } from '../helpers/temp.ts';

const dirs = tempDirs('tar-abandon');

/** The archive in 64 KiB chunks, each a turn of the event loop later, as a file stream delivers them. */
async function* slowly(bytes: Buffer): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += 65536) {
    await setImmediate();
    yield bytes.subarray(at, at + 65536);
  }
}

function sourceOf(item: IteratorResult<InputItem>): InputSource {
  assert.ok(item.done !== true && 'source' in item.value, JSON.stringify(item.value));
  return item.value.source;
}

async function drain(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

it('reads the next member intact when the previous one was abandoned with a read in flight', async () => {
  const dir = dirs.fresh();
  writeFileSync(join(dir, 'a.bin'), randomBytes(3 * 1024 * 1024));
  writeFileSync(join(dir, 'b.log'), 'line after the abandoned member\n'.repeat(200));
  execFileSync('tar', ['-cf', 'x.tar', 'a.bin', 'b.log'], { cwd: dir });
  const tar = readTar('x.tar!', () => slowly(readFileSync(join(dir, 'x.tar'))), {}, 'x.tar');
  const member = sourceOf(await tar.next()).open()[Symbol.asyncIterator]();
  await member.next();
  // A reader that gave up (a binary file) while its stream was already asking for more bytes.
  const inFlight = member.next();
  const second = sourceOf(await tar.next());
  assert.equal(second.name, 'x.tar!b.log');
  assert.equal((await drain(second.open())).toString(), 'line after the abandoned member\n'.repeat(200));
  await inFlight;
  assert.equal((await tar.next()).done, true);
});
