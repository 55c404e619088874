import type { Draft, FormatDefinition, FormatParser, ParserContext, RawRecord, Sample } from './format.ts';
import { FORMATS, PLAINTEXT_ID, formatById } from './formats/index.ts';
import { frameEvtx, isEvtx } from './evtx/frame.ts';
import { frameJournalFile, isJournalFile } from './journal/frame.ts';
import { containerLabelsOf, containerRuntimeOf, frameContainer, unwrapSample, type ContainerRuntime, type Wrapper } from './framing/container.ts';
import { frameCsv } from './framing/csv.ts';
import { frameJson, type JsonRecord } from './framing/json.ts';
import { frameLines, type LineRecord } from './framing/lines.ts';
import { frameXmlEvents } from './framing/xml-events.ts';
import { setOwn } from './values.ts';
import { peek, transcode } from './peek.ts';
import { SAMPLE_BYTES, buildSample, contentKind, detectFormat, jsonMode } from './sniff.ts';
import { VigilError, errorMessage } from '../util/errors.ts';

/** The ingest stage for one input: bytes → framed records → format drafts, with counted errors. */

export interface ReadOptions {
  /** Force a format id instead of detecting it. */
  format?: string;
  mapping?: Readonly<Record<string, string>>;
}

export interface ParsedItem {
  draft: Draft;
  line: number;
  offset: number;
  original: string;
  formatId: string;
  /** The text the event's id is made of, when it is not the original (a container's line: the runtime's line as read). */
  idText?: string;
}

export interface RecordError {
  line: number;
  offset: number;
  reason: string;
}

export interface ReadCounters {
  lines: number;
  records: number;
  meta: number;
  errors: number;
  fallbacks: number;
}

export interface SourceReading {
  /** Set when the input cannot be read as text at all (binary); nothing else is produced. */
  problem?: string;
  format?: FormatDefinition;
  score?: number;
  /** The container runtime whose wrapper the file's lines carry (the format reads the wrapped lines). */
  container?: ContainerRuntime;
  counters: ReadCounters;
  /** Calls back for every record error (the caller keeps samples). */
  batches(onError: (error: RecordError) => void): AsyncGenerator<ParsedItem[]>;
}

const WINDOWS_JSON_ID = 'windows-json';
const JOURNALD_ID = 'journald';
const GENERIC_JSON_ID = 'generic-json';

type AnyRecord = LineRecord | JsonRecord | { text: string; line: number; offset: number; value?: unknown; error?: string; wrapper?: Wrapper };

/** What the dispatcher needs of a record to report it: where it is, its text, and a container's wrapper. */
interface Located {
  text: string;
  line: number;
  offset: number;
  wrapper?: Wrapper;
}

export function checkFormatId(id: string): FormatDefinition {
  const format = formatById(id);
  if (format === undefined) {
    throw new VigilError('E_USAGE', `unknown format "${id}"; run \`vigil formats\` for the list`);
  }
  return format;
}

export async function readSource(name: string, chunks: AsyncIterable<Buffer>, options: ReadOptions): Promise<SourceReading> {
  const counters: ReadCounters = { lines: 0, records: 0, meta: 0, errors: 0, fallbacks: 0 };
  const peeked = await peek(chunks, SAMPLE_BYTES);
  if (isEvtx(peeked.head)) return readEvtx(name, peeked.stream, options, counters);
  if (isJournalFile(peeked.head)) return readBinaryRecords(name, frameJournalFile(peeked.stream), JOURNALD_ID, options, counters);
  const kind = contentKind(peeked.head);
  if (kind.binary) {
    await peeked.close();
    return { problem: 'binary content (not a text log); file skipped', counters, batches: empty };
  }
  const text = kind.encoding === 'utf8' ? peeked : await peek(transcode(peeked.stream, kind.encoding), SAMPLE_BYTES);
  const whole = buildSample(name, text.head, text.complete);
  const forced = options.format === undefined ? undefined : checkFormatId(options.format);
  const container = containerOf(whole, forced);
  const sample = container === undefined ? whole : buildSample(name, Buffer.from(unwrapSample(whole.lines, container).join('\n')), true);
  const plaintext = checkFormatId(PLAINTEXT_ID);
  const candidates = container === undefined ? FORMATS : FORMATS.filter(readsLines);
  const detected = forced !== undefined ? { format: forced, score: 1 } : detectFormat(sample, candidates, plaintext);
  const ctx: ParserContext = { fileName: name, mapping: options.mapping };
  const delimiter = sample.csv?.delimiter ?? ',';
  const mode = jsonMode(sample.lines);
  const records = container === undefined ? frame(text.stream, detected.format, mode, delimiter) : frameContainer(text.stream, container, detected.format.framing === 'json');
  const labels = container === undefined ? undefined : containerLabelsOf(name);
  return {
    format: detected.format,
    score: detected.score,
    ...(container === undefined ? {} : { container }),
    counters,
    batches: (onError) => parseAll(records, detected.format, ctx, counters, onError, false, labels),
  };
}

