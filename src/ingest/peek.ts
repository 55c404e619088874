import { errorMessage } from '../util/errors.ts';
import type { InputSource } from './sources.ts';
/** Reads the first bytes of a stream for detection, then replays them followed by the rest. */

export interface Peeked {
  head: Buffer;
  /** True when the whole input fit in the head. */
  complete: boolean;
  stream: AsyncIterable<Buffer>;
  /** Stops the underlying stream (closing its file) when the rest will not be read. */
  close(): Promise<void>;
}

export async function peek(chunks: AsyncIterable<Buffer>, bytes: number): Promise<Peeked> {
  const iterator = chunks[Symbol.asyncIterator]();
  const held: Buffer[] = [];
  let length = 0;
  let complete = false;
  let failure: unknown;
  try {
    while (length < bytes) {
      const next = await iterator.next();
      if (next.done === true) {
        complete = true;
        break;
      }
      held.push(next.value);
      length += next.value.length;
    }
  } catch (error) {
    // Report the failure when the stream is consumed, after the bytes that did arrive.
    failure = error;
    complete = true;
  }
  const close = async (): Promise<void> => {
    await iterator.return?.();
  };
  const stream: AsyncIterable<Buffer> = {
    async *[Symbol.asyncIterator]() {
      try {
        yield* held;
        if (failure !== undefined) throw failure instanceof Error ? failure : new Error(errorMessage(failure));
        if (complete) return;
        for (;;) {
          const next = await iterator.next();
          if (next.done === true) return;
          yield next.value;
        }
      } finally {
        // A reader that stops early (or fails) must not leave the file open.
        await close();
      }
    },
  };
  const head = Buffer.concat(held);
  return { head: head.length > bytes ? head.subarray(0, bytes) : head, complete: complete && head.length <= bytes, stream, close };
}

export interface PeekedSource {
  /** The first bytes of the content (after decompression), fewer when the content is shorter or unreadable. */
  head: Buffer;
  /** The same source; its next `open` gives the whole content again, the head included. */
  source: InputSource;
  /** Closes the stream read from when the source will not be read after all. */
  release(): Promise<void>;
}

/**
 * `peek` for a whole source, also one that cannot be read twice (stdin, pipes, tar members): the first `open`
 * of the returned source gives back what was read, then goes on with the same stream; later ones (a re-read
 * after a parse thread died) open the source again.
 */
export async function peekSource(source: InputSource, bytes: number): Promise<PeekedSource> {
  const peeked = await peek(source.open(), bytes);
  let replayed = false;
  const open = () => {
    if (replayed) return source.open();
    replayed = true;
    return peeked.stream;
  };
  const release = async () => {
    if (replayed) return;
    replayed = true;
    await peeked.close();
  };
  return { head: peeked.head, source: { ...source, open }, release };
}

/** Re-encodes UTF-16 input (Windows exports) to UTF-8, dropping the BOM. */
export async function* transcode(chunks: AsyncIterable<Buffer>, encoding: 'utf16le' | 'utf16be'): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder(encoding === 'utf16le' ? 'utf-16le' : 'utf-16be', { ignoreBOM: false });
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield Buffer.from(text, 'utf8');
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield Buffer.from(rest, 'utf8');
}
