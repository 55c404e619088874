import { Decompress } from 'fzstd';
import xxhash, { type XXHash, type XXHashAPI } from 'xxhash-wasm';
import { ByteReader } from './byte-reader.ts';

/**
 * Streams a zstd file (`.zst`, `.tar.zst`, logrotate's `compresscmd zstd`), frame after frame (RFC 8878).
 *
 * fzstd decodes, but it allocates whatever window a frame states (up to 2 GB) and decodes all the blocks it is
 * given at once. So the frames are walked here first: a frame stating a window over zstd(1)'s own default limit is
 * refused before anything is allocated, and fzstd gets one block at a time, so a block of a few bytes that stands
 * for 128 KiB (RLE) cannot make a small push produce gigabytes: what is held is one output chunk and one block.
 * fzstd skips frames' checksums; they are checked here (XXH64), so a damaged file is reported, not read as garbage.
 */

export class ZstdError extends Error {}

const FRAME_MAGIC = 0xfd2fb528;
const SKIPPABLE_MAGIC = 0x184d2a50;
/** zstd(1) refuses windows over 128 MiB unless told `--memory`/`--long=31`: frames it reads by default are read. */
export const MAX_WINDOW = 128 * 1024 * 1024;
/** RFC 8878 §3.1.1.2.4: no block is bigger, compressed or not. */
const MAX_BLOCK = 128 * 1024;
const OUT_CHUNK = 1024 * 1024;
/**
 * fzstd slides its whole window at every block (a copy of up to 128 MiB, ~17 ms here), so blocks of a few bytes in a
 * big window decode at bytes per second: a crafted 1 MB file would take an hour. The copies are counted against the
 * output; a stream over the budget fails. zstd(1)'s `--long` files copy 1 KiB per byte out (128 KiB blocks), and
 * a frame of a small file 128 MiB: both stay far below it.
 */
const COPY_PER_BYTE_OUT = 4096;
const COPY_ALLOWANCE = 16 * 1024 * 1024 * 1024;
const DICTIONARY_ID_BYTES = [0, 1, 2, 4] as const;

function windowSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${String(Math.ceil(bytes / 1024 / 1024))} MiB` : `${String(Math.ceil(bytes / 1024))} KiB`;
}

/** Whether bytes start a zstd stream: a frame, or a skippable frame (pzstd writes one first). */
export function startsZstd(head: Buffer): boolean {
  if (head.length < 4) return false;
  const magic = head.readUInt32LE(0);
  return magic === FRAME_MAGIC || (magic & ~0xf) === SKIPPABLE_MAGIC;
}

interface FrameHeader {
  bytes: Buffer;
  checksum: boolean;
  window: number;
}

/** Reads exactly `count` bytes or fails naming what was cut. */
async function exact(reader: ByteReader, count: number, what: string, offset: number): Promise<Buffer> {
  const bytes = await reader.read(count);
  if (bytes.length < count) throw new ZstdError(`zstd stream cut short in ${what} at byte ${String(offset + bytes.length)}`);
  return bytes;
}

/** The rest of a frame header after its magic (§3.1.1.1), refused when it asks for a dictionary or too big a window. */
async function readFrameHeader(reader: ByteReader, magic: Buffer, offset: number): Promise<FrameHeader> {
  const descriptor = (await exact(reader, 1, 'a frame header', offset))[0]!;
  if ((descriptor & 0x08) !== 0) throw new ZstdError(`zstd frame at byte ${String(offset - 4)} sets a reserved bit`);
  const singleSegment = (descriptor & 0x20) !== 0;
  const contentSizeFlag = descriptor >> 6;
  const dictionaryBytes = DICTIONARY_ID_BYTES[descriptor & 3]!;
  const contentSizeBytes = contentSizeFlag === 0 ? (singleSegment ? 1 : 0) : 1 << contentSizeFlag;
  const rest = await exact(reader, (singleSegment ? 0 : 1) + dictionaryBytes + contentSizeBytes, 'a frame header', offset + 1);
  let at = singleSegment ? 0 : 1;
  if (dictionaryBytes > 0 && rest.readUIntLE(at, dictionaryBytes) !== 0) {
    throw new ZstdError(`zstd frame at byte ${String(offset - 4)} needs a dictionary: decompress it with zstd -D first`);
  }
  at += dictionaryBytes;
  let window: number;
  if (singleSegment) {
    // The window is the content itself, and fzstd allocates it whole.
    window = contentSizeBytes === 8 ? Number(rest.readBigUInt64LE(at)) : rest.readUIntLE(at, contentSizeBytes) + (contentSizeBytes === 2 ? 256 : 0);
  } else {
    const exponent = rest[0]! >> 3;
    const base = 2 ** (10 + exponent);
    window = base + (base / 8) * (rest[0]! & 7);
  }
  if (window > MAX_WINDOW) {
    throw new ZstdError(
      `zstd frame at byte ${String(offset - 4)} needs a ${windowSize(window)} window, over the ${windowSize(MAX_WINDOW)} zstd reads by default: decompress it with zstd -d --memory first`,
    );
  }
  return { bytes: Buffer.concat([magic, Buffer.of(descriptor), rest]), checksum: (descriptor & 0x04) !== 0, window };
}

let hasher: Promise<XXHashAPI> | undefined;

/** Decompressed bytes in chunks of about 1 MiB; a damaged or cut stream fails after the bytes that were good. */
export async function* unzstd(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const reader = new ByteReader(chunks);
  const xxh = await (hasher ??= xxhash());
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let written = 0;
  let copied = 0;
  let checksum: XXHash<bigint> | undefined;
  const decoder = new Decompress((data) => {
    if (data.length === 0) return;
    checksum?.update(data);
    // A raw block comes back as a view of the input: copied, as the output outlives it.
    pending.push(Buffer.from(data));
    pendingBytes += data.length;
    written += data.length;
  });
  let decoderFailed = false;
  const push = (bytes: Uint8Array, final: boolean, offset: number) => {
    try {
      decoder.push(bytes, final);
    } catch (error) {
      decoderFailed = true;
      throw new ZstdError(`zstd data damaged near byte ${String(offset)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const take = (): Buffer => {
    const out = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    return out;
  };
  let offset = 0;
  try {
    for (;;) {
      const magic = await reader.read(4);
      if (magic.length === 0) break;
      if (magic.length < 4) throw new ZstdError(`zstd stream ends with ${String(magic.length)} stray bytes at byte ${String(offset)}`);
      const value = magic.readUInt32LE(0);
      offset += 4;
      if ((value & ~0xf) === SKIPPABLE_MAGIC) {
        const size = (await exact(reader, 4, 'a skippable frame', offset)).readUInt32LE(0);
        offset += 4;
        const skipped = await reader.skip(size);
        if (skipped < size) throw new ZstdError(`zstd stream cut short in a skippable frame at byte ${String(offset + skipped)}`);
        offset += size;
        continue;
      }
      if (value !== FRAME_MAGIC) throw new ZstdError(`not a zstd frame at byte ${String(offset - 4)}`);
      const start = offset - 4;
      const header = await readFrameHeader(reader, magic, offset);
      checksum = header.checksum ? xxh.create64() : undefined;
      offset += header.bytes.length - 4;
      push(header.bytes, false, offset);
      for (let last = false; !last; ) {
        const blockHeader = await exact(reader, 3, 'a block header', offset);
        const fields = blockHeader.readUIntLE(0, 3);
        last = (fields & 1) === 1;
        const type = (fields >> 1) & 3;
        const size = fields >>> 3;
        if (type === 3) throw new ZstdError(`zstd block at byte ${String(offset)} has the reserved type`);
        if (size > MAX_BLOCK) throw new ZstdError(`zstd block at byte ${String(offset)} states ${String(size)} bytes, over the ${String(MAX_BLOCK)} allowed`);
        const body = await exact(reader, type === 1 ? 1 : size, 'a block', offset + 3);
        copied += header.window;
        if (copied > COPY_ALLOWANCE + COPY_PER_BYTE_OUT * written) {
          throw new ZstdError(
            `zstd stream too slow to decode here at byte ${String(offset)}: blocks of a few bytes in a ${windowSize(header.window)} window; decompress it with zstd -d first`,
          );
        }
        const trailer = last && header.checksum ? await exact(reader, 4, 'a frame checksum', offset + 3 + body.length) : undefined;
        // The frame's end is pushed as final: fzstd holds back a frame of under 18 bytes until it knows no more comes.
        push(Buffer.concat(trailer === undefined ? [blockHeader, body] : [blockHeader, body, trailer]), last, offset);
        offset += 3 + body.length + (trailer?.length ?? 0);
        if (trailer !== undefined && checksum !== undefined && Number(checksum.digest() & 0xffffffffn) !== trailer.readUInt32LE(0)) {
          throw new ZstdError(`zstd frame at byte ${String(start)} fails its checksum: the file is damaged`);
        }
        if (pendingBytes >= OUT_CHUNK) yield take();
      }
    }
    if (pendingBytes > 0) yield take();
  } catch (error) {
    // What was decoded before the damage is still given, as a cut gzip's is, with the blocks fzstd still holds.
    if (!decoderFailed) {
      try {
        decoder.push(new Uint8Array(0), true);
      } catch {
        // The frame is incomplete: fzstd gave its whole blocks before saying so.
      }
    }
    if (pendingBytes > 0) yield take();
    throw error;
  } finally {
    await reader.close();
  }
}