/** Formats that can read a container's lines one by one: line formats, and JSON documents one per line. */
function readsLines(format: FormatDefinition): boolean {
  return format.framing === 'lines' || format.framing === 'json';
}

/** The runtime wrapping the file's lines, unless a format that cannot read lines one by one is forced. */
function containerOf(sample: Sample, forced: FormatDefinition | undefined): ContainerRuntime | undefined {
  if (forced !== undefined && !readsLines(forced)) return undefined;
  return containerRuntimeOf(sample.lines);
}

/**
 * A Windows EVTX file: its records become the JSON of their event XML (evtx/frame.ts), read by the Windows
 * format (or a forced JSON format); a forced format of another framing cannot read them and is not used.
 * Its records are numbered by their record headers, so its line count is its record count.
 */
function readEvtx(name: string, stream: AsyncIterable<Buffer>, options: ReadOptions, counters: ReadCounters): SourceReading {
  return readBinaryRecords(name, frameEvtx(stream), WINDOWS_JSON_ID, options, counters);
}

/**
 * A binary log whose framing renders its records as JSON (EVTX, the systemd journal's files), read by its own
 * format or a forced JSON one; records are numbered by their place in the file, not by line.
 */
function readBinaryRecords(name: string, records: AsyncIterable<JsonRecord[]>, formatId: string, options: ReadOptions, counters: ReadCounters): SourceReading {
  const forced = options.format === undefined ? undefined : checkFormatId(options.format);
  const format = forced?.framing === 'json' ? forced : checkFormatId(formatId);
  const ctx: ParserContext = { fileName: name, mapping: options.mapping };
  return {
    format,
    score: 1,
    counters,
    batches: (onError) => parseAll(records, format, ctx, counters, onError, true),
  };
}

async function* empty(): AsyncGenerator<ParsedItem[]> {
  // a skipped input yields nothing
}

function frame(stream: AsyncIterable<Buffer>, format: FormatDefinition, mode: 'lines' | 'stream', delimiter: string): AsyncIterable<AnyRecord[]> {
  if (format.framing === 'json') return frameJson(stream, mode);
  if (format.framing === 'csv') return frameCsv(stream, delimiter);
  if (format.framing === 'xml') return frameXmlEvents(stream);
  return frameLines(stream);
}

class Dispatcher {
  private readonly main: FormatParser;
  private readonly fallbacks: { format: FormatDefinition; parser: FormatParser | undefined }[];
  /** For a JSON format: the line formats that may read a line that is not JSON (a banner, a text line among JSON ones). */
  private readonly textFallbacks: { format: FormatDefinition; parser: FormatParser | undefined }[];
  /** For a line format: generic JSON, for a line that is a JSON object (JSON and text lines mixed, as containers write). */
  private readonly jsonFallbacks: { format: FormatDefinition; parser: FormatParser | undefined }[];
  private readonly plaintext: FormatParser;

  constructor(
    private readonly format: FormatDefinition,
    private readonly ctx: ParserContext,
    private readonly counters: ReadCounters,
    private readonly onError: (error: RecordError) => void,
    /** Records numbered otherwise than by line (EVTX record ids): the line count is the record count. */
    private readonly linesAreRecords = false,
    /** Labels of every event of the file (what a container log's path says of its container). */
    private readonly fileLabels: Readonly<Record<string, string>> = {},
  ) {
    this.main = format.createParser(ctx);
    this.fallbacks = FORMATS.filter((f) => f !== format && f.id !== PLAINTEXT_ID && f.framing === format.framing && (f.lineFallback === true || f.id === 'generic-json' || f.id === 'csv')).map((f) => ({ format: f, parser: undefined }));
    this.jsonFallbacks = format.framing === 'lines' ? [{ format: checkFormatId(GENERIC_JSON_ID), parser: undefined }] : [];
    this.textFallbacks = format.framing === 'json' ? FORMATS.filter((f) => f.framing === 'lines' && f.lineFallback === true).map((f) => ({ format: f, parser: undefined })) : [];
    this.plaintext = checkFormatId(PLAINTEXT_ID).createParser(ctx);
  }

  handle(record: AnyRecord, out: ParsedItem[]): void {
    this.counters.records++;
    if (this.linesAreRecords) this.counters.lines = this.counters.records;
    else if (record.line > this.counters.lines) this.counters.lines = record.line;
    if ('truncated' in record && record.truncated !== undefined) {
      this.error(record, `record longer than the cap; ${record.truncated} bytes cut`);
    }
    if ('error' in record && record.error !== undefined) {
      if (!record.text.includes('\n') && this.tryFormats(this.textFallbacks, record, out)) return;
      this.error(record, record.error);
      this.asPlaintext(record, out);
      return;
    }
    // The framed record itself (it has the fields of a RawRecord): no copy per record.
    const outcome = safeParse(this.main, record);
    if (outcome.kind === 'events') this.push(outcome.drafts, record, this.format.id, out);
    else if (outcome.kind === 'meta') this.counters.meta++;
    else if (outcome.kind === 'error') this.fallback(record, outcome.reason, out);
  }

