import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stagedFileName } from '../../jobs/staged-name.ts';
import type { StagedFile } from '../../jobs/types.ts';
import { ApiError } from '../errors.ts';
import { diskName, displayName } from './names.ts';

export interface Staged extends StagedFile {
  /** False when an identical upload (same content and name) was already on disk and is reused. */
  created: boolean;
}

/** A path under `dir` from a generated name; refuses anything that would resolve elsewhere. */
function inside(dir: string, name: string): string {
  const root = resolve(dir);
  const path = resolve(root, name);
  if (!path.startsWith(root + sep) || path.includes('\0')) throw new ApiError('E_INTERNAL', 'generated upload path escapes the upload directory');
  return path;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

/**
 * Streams one uploaded file to disk: a private temporary file first (exclusive create, mode 0600), hashed
 * while written, then renamed to `<sha256 prefix>-<sanitised name>`; the same content under the same name
 * is stored once (its events then get the same ids, so ingesting it again adds nothing).
 */
export async function stageFile(stream: Readable & { truncated?: boolean }, dir: string, original: string | undefined, maxBytes: number): Promise<Staged> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = inside(dir, `.incoming-${randomBytes(12).toString('hex')}`);
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(stream, tap, createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
    if (stream.truncated === true || size > maxBytes) throw new ApiError('E_TOO_LARGE', `${displayName(original)}: larger than the upload limit of ${maxBytes} bytes`);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  const sha256 = hash.digest('hex');
  const path = inside(dir, stagedFileName(sha256, diskName(original)));
  if (await exists(path)) {
    await rm(temp, { force: true });
    return { path, name: displayName(original), size, sha256, created: false };
  }
  await rename(temp, path);
  return { path, name: displayName(original), size, sha256, created: true };
}

/** Removes what a failed request staged (files that were already there stay). */
export async function discard(staged: readonly Staged[]): Promise<void> {
  await Promise.all(staged.filter((f) => f.created).map((f) => rm(f.path, { force: true })));
}

