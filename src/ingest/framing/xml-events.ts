import { treeJson } from '../evtx/render.ts';
import { XmlFormatError, isSpace, parseEventXml } from '../evtx/xml.ts';
import type { JsonRecord } from './json.ts';

/**
 * Windows event XML framing: each `<Event>…</Event>` of a stream is a record, whatever the lines (one event per
 * line, pretty-printed events over many lines, or a whole `<Events>` export on one line as `wevtutil` writes
 * it), rendered as the JSON of its event (the form EVTX records take) for the Windows reader; its text is the
 * event's XML as written. Between events, XML declarations, `<Events>` wrappers, comments, whitespace and the
 * `- ` of a copied Event Viewer XML view are skipped; anything else is a record error (kept as plain text). An
 * event is held until its end tag, at most MAX_EVENT_CHARS: a longer one is a record error, and reading goes on.
 */

export const MAX_EVENT_CHARS = 1024 * 1024;

/** `<Event` as a start tag (not `<EventData>` or `<EventID>`). */
const EVENT_START = /<Event[\s>/]/g;
const EVENT_END = /<\/Event\s*>/g;

/** The end of the markup that starts at `at` (a declaration, comment, doctype or `<Events>` wrapper), or -1. */
function markupEnd(text: string, at: number): number {
  const closeOf = (close: string, from: number) => {
    const end = text.indexOf(close, from);
    return end < 0 ? -1 : end + close.length;
  };
  if (text.startsWith('<?', at)) return closeOf('?>', at + 2);
  if (text.startsWith('<!--', at)) return closeOf('-->', at + 4);
  if (text.startsWith('<!DOCTYPE', at)) {
    const bracket = text.indexOf('[', at);
    const close = text.indexOf('>', at);
    if (close < 0) return -1;
    if (bracket < 0 || bracket > close) return close + 1;
    const subsetEnd = text.indexOf(']', bracket);
    return subsetEnd < 0 ? -1 : closeOf('>', subsetEnd);
  }
  if (/^<\/?Events[\s>]/.test(text.slice(at, at + 9))) return closeOf('>', at);
  return -1;
}

/**
 * Whether text[from, to) is only markup and layout: declarations, comments, a doctype, `<Events>` wrappers,
 * whitespace and the `- ` markers of a copied XML view. One pass, each piece's end found by indexOf.
 */
function onlyLayout(text: string, from: number, to: number): boolean {
  let at = from;
  while (at < to) {
    const code = text.charCodeAt(at);
    if (isSpace(code)) at++;
    else if (code === 45 && (at + 1 >= to || isSpace(text.charCodeAt(at + 1)))) at++;
    else if (code === 60) {
      const end = markupEnd(text, at);
      if (end < 0 || end > to) return false;
      at = end;
    } else return false;
  }
  return true;
}
/** A tag cut by a chunk boundary is at most this far from the end of what has arrived. */
const TAG_TAIL = 4096;

/** The end of a tag or a space: text up to it can be judged without what comes next. */
const isLayoutEnd = (code: number) => code === 62 || isSpace(code);

function findFrom(pattern: RegExp, text: string, from: number): RegExpExecArray | null {
  pattern.lastIndex = from;
  return pattern.exec(text);
}

class XmlEventScanner {
  private pending = '';
  /** Where `cursor.index` of `pending` is in the input: its line number and byte offset. */
  private cursor = { index: 0, line: 1, offset: 0 };
  /** After an event cut at the cap: what follows, up to the next event, is the rest of it. */
  private skipping = false;

  push(text: string): void {
    this.pending += text;
  }

