import type { JsonRecord } from '../framing/json.ts';
import { DecompressError, journalLz4, journalZstd } from './decompress.ts';

/**
 * The systemd journal's binary files (`/var/log/journal/<machine-id>/*.journal`, the `*.journal~` of an unclean
 * shutdown too), read as systemd's JOURNAL_FILE_FORMAT describes them: a header, then an arena of 8-byte aligned
 * objects. Entries are appended after the data objects they name, so the file's ENTRY objects, taken in file
 * order, are the log in the order it was written; each names its fields' DATA objects (`FIELD=value`, shared by
 * every entry with that value, compressed when large). An entry becomes the object `journalctl -o json` prints for
 * it (`__CURSOR`, `__REALTIME_TIMESTAMP`, `__MONOTONIC_TIMESTAMP`, `_BOOT_ID`, then its fields: a string, a byte
 * array when not printable UTF-8, an array for a field given more than once), read by the `journald` format.
 *
 * Data objects are shared across the whole file, so the file is held in memory while it is read (journald caps a
 * file at 128 MiB by default; larger than MAX_FILE_BYTES is refused, with the way around it). Measured: an 84 MB
 * file of 300,000 entries peaked at 365 MB RSS in `vigil ingest`, its 173 MB `journalctl -o json` export at 256 MB. A record's `line` is the entry's place in the
 * file, its `offset` the entry object's. A damaged object is a record error with its offset; the rest is read.
 */

export const JOURNAL_MAGIC = Buffer.from('LPKSHHRH', 'latin1');
/** Files over this are refused with the way around it (journalctl's JSON is streamed): journald's own default cap is 128 MiB. */
const MAX_FILE_BYTES = 2 ** 30;
const TOO_LARGE = '; read it through journalctl instead, which Vigil streams: journalctl --file <file> -o json --all | vigil ingest -';
const FIRST_BUFFER_BYTES = 128 * 1024 * 1024;
const MAX_FIELD_BYTES = 8 * 1024 * 1024;
const BATCH = 1000;

const OBJECT_HEADER = 16;
const TYPE_DATA = 1;
const TYPE_ENTRY = 3;
const COMPRESSED_XZ = 1;
const COMPRESSED_LZ4 = 2;
const COMPRESSED_ZSTD = 4;
/** Header incompatible flags: XZ, LZ4, keyed hash, zstd, compact; any other is a format this reader does not know. */
const KNOWN_INCOMPATIBLE = 1 | 2 | 4 | 8 | 16;
const COMPACT = 16;
const ENTRY_ITEMS = 64;

const strict = new TextDecoder('utf-8', { fatal: true });

export function isJournalFile(head: Buffer): boolean {
  return head.length >= JOURNAL_MAGIC.length && head.subarray(0, JOURNAL_MAGIC.length).equals(JOURNAL_MAGIC);
}

class JournalDamage extends Error {}

const u64 = (buf: Buffer, at: number): number => buf.readUInt32LE(at) + buf.readUInt32LE(at + 4) * 2 ** 32;
const hex64 = (buf: Buffer, at: number): string => buf.readBigUInt64LE(at).toString(16);

/** journalctl's JSON value of a field: text when it is printable UTF-8 (newlines and tabs allowed), else bytes. */
function fieldValue(bytes: Buffer): string | number[] {
  let text: string;
  try {
    text = strict.decode(bytes);
  } catch {
    return [...bytes];
  }
  return /[\u0000-\u0008\u000b-\u001f\u007f]/.test(text) ? [...bytes] : text;
}

interface Layout {
  compact: boolean;
  seqnumId: string;
}

