import type { Draft, RawRecord } from '../format.ts';

/**
 * The lines of one record that runs over several (a Windows event's rendered message, a macOS log entry) while it is
 * read, at most `maxChars` of them, and where it started: the draft made of them gets that place and the lines,
 * joined, as its original.
 */
export class HeldLines {
  readonly lines: string[];
  readonly line: number;
  readonly offset: number;
  private chars: number;

  /** `text` is the first line as kept (the record's text unless given). */
  constructor(
    first: RawRecord,
    private readonly maxChars: number,
    text = first.text,
  ) {
    this.lines = [text];
    this.chars = text.length + 1;
    this.line = first.line;
    this.offset = first.offset;
  }

  /** Whether a line can still be added under the cap. */
  fits(text: string): boolean {
    return this.chars + text.length <= this.maxChars;
  }

  /** Adds a line; false, and the line is not kept, when it would pass the cap. */
  add(text: string): boolean {
    if (!this.fits(text)) return false;
    this.lines.push(text);
    this.chars += text.length + 1;
    return true;
  }

  /** The draft with the record's place, and its lines as the original. */
  stamp(draft: Draft): Draft {
    draft.line = this.line;
    draft.offset = this.offset;
    draft.original = this.lines.join('\n');
    return draft;
  }
}