  /** The records complete so far (all of them when `final`). */
  take(final: boolean): JsonRecord[] {
    const out: JsonRecord[] = [];
    const text = this.pending;
    let at = 0;
    // The first `</Event>` after a position, found once for all the starts before it (many unclosed starts
    // would otherwise each search to the end).
    let end: RegExpExecArray | null | undefined;
    let endFrom = -1;
    for (;;) {
      const start = findFrom(EVENT_START, text, at);
      if (start === null) {
        const keep = final ? text.length : this.heldBack(text, at);
        // The rest of an event cut at the cap is not read as text between events.
        if (!this.skipping) this.between(text, at, keep, out);
        at = keep;
        break;
      }
      if (!this.skipping) this.between(text, at, start.index, out);
      this.skipping = false;
      at = start.index;
      if (end === undefined || (end !== null && end.index < at + 6) || (end === null && endFrom > at + 6)) {
        end = findFrom(EVENT_END, text, at + 6);
        endFrom = at + 6;
      }
      // Events do not nest: a start before this one's end means this one was never closed.
      const next = findFrom(EVENT_START, text, at + 6);
      if (next !== null && (end === null || next.index < end.index)) {
        out.push(this.record(text, at, next.index, 'an event without its </Event> (the next event starts inside it)'));
        at = next.index;
        continue;
      }
      if (end !== null) {
        const close = end.index + end[0].length;
        out.push(this.record(text, at, close));
        at = close;
        continue;
      }
      if (!final && text.length - at <= MAX_EVENT_CHARS) break;
      if (final && text.length - at <= MAX_EVENT_CHARS) {
        out.push(this.record(text, at, text.length, 'the input ends inside this event (no </Event>)'));
        at = text.length;
        break;
      }
      out.push(this.record(text, at, at + MAX_EVENT_CHARS, `event longer than ${String(MAX_EVENT_CHARS)} characters without its </Event>; the rest of it is skipped`));
      at += MAX_EVENT_CHARS;
      this.skipping = true;
    }
    this.moveTo(text, at);
    this.pending = text.slice(at);
    this.cursor.index = 0;
    return out;
  }

  /**
   * Where to stop reading between events until more arrives: before a tag still open (`<?xml versi`, `<Eve`) or a
   * word still growing (the `-` of a `- ` marker), at most TAG_TAIL characters back.
   */
  private heldBack(text: string, at: number): number {
    const limit = Math.max(at, text.length - TAG_TAIL);
    const lt = text.lastIndexOf('<');
    if (lt >= limit && !text.includes('>', lt)) return lt;
    let cut = text.length;
    while (cut > limit && !isLayoutEnd(text.charCodeAt(cut - 1))) cut--;
    return cut > limit || limit === at ? cut : text.length;
  }

  /** What lies between events: skipped when it is markup or layout, else a record error. */
  private between(text: string, from: number, to: number, out: JsonRecord[]): void {
    if (to <= from) return;
    if (onlyLayout(text, from, to)) return;
    let lead = from;
    while (lead < to && isSpace(text.charCodeAt(lead))) lead++;
    out.push(this.record(text, lead, to, 'text outside a Windows event'));
  }

  /** The record of text[from, to) (`from` never before an earlier record's). */
  private record(text: string, from: number, to: number, error?: string): JsonRecord {
    this.moveTo(text, from);
    const { line, offset } = this.cursor;
    const body = text.slice(from, to);
    if (error !== undefined) return { text: body.trimEnd(), line, offset, error };
    try {
      const value = treeJson(parseEventXml(body));
      return value === undefined ? { text: body, line, offset, error: 'no element in the event' } : { text: body, line, offset, value };
    } catch (failure) {
      if (!(failure instanceof XmlFormatError)) throw failure;
      return { text: body, line, offset, error: `malformed event XML: ${failure.message}` };
    }
  }

  private moveTo(text: string, index: number): void {
    const cursor = this.cursor;
    // Counted up to `index` only (an indexOf would search on to the next line break, however far).
    for (let i = cursor.index; i < index; i++) if (text.charCodeAt(i) === 10) cursor.line++;
    cursor.offset += Buffer.byteLength(text.slice(cursor.index, index));
    cursor.index = index;
  }
}

export async function* frameXmlEvents(chunks: AsyncIterable<Buffer>): AsyncGenerator<JsonRecord[]> {
  // A BOM is dropped by the decoder; invalid bytes become U+FFFD, as in line framing.
  const decoder = new TextDecoder('utf-8');
  const scanner = new XmlEventScanner();
  for await (const chunk of chunks) {
    scanner.push(decoder.decode(chunk, { stream: true }));
    const records = scanner.take(false);
    if (records.length > 0) yield records;
  }
  scanner.push(decoder.decode());
  const records = scanner.take(true);
  if (records.length > 0) yield records;
}
