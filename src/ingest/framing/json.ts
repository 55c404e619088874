import { frameLines, withoutBom } from './lines.ts';
import { DocumentProbe } from './records-document.ts';

/**
 * JSON framing. Two modes:
 * - `lines`: JSON Lines, one document per line (a bad line is one error, the next line resyncs);
 * - `stream`: a top-level array, or several concatenated (pretty-printed) documents, cut by a
 *   byte scanner that tracks nesting and strings, so no file is ever held whole in memory. A top-level
 *   object that wraps an array of records (records-document.ts: AWS CloudTrail's `{"Records":[…]}`, a search
 *   response's `hits.hits`, Splunk's `results`, Graph's `value` …) gives the array's elements, as a top-level
 *   array does; the rest of such a document is skipped.
 */

export interface JsonRecord {
  text: string;
  line: number;
  offset: number;
  value?: unknown;
  error?: string;
  truncated?: number;
}

export type JsonMode = 'lines' | 'stream';

export const MAX_JSON_VALUE_BYTES = 8 * 1024 * 1024;

function parseRecord(text: string, line: number, offset: number): JsonRecord {
  try {
    return { text, line, offset, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { text, line, offset, error: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export async function* frameJson(chunks: AsyncIterable<Buffer>, mode: JsonMode): AsyncGenerator<JsonRecord[]> {
  if (mode === 'lines') {
    for await (const lines of frameLines(chunks)) {
      yield lines.map((l) => {
        const record = parseRecord(l.text, l.line, l.offset);
        if (l.truncated !== undefined) {
          record.truncated = l.truncated;
          record.error ??= 'line too long';
        }
        return record;
      });
    }
    return;
  }
  yield* scanJson(chunks);
}

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** State machine over bytes; emits each complete top-level value (or element of a top-level array). */
class JsonScanner {
  depth = 0;
  inString = false;
  escaped = false;
  inArray = false;
  sawStart = false;
  parts: Buffer[] = [];
  size = 0;
  oversized = false;
  valueLine = 0;
  valueOffset = 0;
  junkLine = 0;
  junkOffset = 0;
  junk: number[] = [];
  line = 1;
  position = 0;
  /** The bytes of a top-level object read so far while it may still be a records document. */
  probe: number[] | undefined;
  document: DocumentProbe | undefined;
  /** Inside a records document's array; after it, the rest of the document is skipped. */
  inEnvelope = false;
  /** Objects of a records document still open after its array (its rest, skipped): 0 when not in one. */
  tailDepth = 0;
  tailString = false;
  tailEscaped = false;

  feed(chunk: Buffer, out: JsonRecord[]): void {
    let start = -1;
    if (this.depth > 0) start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte === NEWLINE) this.line++;
      if (this.probe !== undefined) {
        this.probeByte(byte, out);
        start = this.depth > 0 ? i + 1 : -1;
        continue;
      }
      if (this.tailDepth > 0) {
        this.tailByte(byte);
        continue;
      }
      if (this.depth > 0) {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (byte === BACKSLASH) this.escaped = true;
          else if (byte === QUOTE) this.inString = false;
          continue;
        }
        if (byte === QUOTE) this.inString = true;
        else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) this.depth++;
        else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
          this.depth--;
          if (this.depth === 0) {
            this.append(chunk.subarray(start, i + 1));
            this.emit(out);
            start = -1;
          }
        }
        continue;
      }
      this.between(byte, i, out);
      if (this.depth > 0) start = i;
    }
    if (this.depth > 0 && start >= 0) this.append(chunk.subarray(start));
    this.position += chunk.length;
  }

  private between(byte: number, i: number, out: JsonRecord[]): void {
    if (isSpace(byte)) {
      if (byte === NEWLINE) this.flushJunk(out);
      else if (this.junk.length > 0 && this.junk.length < 4096) this.junk.push(byte);
      return;
    }
    if (!this.sawStart && byte === OPEN_ARRAY) {
      this.sawStart = true;
      this.inArray = true;
      return;
    }
    this.sawStart = true;
    if (this.inArray && byte === COMMA) return;
    if (this.inArray && byte === CLOSE_ARRAY) {
      // End of a top-level array: another one may follow (concatenated exports); after a document's records, the
      // rest of the document is skipped.
      this.inArray = false;
      this.sawStart = false;
      if (this.inEnvelope) this.tailDepth = this.document?.enclosing ?? 1;
      this.inEnvelope = false;
      this.document = undefined;
      return;
    }
    if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      this.flushJunk(out);
      this.valueLine = this.line;
      this.valueOffset = this.position + i;
      if (byte === OPEN_OBJECT && !this.inArray) {
        this.probe = [byte];
        this.document = new DocumentProbe();
      } else {
        this.depth = 1;
      }
      return;
    }
    if (this.junk.length === 0) {
      this.junkLine = this.line;
      this.junkOffset = this.position + i;
    }
    if (this.junk.length < 4096) this.junk.push(byte);
  }

  /** One more byte of a top-level object that may be a records document. */
  private probeByte(byte: number, out: JsonRecord[]): void {
    const probe = this.probe!;
    probe.push(byte);
    const state = this.document!.step(byte);
    if (state === 'records') {
      this.probe = undefined;
      this.inArray = true;
      this.inEnvelope = true;
      return;
    }
    if (state === 'more') return;
    // An ordinary value: its bytes so far go through the value scanner. Only its last byte can close it (the probe
    // stops at the `}` that closes the object).
    this.probe = undefined;
    this.document = undefined;
    this.depth = 1;
    for (let k = 1; k < probe.length; k++) {
      const b = probe[k]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === BACKSLASH) this.escaped = true;
        else if (b === QUOTE) this.inString = false;
      } else if (b === QUOTE) this.inString = true;
      else if (b === OPEN_OBJECT || b === OPEN_ARRAY) this.depth++;
      else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) this.depth--;
    }
    this.append(Buffer.from(probe));
    if (this.depth === 0) this.emit(out);
  }

  /** One byte of the rest of a records document, after its records: skipped up to the document's end. */
  private tailByte(byte: number): void {
    if (this.tailString) {
      if (this.tailEscaped) this.tailEscaped = false;
      else if (byte === BACKSLASH) this.tailEscaped = true;
      else if (byte === QUOTE) this.tailString = false;
      return;
    }
    if (byte === QUOTE) this.tailString = true;
    else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) this.tailDepth++;
    else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) this.tailDepth--;
  }

  private append(part: Buffer): void {
    if (this.oversized) return;
    this.size += part.length;
    if (this.size > MAX_JSON_VALUE_BYTES) {
      this.oversized = true;
      this.parts = [];
      return;
    }
    this.parts.push(Buffer.from(part));
  }

  private emit(out: JsonRecord[]): void {
    if (this.oversized) {
      out.push({ text: '', line: this.valueLine, offset: this.valueOffset, error: `JSON value larger than ${MAX_JSON_VALUE_BYTES} bytes` });
    } else {
      out.push(parseRecord(Buffer.concat(this.parts).toString('utf8'), this.valueLine, this.valueOffset));
    }
    this.parts = [];
    this.size = 0;
    this.oversized = false;
  }

  flushJunk(out: JsonRecord[]): void {
    if (this.junk.length === 0) return;
    const text = Buffer.from(this.junk).toString('utf8').trim();
    this.junk = [];
    if (text !== '') out.push({ text, line: this.junkLine, offset: this.junkOffset, error: 'text outside any JSON value' });
  }

  finish(out: JsonRecord[]): void {
    this.flushJunk(out);
    if (this.probe !== undefined) {
      out.push({ text: Buffer.from(this.probe).toString('utf8'), line: this.valueLine, offset: this.valueOffset, error: 'truncated JSON value at end of input' });
    } else if ((this.inEnvelope && this.depth === 0) || this.tailDepth > 0) {
      out.push({ text: '', line: this.line, offset: this.position, error: 'records document not closed at end of input (truncated file?)' });
    } else if (this.depth > 0) {
      const text = this.oversized ? '' : Buffer.concat(this.parts).toString('utf8');
      out.push({ text, line: this.valueLine, offset: this.valueOffset, error: 'truncated JSON value at end of input' });
    }
  }
}

async function* scanJson(chunks: AsyncIterable<Buffer>): AsyncGenerator<JsonRecord[]> {
  const scanner = new JsonScanner();
  for await (const chunk of withoutBom(chunks, (bytes) => (scanner.position = bytes))) {
    const out: JsonRecord[] = [];
    scanner.feed(chunk, out);
    if (out.length > 0) yield out;
  }
  const out: JsonRecord[] = [];
  scanner.finish(out);
  if (out.length > 0) yield out;
}
