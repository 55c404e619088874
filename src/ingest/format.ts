import type { EventFields } from '../schema/event.ts';

/** How a file's bytes are cut into records, independent of what the records mean. */
export type Framing = 'lines' | 'json' | 'csv' | 'xml';

/** One record cut from a file by a framing. */
export interface RawRecord {
  /** The record's text as read (a line, a JSON document, a CSV row). */
  text: string;
  /** 1-based line where the record starts. */
  line: number;
  /** Byte offset where the record starts (within the decompressed stream). */
  offset: number;
  /** For json and csv framings: the decoded value (an object for csv rows). */
  value?: unknown;
}

/** What a format module gives back for one record, before normalisation. */
export interface Draft {
  /** The timestamp exactly as found: text in any known layout, or epoch seconds/milliseconds. */
  time?: string | number;
  /** True when the format's specification says a zone-less time is UTC (IIS W3C, Zeek epochs). */
  timeIsUtc?: boolean;
  /**
   * A wrapper's time for the record (a Splunk export's `_time`, a shipper's `@timestamp`): normalisation takes it
   * where the record's own time is not an instant (it names no zone or no year) and this one is.
   */
  fallbackTime?: string;
  /** `event.dataset`, e.g. `sshd`, `nginx.access`, `windows.security`. */
  dataset: string;
  /**
   * A fresh object per draft, shared with nothing: normalisation completes it into the event in place. Every
   * object inside it appears once and belongs to this draft (test/contract/ownership.test.ts).
   */
  fields: EventFields;
  /**
   * The text indicators are taken from, when not the whole record: the record less its fields that only identify
   * the machine or the log (the journal's boot and machine ids look like MD5 hashes).
   */
  indicatorText?: string;
  /** Overrides for provenance when a draft joins several records (auditd). */
  line?: number;
  offset?: number;
  original?: string;
}

export type ParseOutcome =
  | { kind: 'events'; drafts: Draft[] }
  /** A header, comment or directive line that carries no event (`#Fields:`, `#separator`). */
  | { kind: 'meta' }
  /** Accepted, but held back until later records complete it (multi-record events). */
  | { kind: 'pending' }
  | { kind: 'error'; reason: string };

export interface ParserContext {
  /** File name as given (for messages only; formats never read files). */
  fileName: string;
  /** User-supplied field mapping for generic formats (source field → schema path). */
  mapping?: Readonly<Record<string, string>>;
  /** The start of the file as sniffed, for a format whose reading depends on what the file says outside a record. */
  sample?: Sample;
}

/** A per-file parser: formats that need state (headers, multi-record events) keep it here. */
export interface FormatParser {
  parse(record: RawRecord): ParseOutcome;
  /** Emits what is still held back at the end of the file. */
  flush?(): Draft[];
}

/** The first part of a file, decoded by each framing, for content-based detection. */
export interface Sample {
  fileName: string;
  /** Non-empty lines from the start of the file (BOM stripped, CR removed). */
  lines: string[];
  /** Decoded JSON values when the start of the file parses as JSON (lines, array or concatenated). */
  values: unknown[];
  /** Header and first rows when the file looks delimiter-separated. */
  csv?: { delimiter: string; header: string[]; rows: Record<string, string>[] };
}

export interface LogSource {
  product?: string;
  service?: string;
  category?: string;
}

export interface FormatDefinition {
  id: string;
  title: string;
  description: string;
  framing: Framing;
  /** 0 = not this format, 1 = certain. Called once per file on its sample. */
  sniff(sample: Sample): number;
  createParser(ctx: ParserContext): FormatParser;
  /** Sigma logsources this format's events can satisfy (used by detection). */
  logsources: LogSource[];
  /** When true, the format is tried on lines the file's main format rejects (mixed files). */
  lineFallback?: boolean;
  /**
   * For a format whose records wrap other logs' records (a Splunk export's rows): the wrapped record of a record,
   * which the format that reads it reads (the format's own parser reads only what no other format does).
   */
  envelope?: (record: RawRecord) => Envelope | undefined;
}

