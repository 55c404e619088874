import { decompress as zstdDecompress } from 'fzstd';

/**
 * The compressions of a journal file's data objects (systemd's `compress.c`): LZ4 (the default of systemd 221–245,
 * Ubuntu 18.04–20.04) as a 64-bit little-endian size then one LZ4 block, and zstd (246 on) as a zstd frame that
 * states its size. XZ (before 221) is not read. Both refuse output over `limit` bytes, so a crafted file cannot
 * make a small object inflate without bound.
 */

export class DecompressError extends Error {}

/** One LZ4 block (no frame) into exactly `size` bytes. */
export function lz4Block(input: Uint8Array, size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let ip = 0;
  let op = 0;
  const fail = (what: string): never => {
    throw new DecompressError(`LZ4 block: ${what}`);
  };
  while (ip < input.length) {
    const token = input[ip++]!;
    let literals = token >>> 4;
    if (literals === 15) {
      let byte = 255;
      while (byte === 255) {
        if (ip >= input.length) fail('literal length runs past the input');
        byte = input[ip++]!;
        literals += byte;
      }
    }
    if (ip + literals > input.length || op + literals > size) fail('literals run past the block');
    out.set(input.subarray(ip, ip + literals), op);
    ip += literals;
    op += literals;
    // The last sequence has literals only.
    if (ip >= input.length) break;
    if (ip + 2 > input.length) fail('match offset runs past the input');
    const distance = input[ip]! | (input[ip + 1]! << 8);
    ip += 2;
    if (distance === 0 || distance > op) fail('match offset outside the output');
    let length = token & 15;
    if (length === 15) {
      let byte = 255;
      while (byte === 255) {
        if (ip >= input.length) fail('match length runs past the input');
        byte = input[ip++]!;
        length += byte;
      }
    }
    length += 4;
    if (op + length > size) fail('match runs past the stated size');
    // Matches may overlap their own output (a run): copied byte by byte.
    for (let from = op - distance, end = op + length; op < end; ) out[op++] = out[from++]!;
  }
  if (op !== size) fail(`${String(op)} bytes for a stated ${String(size)}`);
  return out;
}

/** systemd's LZ4 blob: the size (le64), then the block. */
export function journalLz4(blob: Uint8Array, limit: number): Buffer {
  if (blob.length < 8) throw new DecompressError('LZ4 blob shorter than its size field');
  const view = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const size = view.readUInt32LE(0) + view.readUInt32LE(4) * 2 ** 32;
  if (size > limit) throw new DecompressError(`LZ4 blob states ${String(size)} bytes, over the ${String(limit)} allowed`);
  return lz4Block(blob.subarray(8), size);
}

/** The content size a zstd frame header states, or undefined when it states none (RFC 8878 §3.1.1.1). */
export function zstdContentSize(frame: Uint8Array): number | undefined {
  if (frame.length < 6 || frame[0] !== 0x28 || frame[1] !== 0xb5 || frame[2] !== 0x2f || frame[3] !== 0xfd) return undefined;
  const descriptor = frame[4]!;
  const fcsFlag = descriptor >>> 6;
  const singleSegment = (descriptor & 0x20) !== 0;
  const dictionaryBytes = [0, 1, 2, 4][descriptor & 3]!;
  const fcsBytes = fcsFlag === 0 ? (singleSegment ? 1 : 0) : [1, 2, 4, 8][fcsFlag]!;
  if (fcsBytes === 0) return undefined;
  const at = 5 + (singleSegment ? 0 : 1) + dictionaryBytes;
  if (at + fcsBytes > frame.length) return undefined;
  let value = 0;
  for (let i = fcsBytes - 1; i >= 0; i--) value = value * 256 + frame[at + i]!;
  return fcsBytes === 2 ? value + 256 : value;
}

/** A zstd frame that states its size (systemd's always do). */
export function journalZstd(frame: Uint8Array, limit: number): Buffer {
  const size = zstdContentSize(frame);
  if (size === undefined) throw new DecompressError('zstd frame without a content size');
  if (size > limit) throw new DecompressError(`zstd frame states ${String(size)} bytes, over the ${String(limit)} allowed`);
  const out = new Uint8Array(size);
  let written: Uint8Array;
  try {
    written = zstdDecompress(frame, out);
  } catch (error) {
    throw new DecompressError(`zstd: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (written.length !== size) throw new DecompressError(`zstd: ${String(written.length)} bytes for a stated ${String(size)}`);
  return Buffer.from(written.buffer, written.byteOffset, written.byteLength);
}