/** `FIELD=value` of the data object at `at`, decompressed. */
function dataField(file: Buffer, at: number, layout: Layout): { name: string; value: Buffer } {
  if (at < OBJECT_HEADER || at + OBJECT_HEADER > file.length || at % 8 !== 0) throw new JournalDamage(`a field points outside the file (offset ${String(at)})`);
  if (file[at] !== TYPE_DATA) throw new JournalDamage(`the object at offset ${String(at)} is not a data object`);
  const size = u64(file, at + 8);
  const start = at + (layout.compact ? 72 : 64);
  if (size < start - at || at + size > file.length) throw new JournalDamage(`the data object at offset ${String(at)} runs past the file`);
  const flags = file[at + 1]!;
  const stored = file.subarray(start, at + size);
  let payload: Buffer;
  if ((flags & COMPRESSED_ZSTD) !== 0) payload = journalZstd(stored, MAX_FIELD_BYTES);
  else if ((flags & COMPRESSED_LZ4) !== 0) payload = journalLz4(stored, MAX_FIELD_BYTES);
  else if ((flags & COMPRESSED_XZ) !== 0) throw new JournalDamage(`the data object at offset ${String(at)} is XZ-compressed (journals of systemd before 221), which is not read`);
  else payload = stored;
  const eq = payload.indexOf(0x3d);
  if (eq <= 0) throw new JournalDamage(`the data object at offset ${String(at)} is not FIELD=value`);
  return { name: payload.toString('latin1', 0, eq), value: payload.subarray(eq + 1) };
}

/** The entry object at `at` as journalctl's JSON object, and the fields it could not read. */
function entryObject(file: Buffer, at: number, size: number, layout: Layout): { value: Record<string, unknown>; problems: string[] } {
  const seqnum = hex64(file, at + 16);
  const realtime = file.readBigUInt64LE(at + 24);
  const monotonic = file.readBigUInt64LE(at + 32);
  const bootId = file.toString('hex', at + 40, at + 56);
  const value: Record<string, unknown> = {
    __CURSOR: `s=${layout.seqnumId};i=${seqnum};b=${bootId};m=${monotonic.toString(16)};t=${realtime.toString(16)};x=${hex64(file, at + 56)}`,
    __REALTIME_TIMESTAMP: realtime.toString(),
    __MONOTONIC_TIMESTAMP: monotonic.toString(),
  };
  const problems: string[] = [];
  /** Fields given more than once: their values, in the entry's order. */
  const repeated = new Map<string, unknown[]>();
  const item = layout.compact ? 4 : 16;
  for (let pos = at + ENTRY_ITEMS; pos + item <= at + size; pos += item) {
    const dataAt = layout.compact ? file.readUInt32LE(pos) : u64(file, pos);
    try {
      const field = dataField(file, dataAt, layout);
      const text = fieldValue(field.value);
      const values = repeated.get(field.name);
      if (values !== undefined) values.push(text);
      else if (Object.hasOwn(value, field.name)) {
        const both = [value[field.name], text];
        repeated.set(field.name, both);
        value[field.name] = both;
      } else Object.defineProperty(value, field.name, { value: text, writable: true, enumerable: true, configurable: true });
    } catch (error) {
      if (!(error instanceof JournalDamage) && !(error instanceof DecompressError)) throw error;
      problems.push(error.message);
    }
  }
  if (!Object.hasOwn(value, '_BOOT_ID')) value._BOOT_ID = bootId;
  return { value, problems };
}

