/** Pulls exact byte counts out of an async chunk stream (for archive headers and members). */
export class ByteReader {
  private readonly iterator: AsyncIterator<Buffer>;
  private buffer: Buffer = Buffer.alloc(0);
  private done = false;

  constructor(source: AsyncIterable<Buffer>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  private async fill(wanted: number): Promise<void> {
    const parts = [this.buffer];
    let length = this.buffer.length;
    while (length < wanted && !this.done) {
      const next = await this.iterator.next();
      if (next.done === true) {
        this.done = true;
        break;
      }
      parts.push(next.value);
      length += next.value.length;
    }
    this.buffer = parts.length === 1 ? this.buffer : Buffer.concat(parts);
  }

  /** Exactly `count` bytes, fewer only at the end of the stream. */
  async read(count: number): Promise<Buffer> {
    if (this.buffer.length < count) await this.fill(count);
    const out = this.buffer.subarray(0, count);
    this.buffer = this.buffer.subarray(out.length);
    return out;
  }

  /** Between 1 and `count` bytes (empty at the end), without waiting to fill `count`. */
  async readUpTo(count: number): Promise<Buffer> {
    if (this.buffer.length === 0) await this.fill(1);
    const out = this.buffer.subarray(0, count);
    this.buffer = this.buffer.subarray(out.length);
    return out;
  }

  /** Skips `count` bytes (or up to the end); returns how many were skipped. */
  async skip(count: number): Promise<number> {
    let left = count;
    while (left > 0) {
      const chunk = await this.readUpTo(left);
      if (chunk.length === 0) break;
      left -= chunk.length;
    }
    return count - left;
  }

  /** Closes the source (a file stream) when reading stops early. */
  async close(): Promise<void> {
    this.done = true;
    await this.iterator.return?.();
  }
}
