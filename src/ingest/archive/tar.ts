import type { InputItem } from '../sources.ts';
import { ByteReader } from './byte-reader.ts';
import { maybeDecompress } from './magic.ts';

const BLOCK = 512;
const CHUNK = 1024 * 1024;
/** Long-name and pax records are held in memory; a bigger one is skipped as hostile. */
const MAX_NAME_RECORD = 1024 * 1024;

interface TarHeader {
  name: string;
  size: number;
  type: string;
  mtimeMs: number;
}

function field(block: Buffer, start: number, length: number): string {
  const raw = block.toString('utf8', start, start + length);
  const nul = raw.indexOf('\0');
  return nul === -1 ? raw : raw.slice(0, nul);
}

function octal(block: Buffer, start: number, length: number): number {
  const text = field(block, start, length).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function parseHeader(block: Buffer): TarHeader | undefined {
  if (block.every((byte) => byte === 0)) return undefined;
  // Only POSIX ustar ("ustar\0") has a name prefix there; GNU tar ("ustar  ") keeps other fields at 345.
  const prefix = block.toString('latin1', 257, 263) === 'ustar\0' ? field(block, 345, 155) : '';
  const name = field(block, 0, 100);
  return {
    name: prefix === '' ? name : `${prefix}/${name}`,
    size: octal(block, 124, 12),
    type: field(block, 156, 1) || '0',
    mtimeMs: octal(block, 136, 12) * 1000,
  };
}

function paxPath(data: Buffer): string | undefined {
  for (const record of data.toString('utf8').split('\n')) {
    const m = /^\d+ path=(.*)$/.exec(record);
    if (m !== null) return m[1];
  }
  return undefined;
}

/** Streams a tar archive; each regular file becomes a source. Members must be read in order. */
export async function* readTar(
  prefix: string,
  open: () => AsyncIterable<Buffer>,
  base: { mtimeMs?: number; size?: number },
  /** Identity of the archive (its absolute path); a member's id key is `<identity>!<member path>`. */
  identity: string,
): AsyncGenerator<InputItem> {
  const reader = new ByteReader(open());
  let longName: string | undefined;
  try {
    for (;;) {
      const block = await reader.read(BLOCK);
      if (block.length === 0) return;
      if (block.length < BLOCK) throw new Error('archive ends inside a header');
      const header = parseHeader(block);
      if (header === undefined) {
        // Read the end padding too, so a damaged end (a gzip without its trailer) is still reported.
        await reader.skip(Number.POSITIVE_INFINITY);
        return;
      }
      const padded = Math.ceil(header.size / BLOCK) * BLOCK;
      if ((header.type === 'L' || header.type === 'x') && header.size > MAX_NAME_RECORD) {
        await reader.skip(padded);
        continue;
      }
      if (header.type === 'L' || header.type === 'x') {
        const data = await reader.read(padded);
        longName = header.type === 'L' ? field(data, 0, header.size) : paxPath(data.subarray(0, header.size));
        continue;
      }
      const name = longName ?? header.name;
      longName = undefined;
      if (header.type !== '0' && header.type !== '7') {
        await reader.skip(padded);
        continue;
      }
      let remaining = header.size;
      // A consumer that stops reading a member (a binary file, skipped) may leave one of its reads in flight;
      // the archive moves on only once that read has taken its bytes, and the member reads nothing after that.
      let closed = false;
      let pending: Promise<unknown> = Promise.resolve();
      const member = async function* (): AsyncGenerator<Buffer> {
        while (remaining > 0 && !closed) {
          const read = reader.readUpTo(Math.min(remaining, CHUNK)).then((chunk) => {
            remaining -= chunk.length;
            return chunk;
          });
          pending = read;
          const chunk = await read;
          if (chunk.length === 0) throw new Error(`tar member ${name} truncated: ${remaining} bytes missing`);
          yield chunk;
        }
      };
      yield {
        source: {
          name: `${prefix}${name}`,
          key: `${identity}!${name}`,
          mtimeMs: header.mtimeMs || base.mtimeMs,
          size: header.size,
          open: () => maybeDecompress(member()),
        },
      };
      closed = true;
      await pending.catch(() => undefined);
      const rest = remaining + (padded - header.size);
      if ((await reader.skip(rest)) < rest) throw new Error(`archive ends inside member ${name}`);
    }
  } catch (error) {
    yield { problem: { name: prefix.slice(0, -1), problem: `tar archive damaged or truncated: ${error instanceof Error ? error.message : String(error)}` } };
  }
}
