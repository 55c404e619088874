import { createHash } from 'node:crypto';
import { peekSource } from '../ingest/peek.ts';
import type { InputSource } from '../ingest/sources.ts';
import { eventId } from '../normalize/build.ts';
import type { Store } from '../store/index.ts';

/**
 * Bytes of a log's start that name it wherever it is read from. 4 KiB is tens of records of any format: two
 * different logs do not share them (a header alone, CSV or Zeek, is shorter), while a log that was renamed by
 * rotation, copied, compressed, piped in, or has grown since keeps them. Shorter logs keep the identity of
 * their path, as every log did before.
 */
export const HEAD_BYTES = 4096;

export interface IdentifiedSource {
  source: InputSource;
  /** The identity (key) of the log this input repeats the start of, when it is not this input's own. */
  sameLogAs?: string;
}

/**
 * Gives an input the identity (`key`, hashed into its events' ids) of the log it was first ingested as when it
 * starts with the same HEAD_BYTES bytes: reading it again then adds only its new records. Otherwise it keeps
 * its own identity, recorded for its head: its absolute path, or for stdin and pipes, whose names say nothing
 * of what they carry (`stdin`, `/dev/fd/63`), that name with a hash of their first bytes, so two different
 * streams never share ids. `write` wraps the store write (run errors).
 */
export async function identifySource(store: Store, source: InputSource, runId: number, write: <T>(step: () => T) => T): Promise<IdentifiedSource> {
  const peeked = await peekSource(source, HEAD_BYTES);
  const digest = createHash('sha256').update(peeked.head).digest('hex');
  const own = source.unnamed === true ? `${source.key}#${digest.slice(0, 16)}` : source.key;
  let claimed = own;
  try {
    if (peeked.head.length === HEAD_BYTES && !isPadding(peeked.head)) claimed = write(() => store.heads.claim(digest, own, runId));
  } catch (error) {
    await peeked.release();
    throw error;
  }
  // Streams were identified by their name alone before heads were recorded (migration 11).
  const stored = (source.unnamed === true ? [own, source.key] : [own]).find((key) => key !== claimed && storedUnder(store, key, peeked.head));
  const key = stored ?? claimed;
  const identified = key === source.key ? peeked.source : { ...peeked.source, key };
  return key === claimed && claimed !== own ? { source: identified, sameLogAs: claimed } : { source: identified };
}

/**
 * Whether the head is filler rather than records: empty lines, spaces or NUL bytes (a log preallocated, or
 * patched after a crash), a few repeated characters. Unrelated logs share such heads, so they name none.
 */
function isPadding(head: Buffer): boolean {
  const seen = new Set<number>();
  for (const byte of head) if (seen.add(byte).size >= MIN_DISTINCT_BYTES) return false;
  return true;
}

/** Distinct byte values in the first 4 KiB of any log of records (timestamps, digits, letters, separators). */
const MIN_DISTINCT_BYTES = 16;

/**
 * Whether this very log was stored under `key` before: its first line's event is. That is a log ingested
 * before heads were recorded (migration 11) whose copy was then ingested first: the copy claimed the head, but
 * the log keeps the ids it has. Checked for line logs only (a record per line from the first).
 */
function storedUnder(store: Store, key: string, head: Buffer): boolean {
  const end = head.indexOf(0x0a);
  if (end < 0) return false;
  const line = head.toString('utf8', head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0, end).replace(/\r$/, '');
  return store.hasEvent(eventId(key, 1, line));
}
