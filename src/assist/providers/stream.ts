import { LlmError } from './types.ts';

/** A server that sends a longer line than this without a newline is broken (or hostile): the reply stops. */
export const MAX_LINE_CHARS = 8 * 1024 * 1024;

/**
 * The text lines of a byte stream. Chunks may end anywhere (inside a line, inside a UTF-8 character); `\n`,
 * `\r\n` and a lone `\r` end a line (as Server-Sent Events allow); a last line without its newline is yielded
 * at the end. Invalid UTF-8 becomes U+FFFD rather than an error; a leading byte-order mark is dropped.
 */
export async function* decodeLines(chunks: AsyncIterable<Uint8Array>, label: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  for await (const chunk of chunks) {
    pending += decoder.decode(chunk, { stream: true });
    const { lines, rest } = splitLines(pending);
    pending = rest;
    if (pending.length > MAX_LINE_CHARS) throw new LlmError('protocol', `${label} sent a line longer than ${MAX_LINE_CHARS} characters`);
    yield* lines;
  }
  pending += decoder.decode();
  if (pending.endsWith('\r')) pending = pending.slice(0, -1);
  if (pending.length > 0) yield pending;
}

/** Complete lines of `text`, and what follows the last line end (a trailing `\r` waits: `\n` may follow). */
function splitLines(text: string): { lines: string[]; rest: string } {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    if (c === 13 && i === text.length - 1) break;
    lines.push(text.slice(start, i));
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    start = i + 1;
  }
  return { lines, rest: text.slice(start) };
}

/** One JSON value per non-blank line (Ollama's streaming format); a line that is not JSON is a protocol error. */
export async function* parseNdjson(lines: AsyncIterable<string>, label: string): AsyncGenerator {
  for await (const line of lines) {
    if (line.trim() === '') continue;
    yield parseJsonText(line, label);
  }
}

export function parseJsonText(text: string, label: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new LlmError('protocol', `${label} sent malformed JSON: ${preview(text)}`, { cause: error });
  }
}

export interface SseEvent {
  /** The `event:` field, `message` when absent. */
  event: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
}

/**
 * Server-Sent Events (WHATWG HTML §9.2): `field: value` lines, one optional space after the colon, events
 * ended by a blank line, `:` comments (keep-alives) ignored, `id` and `retry` ignored. An event without its
 * closing blank line when the stream ends is incomplete and is dropped, as the standard says.
 */
export async function* parseSse(lines: AsyncIterable<string>): AsyncGenerator<SseEvent> {
  let data: string[] = [];
  let event = '';
  for await (const line of lines) {
    if (line === '') {
      if (data.length > 0) yield { event: event === '' ? 'message' : event, data: data.join('\n') };
      data = [];
      event = '';
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const raw = colon === -1 ? '' : line.slice(colon + 1);
    const value = raw.startsWith(' ') ? raw.slice(1) : raw;
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
  }
}

/** A short, single-line excerpt of what a server sent, for error messages. */
export function preview(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