  private fallback(raw: RawRecord & Located, reason: string, out: ParsedItem[]): void {
    if (this.tryFormats(this.fallbacks, raw, out)) return;
    if (this.jsonFallbacks.length > 0 && raw.text.startsWith('{')) {
      const value = jsonObject(raw.text);
      if (value !== undefined && this.tryFormats(this.jsonFallbacks, { text: raw.text, line: raw.line, offset: raw.offset, value, wrapper: raw.wrapper }, out)) return;
    }
    this.error(raw, `${this.format.id}: ${reason}`);
    this.asPlaintext(raw, out);
  }

  /** The first of the candidates that reads the record, counted as a fallback; false when none does. */
  private tryFormats(candidates: { format: FormatDefinition; parser: FormatParser | undefined }[], raw: RawRecord & Located, out: ParsedItem[]): boolean {
    for (const candidate of candidates) {
      candidate.parser ??= candidate.format.createParser(this.ctx);
      const outcome = safeParse(candidate.parser, raw);
      if (outcome.kind === 'events' && outcome.drafts.length > 0) {
        this.counters.fallbacks++;
        this.push(outcome.drafts, raw, candidate.format.id, out);
        return true;
      }
    }
    return false;
  }

  private asPlaintext(record: Located, out: ParsedItem[]): void {
    if (record.text.trim() === '') return;
    const outcome = safeParse(this.plaintext, { text: record.text, line: record.line, offset: record.offset });
    if (outcome.kind === 'events') this.push(outcome.drafts, record, PLAINTEXT_ID, out);
  }

  private push(drafts: Draft[], record: Located, formatId: string, out: ParsedItem[]): void {
    for (const draft of drafts) {
      const item: ParsedItem = { draft, line: draft.line ?? record.line, offset: draft.offset ?? record.offset, original: draft.original ?? record.text, formatId };
      if (record.wrapper !== undefined) {
        wrap(draft, record.wrapper, this.fileLabels);
        item.idText = record.wrapper.raw;
      }
      out.push(item);
    }
  }

  private error(record: { line: number; offset: number }, reason: string): void {
    this.counters.errors++;
    this.onError({ line: record.line, offset: record.offset, reason });
  }

  flush(out: ParsedItem[]): void {
    const drafts = this.main.flush?.() ?? [];
    for (const draft of drafts) {
      out.push({ draft, line: draft.line ?? 0, offset: draft.offset ?? 0, original: draft.original ?? '', formatId: this.format.id });
    }
  }
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A container's line: the runtime's time stands in for a line without its own (a line's own time wins, as the
 * time the program meant; the runtime's is kept as `container.time`), and the stream and the container's names
 * become labels the line's own fields do not override.
 */
function wrap(draft: Draft, wrapper: Wrapper, fileLabels: Readonly<Record<string, string>>): void {
  const labels = (draft.fields.labels ??= {});
  const add = (key: string, value: string) => {
    if (!Object.hasOwn(labels, key)) setOwn(labels, key, value);
  };
  if (draft.time === undefined) draft.time = wrapper.time;
  else add('container.time', wrapper.time);
  add('container.stream', wrapper.stream);
  for (const [key, value] of Object.entries(fileLabels)) add(key, value);
  if (wrapper.attrs !== undefined) for (const [key, value] of Object.entries(wrapper.attrs)) add(`container.attrs.${key}`, value);
}

function safeParse(parser: FormatParser, record: RawRecord): ReturnType<FormatParser['parse']> {
  try {
    return parser.parse(record);
  } catch (error) {
    return { kind: 'error', reason: `parser fault: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function* parseAll(
  records: AsyncIterable<AnyRecord[]>,
  format: FormatDefinition,
  ctx: ParserContext,
  counters: ReadCounters,
  onError: (error: RecordError) => void,
  linesAreRecords = false,
  fileLabels?: Readonly<Record<string, string>>,
): AsyncGenerator<ParsedItem[]> {
  const dispatcher = new Dispatcher(format, ctx, counters, onError, linesAreRecords, fileLabels);
  let failure: unknown;
  try {
    for await (const batch of records) {
      const out: ParsedItem[] = [];
      for (const record of batch) dispatcher.handle(record, out);
      if (out.length > 0) yield out;
    }
  } catch (error) {
    failure = error;
  }
  // Events held back by a multi-record format are still emitted when the input ends early.
  const tail: ParsedItem[] = [];
  dispatcher.flush(tail);
  if (tail.length > 0) yield tail;
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error(errorMessage(failure));
}
