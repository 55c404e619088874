import { PENDING, events, reject, type Draft, type FormatParser, type ParseOutcome, type RawRecord } from '../format.ts';
import { HeldLines } from './held-lines.ts';

/** How a text export of multi-line events is cut into events (windows-text, wevtutil-text). */
export interface HeldEventSpec {
  /** A line that may start an event; the line after it says whether it does (`confirms`). */
  startsEvent: (line: string) => boolean;
  confirms: (next: string) => boolean;
  /** The draft of one event's lines (the start line first), or why they are not one. */
  eventOf: (lines: readonly string[]) => Draft | string;
  /** What lines that open like an event but are none are kept as. */
  fallback: (lines: readonly string[]) => Draft;
  /** An event longer than this is cut: its further lines are record errors. */
  maxChars: number;
  /** The error of a line before the first event. */
  outside: string;
  /** What an event is called in errors ("Windows event"). */
  what: string;
}

/**
 * Events of several lines in a line-framed file: an event runs from a start line that the next line confirms to the
 * next such pair. A start line inside an event may be its message's own: it is held until the next line says. One
 * record holding a whole event (a Splunk export's `_raw`) is read at once.
 */
export class HeldEventParser implements FormatParser {
  private open: HeldLines | undefined;
  /** A start line seen last, not yet known to start an event. */
  private held: RawRecord | undefined;
  private readonly tooLong: string;

  constructor(private readonly spec: HeldEventSpec) {
    this.tooLong = `${spec.what} longer than ${String(spec.maxChars)} characters; line not kept in it`;
  }

  parse(record: RawRecord): ParseOutcome {
    if (record.text.includes('\n')) {
      const draft = this.spec.eventOf(record.text.split(/\r?\n/));
      return typeof draft === 'string' ? reject(draft) : events(draft);
    }
    const held = this.held;
    this.held = undefined;
    if (held !== undefined && this.spec.confirms(record.text)) {
      const done = this.close();
      this.open = new HeldLines(held, this.spec.maxChars, held.text.trim());
      this.open.add(record.text);
      return done;
    }
    if (held !== undefined) this.append(held.text);
    if (this.spec.startsEvent(record.text)) {
      // Only a line that still fits is held, so that adding it later cannot fail (a line past the cap is reported now).
      if (this.open !== undefined) {
        if (!this.open.fits(record.text)) return reject(this.tooLong);
        this.held = { text: record.text, line: record.line, offset: record.offset };
        return PENDING;
      }
      this.open = new HeldLines(record, this.spec.maxChars, record.text.trim());
      return PENDING;
    }
    if (this.open === undefined) return reject(this.spec.outside);
    return this.append(record.text) ? PENDING : reject(this.tooLong);
  }

  flush(): Draft[] {
    if (this.held !== undefined) this.append(this.held.text);
    this.held = undefined;
    const done = this.close();
    return done.kind === 'events' ? done.drafts : [];
  }

  private append(line: string): boolean {
    return this.open?.add(line) ?? false;
  }

  /** The event read so far, as drafts (none when nothing is open). */
  private close(): ParseOutcome {
    const open = this.open;
    this.open = undefined;
    if (open === undefined) return PENDING;
    const lines = open.lines;
    while (lines.length > 1 && lines[lines.length - 1]!.trim() === '') lines.pop();
    const read = this.spec.eventOf(lines);
    // Lines that open like an event but are none are still kept, as text.
    return events(open.stamp(typeof read === 'string' ? this.spec.fallback(lines) : read));
  }
}
