import { createGunzip } from 'node:zlib';
import { Readable, pipeline } from 'node:stream';
import { startsZstd, unzstd } from './zstd.ts';

export type Compression = 'gzip' | 'zstd' | 'zip' | 'tar' | 'none';

/** Recognises containers by their bytes, never by the file name. */
export function sniffCompression(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (startsZstd(head)) return 'zstd';
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
  if (head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar') return 'tar';
  return 'none';
}

const UNREAD_CONTAINERS: readonly { name: string; magic: Buffer; tool: string }[] = [
  { name: 'xz', magic: Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), tool: 'xz -d' },
  { name: 'bzip2', magic: Buffer.from('BZh'), tool: 'bunzip2' },
  { name: '7-Zip', magic: Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]), tool: '7z x' },
  { name: 'RAR', magic: Buffer.from('Rar!\x1a\x07', 'latin1'), tool: 'unrar x' },
  { name: 'LZ4', magic: Buffer.from([0x04, 0x22, 0x4d, 0x18]), tool: 'lz4 -d' },
];

/** A compressed container Vigil does not open, named with the tool that does, for the skipped file's report. */
export function unreadContainer(head: Buffer): string | undefined {
  for (const { name, magic, tool } of UNREAD_CONTAINERS) {
    if (head.length < magic.length || !head.subarray(0, magic.length).equals(magic)) continue;
    // "BZh" is text: bzip2 follows it with a block size digit and a block's magic (π's digits) or the end's (√π's).
    if (name === 'bzip2' && !/^BZh[1-9](?:1AY&SY|\x17rE8P\x90)/.test(head.toString('latin1', 0, 10))) continue;
    return `${name}-compressed (Vigil reads gzip, zstd, zip and tar); decompress it first, e.g. with ${tool}`;
  }
  return undefined;
}

/** The bytes decompressed when they start with gzip's or zstd's magic (a `.gz` or `.zst` in an archive, a pipe); else as they are. */
export async function* maybeDecompress(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done === true) return;
  const rest: AsyncIterable<Buffer> = {
    async *[Symbol.asyncIterator]() {
      try {
        yield first.value;
        for (;;) {
          const next = await iterator.next();
          if (next.done === true) return;
          yield next.value;
        }
      } finally {
        // A reader that stops early closes the file under it.
        await iterator.return?.();
      }
    },
  };
  const kind = sniffCompression(first.value);
  if (kind === 'zstd') {
    yield* unzstd(rest);
    return;
  }
  if (kind !== 'gzip') {
    yield* rest;
    return;
  }
  // pipeline, not pipe: a failure of the outer stream must reach the reader instead of stalling it.
  yield* pipeline(Readable.from(rest), createGunzip(), () => undefined) as AsyncIterable<Buffer>;
}
