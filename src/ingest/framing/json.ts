import { frameLines, withoutBom } from './lines.ts';

/**
 * JSON framing. Two modes:
 * - `lines`: JSON Lines, one document per line (a bad line is one error, the next line resyncs);
 * - `stream`: a top-level array, or several concatenated (pretty-printed) documents, cut by a
 *   byte scanner that tracks nesting and strings, so no file is ever held whole in memory. A top-level
 *   object that only wraps an array of records, `{"Records":[…]}` (AWS CloudTrail's files) or
 *   `{"records":[…]}` (Azure's exports), gives the array's elements, as a top-level array does.
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

/** The start of a records envelope: `{"Records":[` or `{"records":[`, with any spaces between tokens. */
export const RECORDS_ENVELOPE = /^\{\s*"[Rr]ecords"\s*:\s*\[/;

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

const ENVELOPE_KEY = Buffer.from('ecords');
/** Steps of the envelope's start after `{`: before the key, in it (one per letter), then `"`, `:` and `[`. */
const KEY_START = 1;
const KEY_END = KEY_START + 1 + ENVELOPE_KEY.length;
const BEFORE_COLON = KEY_END + 1;
const BEFORE_ARRAY = BEFORE_COLON + 1;
const ENVELOPE_OPEN = BEFORE_ARRAY + 1;
/** Spaces tolerated in an envelope's start before the object is taken for an ordinary value. */
const MAX_ENVELOPE_PROBE = 1024;

/** The next step of an envelope's start given one more byte, or -1 when the object is not an envelope. */
function envelopeStep(step: number, byte: number): number {
  if (step === 0) return isSpace(byte) ? 0 : byte === QUOTE ? KEY_START : -1;
  if (step === KEY_START) return byte === 0x52 || byte === 0x72 ? step + 1 : -1;
  if (step < KEY_END) return byte === ENVELOPE_KEY[step - KEY_START - 1] ? step + 1 : -1;
  if (step === KEY_END) return byte === QUOTE ? BEFORE_COLON : -1;
  if (step === BEFORE_COLON) return isSpace(byte) ? step : byte === 0x3a ? BEFORE_ARRAY : -1;
  return isSpace(byte) ? step : byte === OPEN_ARRAY ? ENVELOPE_OPEN : -1;
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
  /** The bytes of a top-level object read so far while they may still start a records envelope. */
  probe: number[] | undefined;
  probeStep = 0;
  /** Inside a records envelope's array; after it, its closing `}` is expected. */
  inEnvelope = false;
  closingEnvelope = false;

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
      // End of a top-level array: another one may follow (concatenated exports).
      this.inArray = false;
      this.sawStart = this.inEnvelope;
      this.closingEnvelope = this.inEnvelope;
      this.inEnvelope = false;
      return;
    }
    if (this.closingEnvelope && byte === CLOSE_OBJECT) {
      this.closingEnvelope = false;
      this.sawStart = false;
      return;
    }
    this.closingEnvelope = false;
    if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      this.flushJunk(out);
      this.valueLine = this.line;
      this.valueOffset = this.position + i;
      if (byte === OPEN_OBJECT && !this.inArray) {
        this.probe = [byte];
        this.probeStep = 0;
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

  /** One more byte of a top-level object that may be a records envelope. */
  private probeByte(byte: number, out: JsonRecord[]): void {
    const probe = this.probe!;
    probe.push(byte);
    this.probeStep = envelopeStep(this.probeStep, byte);
    if (this.probeStep === ENVELOPE_OPEN) {
      this.probe = undefined;
      this.inArray = true;
      this.inEnvelope = true;
      return;
    }
    if (this.probeStep >= 0 && probe.length <= MAX_ENVELOPE_PROBE) return;
    // An ordinary value: its bytes so far go through the value scanner. Only its last byte can close it (a
    // `}` is never part of an envelope's start).
    this.probe = undefined;
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
    } else if (this.inEnvelope && this.depth === 0) {
      out.push({ text: '', line: this.line, offset: this.position, error: 'records envelope not closed at end of input (truncated file?)' });
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
