import type { InputSource } from './sources.ts';

export interface PeekedSource {
  /** The first bytes of the content (after decompression), fewer when the content is shorter or unreadable. */
  head: Buffer;
  /** The same source; its next `open` gives the whole content again, the head included. */
  source: InputSource;
  /** Closes the stream read from when the source will not be read after all. */
  release(): Promise<void>;
}

/**
 * Reads the first `bytes` bytes of a source without losing them, for sources that cannot be read twice too
 * (stdin, pipes, tar members): the first `open` of the returned source gives back what was read, then goes on
 * with the same stream; later ones (a re-read after a parse thread died) open the source again. A read error
 * met here is not thrown here but where the content is read, after the bytes before it, as it would have been.
 */
export async function peekHead(source: InputSource, bytes: number): Promise<PeekedSource> {
  const stream = source.open()[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let length = 0;
  let ended = false;
  let failure: { error: unknown } | undefined;
  try {
    while (length < bytes) {
      const next = await stream.next();
      if (next.done === true) {
        ended = true;
        break;
      }
      taken.push(next.value);
      length += next.value.length;
    }
  } catch (error) {
    failure = { error };
  }
  const head = Buffer.concat(taken, Math.min(length, bytes));
  let replayed = false;
  async function* replay(): AsyncGenerator<Buffer> {
    let finished = ended || failure !== undefined;
    try {
      while (taken.length > 0) yield taken.shift()!;
      if (failure !== undefined) throw failure.error;
      while (!finished) {
        const next = await stream.next();
        if (next.done === true) finished = true;
        else yield next.value;
      }
    } finally {
      // Stopped early (a format error, a closed consumer): the stream is closed as its own loop would close it.
      if (!finished) await stream.return?.();
    }
  }
  const open = () => {
    if (replayed) return source.open();
    replayed = true;
    return replay();
  };
  const release = async () => {
    if (replayed) return;
    replayed = true;
    taken.length = 0;
    if (!ended && failure === undefined) await stream.return?.();
  };
  return { head, source: { ...source, open }, release };
}
