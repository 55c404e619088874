import { createGunzip } from 'node:zlib';
import { Readable, pipeline } from 'node:stream';

export type Compression = 'gzip' | 'zip' | 'tar' | 'none';

/** Recognises containers by their bytes, never by the file name. */
export function sniffCompression(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
  if (head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar') return 'tar';
  return 'none';
}

/** Passes bytes through, or gunzips them when they start with the gzip magic (a `.gz` inside an archive). */
export async function* maybeGunzip(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done === true) return;
  const rest: AsyncIterable<Buffer> = {
    async *[Symbol.asyncIterator]() {
      yield first.value;
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        yield next.value;
      }
    },
  };
  if (sniffCompression(first.value) !== 'gzip') {
    yield* rest;
    return;
  }
  // pipeline, not pipe: a failure of the outer stream must reach the reader instead of stalling it.
  yield* pipeline(Readable.from(rest), createGunzip(), () => undefined) as AsyncIterable<Buffer>;
}
