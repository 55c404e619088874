import { setOwn } from '../values.ts';
import { frameLines, type LineRecord } from './lines.ts';

/**
 * CSV/TSV framing with a header row: each record's value is an object keyed by the header. Built on the
 * line framing so BOM, CRLF, invalid UTF-8, line caps, line numbers and offsets behave as for any text log;
 * a quoted field may span lines (RFC 4180). A quote inside an unquoted field is kept as text.
 */

export interface CsvRecord {
  text: string;
  line: number;
  offset: number;
  value?: Record<string, string>;
  error?: string;
  truncated?: number;
}

/** A quoted field still open after this many characters or lines is taken for a stray quote, not a multi-line field. */
export const MAX_CSV_RECORD_CHARS = 1024 * 1024;
export const MAX_CSV_RECORD_LINES = 512;
const QUOTE = '"';

/** Splits one record into fields, fed one physical line at a time. */
class FieldSplitter {
  fields: string[] = [];
  private field = '';
  private inQuotes = false;
  private atStart = true;

  constructor(private readonly delimiter: string) {}

  /** Feeds the next line of the record; true when the record is complete. */
  feed(text: string): boolean {
    if (this.inQuotes) this.field += '\n';
    let i = 0;
    for (;;) {
      if (this.inQuotes) {
        const quote = text.indexOf(QUOTE, i);
        if (quote === -1) {
          this.field += text.slice(i);
          return false;
        }
        this.field += text.slice(i, quote);
        i = quote + 1;
        if (text[i] === QUOTE) {
          this.field += QUOTE;
          i++;
          continue;
        }
        this.inQuotes = false;
      } else if (this.atStart && text[i] === QUOTE) {
        this.inQuotes = true;
        this.atStart = false;
        i++;
        continue;
      }
      // Unquoted field, or what follows a closing quote (kept as text): up to the next delimiter.
      const delimiter = text.indexOf(this.delimiter, i);
      this.field += text.slice(i, delimiter === -1 ? text.length : delimiter);
      this.fields.push(this.field);
      this.field = '';
      this.atStart = true;
      if (delimiter === -1) return true;
      i = delimiter + 1;
    }
  }

  reset(): void {
    this.fields = [];
    this.field = '';
    this.inQuotes = false;
    this.atStart = true;
  }
}

/** The fields one line of CSV completes, and whether a quoted field is still open at its end (it runs on over lines). */
export function csvLineStart(text: string, delimiter = ','): { fields: string[]; open: boolean } {
  const splitter = new FieldSplitter(delimiter);
  const complete = splitter.feed(text);
  return { fields: splitter.fields, open: !complete };
}

/** The fields of one line of CSV, or undefined when a quoted field is not closed on that line. */
export function splitCsvLine(text: string, delimiter = ','): string[] | undefined {
  const { fields, open } = csvLineStart(text, delimiter);
  return open ? undefined : fields;
}

/** The `#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord` line of Windows PowerShell's Export-Csv. */
export function isTypeLine(text: string): boolean {
  return text.startsWith('#TYPE ');
}

function headerNames(fields: string[]): string[] {
  return fields.map((name, i) => (name.trim() === '' ? `column_${i + 1}` : name.trim()));
}

function rowObject(header: string[], fields: string[]): Record<string, string> {
  const row: Record<string, string> = {};
  fields.forEach((value, i) => {
    // A header cell is log content: `__proto__` must stay a column, not replace the row's prototype.
    setOwn(row, header[i] ?? `column_${i + 1}`, value);
  });
  return row;
}

/** Joins physical lines back into record text, restoring skipped empty lines inside quoted fields. */
function joinLines(lines: LineRecord[]): string {
  let text = lines[0]?.text ?? '';
  for (let i = 1; i < lines.length; i++) text += '\n'.repeat(lines[i]!.line - lines[i - 1]!.line) + lines[i]!.text;
  return text;
}

class CsvFramer {
  private header: string[] | undefined;
  private pending: LineRecord[] = [];
  private pendingChars = 0;
  private readonly splitter: FieldSplitter;

  constructor(delimiter: string) {
    this.splitter = new FieldSplitter(delimiter);
  }

  add(line: LineRecord, out: CsvRecord[]): void {
    const previous = this.pending[this.pending.length - 1];
    if (previous !== undefined) for (let gap = previous.line + 1; gap < line.line; gap++) this.splitter.feed('');
    this.pending.push(line);
    this.pendingChars += line.text.length;
    if (this.splitter.feed(line.text)) this.complete(out);
    else if (this.pendingChars > MAX_CSV_RECORD_CHARS || this.pending.length > MAX_CSV_RECORD_LINES) {
      this.abandon(out, 'quoted field not closed within the record size cap');
    }
  }

  /** End of input: a record still open had a stray opening quote. */
  finish(out: CsvRecord[]): void {
    while (this.pending.length > 0) this.abandon(out, 'quoted field not closed at end of input');
  }

  private complete(out: CsvRecord[]): void {
    const lines = this.pending;
    const fields = this.splitter.fields;
    this.clear();
    const first = lines[0]!;
    const text = joinLines(lines);
    if (this.header === undefined) {
      // PowerShell's Export-Csv writes the objects' type above the header unless told not to.
      if (!isTypeLine(text)) this.header = headerNames(fields);
      return;
    }
    if (text.trim() === '') return;
    const record: CsvRecord = { text, line: first.line, offset: first.offset, value: rowObject(this.header, fields) };
    const truncated = lines.reduce((sum, l) => sum + (l.truncated ?? 0), 0);
    if (truncated > 0) record.truncated = truncated;
    out.push(record);
  }

  /** Reports the record's first line as an error and reads the lines after it again as new records. */
  private abandon(out: CsvRecord[], reason: string): void {
    const [first, ...rest] = this.pending;
    this.clear();
    if (first === undefined) return;
    out.push({ text: first.text, line: first.line, offset: first.offset, error: `invalid CSV row: ${reason}` });
    for (const line of rest) this.add(line, out);
  }

  private clear(): void {
    this.pending = [];
    this.pendingChars = 0;
    this.splitter.reset();
  }
}

export async function* frameCsv(chunks: AsyncIterable<Buffer>, delimiter: string): AsyncGenerator<CsvRecord[]> {
  const framer = new CsvFramer(delimiter);
  for await (const lines of frameLines(chunks)) {
    const out: CsvRecord[] = [];
    for (const line of lines) framer.add(line, out);
    if (out.length > 0) yield out;
  }
  const out: CsvRecord[] = [];
  framer.finish(out);
  if (out.length > 0) yield out;
}
