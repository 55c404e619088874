import { createReadStream, type Stats } from 'node:fs';
import { pipeline } from 'node:stream';
import { lstat, open, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import { readTar } from './archive/tar.ts';
import { readZip } from './archive/zip.ts';
import { maybeDecompress, sniffCompression } from './archive/magic.ts';
import { unzstd } from './archive/zstd.ts';
import { errorCode } from '../util/errors.ts';

/** One logical input: a file, an archive member, or stdin, opened as a stream of decompressed bytes. */
export interface InputSource {
  /** Display path, e.g. `logs/a.zip!var/log/auth.log`. */
  name: string;
  /**
   * Identity used in event ids: the absolute path (plus `!member` inside archives), so re-reading the same
   * log adds nothing while same-named logs of different hosts never collide. The ingest may replace it by the
   * identity the log was first ingested under, or by one derived from the content (pipeline/source-identity.ts).
   */
  key: string;
  /** Modification time (ms) of the file, used to infer years of year-less timestamps. */
  mtimeMs?: number;
  /** Size in bytes on disk (compressed size for archives' members when unknown). */
  size?: number;
  /** The file is one gzip or zstd stream: `size` is a fraction of what is read. */
  compressed?: boolean;
  /** Whether `open` may be called again and reads the same bytes (files, zip members; not stdin, pipes, tar members). */
  reopenable?: boolean;
  /** The key names no log (stdin, a pipe): what it carries differs from one read to the next. */
  unnamed?: boolean;
  open(): AsyncIterable<Buffer>;
}

/** An input that cannot be read at all; reported, and the rest goes on. */
export interface InputProblem {
  name: string;
  problem: string;
}

export type InputItem = { source: InputSource } | { problem: InputProblem };

const READ_CHUNK = 1024 * 1024;
const SKIPPED_NAMES = /(?:^|\/)(?:\.git|node_modules)(?:\/|$)|\.(?:db|db-wal|db-shm|sqlite)$/;

/** Expands paths (files, directories recursively, `-` for stdin) into sources, in a stable order. */
export async function* expandInputs(paths: readonly string[], stdin: () => AsyncIterable<Buffer>): AsyncGenerator<InputItem> {
  for (const path of paths) {
    if (path === '-') {
      // `zstdcat`/`zcat` are not needed in front of a pipe: compressed bytes are recognised there too.
      yield { source: { name: '<stdin>', key: 'stdin', unnamed: true, open: () => maybeDecompress(stdin()) } };
      continue;
    }
    let info: Stats;
    try {
      info = await stat(path);
    } catch (error) {
      yield { problem: { name: path, problem: describeFsError(error) } };
      continue;
    }
    if (info.isDirectory()) yield* walk(path);
    else yield* expandFile(path, info);
  }
}

async function* walk(dir: string): AsyncGenerator<InputItem> {
  let entries: string[];
  try {
    entries = (await readdir(dir)).sort();
  } catch (error) {
    yield { problem: { name: dir, problem: describeFsError(error) } };
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    if (SKIPPED_NAMES.test(entry)) continue;
    const info = await lstat(path).catch(() => undefined);
    if (info === undefined || info.isSymbolicLink()) continue;
    if (info.isDirectory()) yield* walk(path);
    else if (info.isFile()) yield* expandFile(path, info);
  }
}

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function* expandFile(path: string, info: Stats): AsyncGenerator<InputItem> {
  if (!info.isFile()) {
    // A pipe or device (`vigil ingest <(zcat x)`) cannot be read twice or seeked: stream it, still decompressing.
    const stream = () => maybeDecompress(createReadStream(path, { highWaterMark: READ_CHUNK }));
    yield { source: { name: path, key: resolve(path), unnamed: true, open: stream } };
    return;
  }
  let head: Buffer;
  try {
    head = await readHead(path, 512);
  } catch (error) {
    yield { problem: { name: path, problem: describeFsError(error) } };
    return;
  }
  const kind = sniffCompression(head);
  const identity = resolve(path);
  const base = { mtimeMs: info.mtimeMs, size: info.size };
  const file = { ...base, reopenable: true };
  const raw = () => createReadStream(path, { highWaterMark: READ_CHUNK });
  if (kind === 'zip') {
    yield* readZip(path, base, identity);
    return;
  }
  if (kind === 'gzip' || kind === 'zstd') {
    // pipeline, not pipe: read errors reach the consumer, and closing the gunzip closes the file.
    const decompress = kind === 'gzip' ? () => pipeline(raw(), createGunzip({ chunkSize: READ_CHUNK }), () => undefined) : () => unzstd(raw());
    const tarHead = await firstBytes(decompress(), 512).catch(() => Buffer.alloc(0));
    if (sniffCompression(tarHead) === 'tar') {
      yield* readTar(`${path}!`, decompress, base, identity);
      return;
    }
    yield { source: { name: path, key: identity, ...file, compressed: true, open: decompress } };
    return;
  }
  if (kind === 'tar') {
    yield* readTar(`${path}!`, raw, base, identity);
    return;
  }
  yield { source: { name: path, key: identity, ...file, open: raw } };
}

async function firstBytes(stream: AsyncIterable<Buffer> & { destroy?: () => void }, count: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= count) break;
  }
  stream.destroy?.();
  return Buffer.concat(parts).subarray(0, count);
}

export function describeFsError(error: unknown): string {
  const code = errorCode(error);
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}

export function absolute(path: string): string {
  return path === '-' ? path : resolve(path);
}
