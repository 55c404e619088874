import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestContext } from 'node:test';

/**
 * zstd(1) as the writer of real zstd streams (compressed blocks, checksums, long windows) for the reader's tests.
 * Debian package `zstd`; `.ci/run` installs it.
 */

const ZSTD = '/usr/bin/zstd';

export type Zstd = (input: Buffer | string, args?: readonly string[]) => Buffer;

/** The compressor, or undefined after marking the test skipped; under `CI=true` its absence is a failure. */
export function zstdOrSkip(t: TestContext): Zstd | undefined {
  if (!existsSync(ZSTD)) {
    const reason = 'zstd(1) is missing (apt-get install zstd): zstd streams written by the real tool not checked';
    if (process.env.CI === 'true') throw new Error(`${reason}; required under CI=true`);
    t.skip(reason);
    return undefined;
  }
  return (input, args = []) => execFileSync(ZSTD, ['-q', '-c', ...args], { input, maxBuffer: 512 * 1024 * 1024 });
}

/** Hand-written zstd frames (RFC 8878) of raw and RLE blocks, for what zstd(1) would never write. */
export type Block = { raw: Buffer } | { rle: number; size: number };

export interface FrameSpec {
  blocks: readonly Block[];
  /** Window descriptor byte (exponent << 3 | mantissa); ignored for a single-segment frame. */
  windowDescriptor?: number;
  /** A single-segment frame states its content size in 8 bytes, and that is its window. */
  singleSegmentSize?: bigint;
  dictionaryId?: number;
  checksum?: boolean;
  /** Marks the last block as not last (a stream cut at a frame's end). */
  openEnded?: boolean;
}

export function zstdFrame(spec: FrameSpec): Buffer {
  const dictionaryBytes = spec.dictionaryId === undefined ? 0 : 4;
  const single = spec.singleSegmentSize !== undefined;
  const descriptor = (single ? 0xe0 : 0) | (spec.checksum === true ? 0x04 : 0) | (dictionaryBytes === 4 ? 3 : 0);
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, descriptor])];
  if (!single) parts.push(Buffer.of(spec.windowDescriptor ?? 0x58));
  if (spec.dictionaryId !== undefined) {
    const id = Buffer.alloc(4);
    id.writeUInt32LE(spec.dictionaryId);
    parts.push(id);
  }
  if (single) {
    const size = Buffer.alloc(8);
    size.writeBigUInt64LE(spec.singleSegmentSize ?? 0n);
    parts.push(size);
  }
  spec.blocks.forEach((block, index) => {
    const last = index === spec.blocks.length - 1 && spec.openEnded !== true ? 1 : 0;
    const [type, size, body] = 'raw' in block ? [0, block.raw.length, block.raw] : [1, block.size, Buffer.of(block.rle)];
    const header = Buffer.alloc(3);
    header.writeUIntLE(last | (type << 1) | (size << 3), 0, 3);
    parts.push(header, body);
  });
  if (spec.checksum === true) parts.push(Buffer.alloc(4));
  return Buffer.concat(parts);
}

export function skippableFrame(payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32LE(0x184d2a5e, 0);
  header.writeUInt32LE(payload.length, 4);
  return Buffer.concat([header, payload]);
}