/** The whole file in one buffer, sized by its header (journald preallocates: the header states the file's size). */
async function wholeFile(chunks: AsyncIterable<Buffer>): Promise<{ file: Buffer; declared: number } | { error: string }> {
  const parts: Buffer[] = [];
  let length = 0;
  let file: Buffer | undefined;
  let declared = 0;
  for await (const chunk of chunks) {
    if (file === undefined) {
      parts.push(chunk);
      length += chunk.length;
      if (length < 112) continue;
      const head = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
      declared = u64(head, 88) + u64(head, 96);
      if (declared > MAX_FILE_BYTES) return { error: `journal file states ${String(declared)} bytes, over the ${String(MAX_FILE_BYTES)} this reader holds in memory${TOO_LARGE}` };
      // The header's size is what journald allocated; a damaged or crafted header may claim far more than the
      // file holds, so the buffer starts at most at FIRST_BUFFER_BYTES and grows with what arrives.
      file = Buffer.allocUnsafe(Math.max(Math.min(declared, FIRST_BUFFER_BYTES), head.length));
      head.copy(file, 0);
      length = head.length;
      parts.length = 0;
      continue;
    }
    if (length + chunk.length > file.length) {
      // More bytes than the buffer holds: a file larger than FIRST_BUFFER_BYTES, or a header not yet updated by a live writer.
      const grown = Buffer.allocUnsafe(Math.min(MAX_FILE_BYTES, Math.max(file.length * 2, length + chunk.length)));
      file.copy(grown, 0, 0, length);
      file = grown;
      if (length + chunk.length > file.length) return { error: `journal file larger than the ${String(MAX_FILE_BYTES)} bytes this reader holds in memory${TOO_LARGE}` };
    }
    chunk.copy(file, length);
    length += chunk.length;
  }
  if (file === undefined) return { error: 'journal file truncated inside its header' };
  return { file: file.subarray(0, length), declared };
}

function errorRecord(line: number, offset: number, reason: string): JsonRecord {
  return { text: '', line, offset, error: reason };
}

/** The entries of a journal file, in batches. */
export async function* frameJournalFile(chunks: AsyncIterable<Buffer>): AsyncGenerator<JsonRecord[]> {
  const read = await wholeFile(chunks);
  if ('error' in read) {
    yield [errorRecord(0, 0, read.error)];
    return;
  }
  const { file, declared } = read;
  if (!isJournalFile(file)) {
    yield [errorRecord(0, 0, 'not a systemd journal file (no LPKSHHRH signature)')];
    return;
  }
  const incompatible = file.readUInt32LE(12);
  const headerSize = u64(file, 88);
  if ((incompatible & ~KNOWN_INCOMPATIBLE) !== 0) {
    yield [errorRecord(0, 0, `journal file uses features this reader does not know (incompatible flags 0x${incompatible.toString(16)})`)];
    return;
  }
  if (headerSize < 208 || headerSize > file.length || headerSize % 8 !== 0) {
    yield [errorRecord(0, 0, `journal file header size ${String(headerSize)} is invalid or the file is truncated inside its header`)];
    return;
  }
  const layout: Layout = { compact: (incompatible & COMPACT) !== 0, seqnumId: file.toString('hex', 72, 88) };
  const tail = u64(file, 136);
  let batch: JsonRecord[] = [];
  let entries = 0;
  let at = headerSize;
  let damaged = false;
  // Objects are read up to the first space never written (zeros): the header's tail offset may be stale in a
  // copy of a file journald was writing.
  while (at + OBJECT_HEADER <= file.length) {
    const type = file[at]!;
    const size = u64(file, at + 8);
    if (type === 0 && size === 0) break;
    if (size < OBJECT_HEADER || at + size > file.length) {
      // Past the last object the header knows, this is not damage but unwritten space.
      if (at <= tail) batch.push(errorRecord(entries, at, `journal object at offset ${String(at)} (size ${String(size)}) runs past the file's ${String(file.length)} bytes: the file is truncated or damaged; the entries before it were read`));
      damaged = true;
      break;
    }
    if (type === TYPE_ENTRY) {
      entries++;
      if (size < ENTRY_ITEMS) batch.push(errorRecord(entries, at, `journal entry at offset ${String(at)} is shorter than an entry header`));
      else {
        const { value, problems } = entryObject(file, at, size, layout);
        batch.push({ text: JSON.stringify(value), value, line: entries, offset: at });
        if (problems.length > 0) batch.push(errorRecord(entries, at, `journal entry ${String(entries)}: ${String(problems.length)} field(s) not read: ${problems.slice(0, 3).join('; ')}`));
      }
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
    at += Math.ceil(size / 8) * 8;
  }
  if (!damaged && at <= tail && file.length < declared) batch.push(errorRecord(entries, file.length, `journal file truncated: ${String(file.length)} of ${String(declared)} bytes; the entries before the cut were read`));
  if (batch.length > 0) yield batch;
}