/** A record wrapped in another (a Splunk export's `_raw` in its row), and what the wrapper says of it. */
export interface Envelope {
  /** The wrapped record as its log wrote it. */
  text: string;
  /** The wrapped record already parsed, when it is a JSON value the wrapper held (a hit's document): not parsed again. */
  value?: unknown;
  /** Records of one key come from one kind of log (a Splunk sourcetype) and are first tried with one format. */
  key: string;
  /** The file the wrapped record was read from, as the wrapper names it (a hint for detecting its format). */
  source?: string;
  /** The wrapper's time for the record: the event's where the record's own is not an instant (see `Draft.fallbackTime`). */
  time?: string;
  /** The host the wrapper names, for a record that names none. */
  host?: string;
  /** Labels every event of the record gets (the record's own labels win). */
  labels: Readonly<Record<string, string>>;
}

export function defineFormat(def: FormatDefinition): FormatDefinition {
  return def;
}

export const events = (...drafts: Draft[]): ParseOutcome => ({ kind: 'events', drafts });
export const reject = (reason: string): ParseOutcome => ({ kind: 'error', reason });
export const META: ParseOutcome = { kind: 'meta' };
export const PENDING: ParseOutcome = { kind: 'pending' };

/** A parser with no state: one record in, one outcome out. */
export function stateless(parse: (record: RawRecord, ctx: ParserContext) => ParseOutcome) {
  return (ctx: ParserContext): FormatParser => ({ parse: (record) => parse(record, ctx) });
}

/** Fraction of sample lines a predicate accepts (0 when there are none). */
export function lineShare(sample: Sample, accept: (line: string) => boolean): number {
  if (sample.lines.length === 0) return 0;
  let hits = 0;
  for (const line of sample.lines) if (accept(line)) hits++;
  return hits / sample.lines.length;
}

/**
 * The sniff score of a line format from the share of sample lines it reads: none below a fifth (a text that
 * quotes a few such lines, a test harness or a ticket, is not that log), then growing with the share.
 */
export function lineFormatScore(share: number): number {
  return share < 0.2 ? 0 : 0.5 + 0.45 * share;
}

/** The sniff of a line format that reads each line on its own: lineFormatScore of the share it reads. */
export function sniffLines(reads: (line: string) => boolean): (sample: Sample) => number {
  return (sample) => lineFormatScore(lineShare(sample, reads));
}

/**
 * The share of a sample's data lines a stateful line parser reads (lines it takes for directives, as W3C headers,
 * are not counted); 1 when the sample has directives only.
 */
export function parsedLineShare(sample: Sample, parser: FormatParser): number {
  let rows = 0;
  let parsed = 0;
  for (const line of sample.lines) {
    const outcome = parser.parse({ text: line, line: 0, offset: 0 });
    if (outcome.kind === 'meta') continue;
    rows++;
    if (outcome.kind === 'events') parsed++;
  }
  return rows === 0 ? 1 : parsed / rows;
}

/**
 * A line of space-separated values named by a layout (W3C's `#Fields:`, a VPC Flow Logs header): the values by name,
 * or why the line does not fit the layout.
 */
export function spacedRow(text: string, fields: readonly string[]): Map<string, string> | string {
  const values = text.trim().split(/ +/);
  if (values.length !== fields.length) return `expected ${String(fields.length)} space-separated fields, found ${String(values.length)}`;
  const row = new Map<string, string>();
  fields.forEach((name, i) => row.set(name, values[i] ?? ''));
  return row;
}

/**
 * The sniff of a JSON format that recognises its records one by one: nothing when fewer than half the sampled values
 * are its records, else `floor + slope × share`.
 */
export function sniffByShare(accept: (value: Record<string, unknown>) => boolean, floor = 0.5, slope = 0.46): (sample: Sample) => number {
  return (sample) => {
    const share = valueShare(sample, accept);
    return share < 0.5 ? 0 : floor + slope * share;
  };
}

/** Fraction of sampled JSON values a predicate accepts. */
export function valueShare(sample: Sample, accept: (value: Record<string, unknown>) => boolean): number {
  if (sample.values.length === 0) return 0;
  let hits = 0;
  for (const value of sample.values) if (isObject(value) && accept(value)) hits++;
  return hits / sample.values.length;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
