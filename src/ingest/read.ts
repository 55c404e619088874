import type { FormatDefinition, ParserContext, Sample } from './format.ts';
import { FORMATS, PLAINTEXT_ID } from './formats/index.ts';
import { Dispatcher, checkFormatId, type AnyRecord, type ParsedItem, type ReadCounters, type RecordError } from './dispatch.ts';
import { EnvelopeDispatcher } from './envelope-dispatch.ts';
import { unreadContainer } from './archive/magic.ts';
import { frameEvtx, isEvtx } from './evtx/frame.ts';
import { frameJournalFile, isJournalFile } from './journal/frame.ts';
import { frameUtmp, isUtmp } from './utmp/frame.ts';
import { containerLabelsOf, containerRuntimeOf, frameContainer, unwrapSample, type ContainerRuntime } from './framing/container.ts';
import { frameCsv } from './framing/csv.ts';
import { frameJson, type JsonRecord } from './framing/json.ts';
import { frameLines } from './framing/lines.ts';
import { frameXmlEvents } from './framing/xml-events.ts';
import { peek, transcode } from './peek.ts';
import { SAMPLE_BYTES, buildSample, contentKind, detectFormat, jsonMode } from './sniff.ts';
import { errorMessage } from '../util/errors.ts';

export { checkFormatId, type ParsedItem, type ReadCounters, type RecordError } from './dispatch.ts';

/** The ingest stage for one input: bytes → framed records → format drafts, with counted errors. */

export interface ReadOptions {
  /** Force a format id instead of detecting it. */
  format?: string;
  mapping?: Readonly<Record<string, string>>;
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
const UTMP_ID = 'utmp';

export async function readSource(name: string, chunks: AsyncIterable<Buffer>, options: ReadOptions): Promise<SourceReading> {
  const counters: ReadCounters = { lines: 0, records: 0, meta: 0, errors: 0, fallbacks: 0 };
  const peeked = await peek(chunks, SAMPLE_BYTES);
  if (isEvtx(peeked.head)) return readEvtx(name, peeked.stream, options, counters);
  if (isJournalFile(peeked.head)) return readBinaryRecords(name, frameJournalFile(peeked.stream), JOURNALD_ID, options, counters);
  if (isUtmp(peeked.head)) return readBinaryRecords(name, frameUtmp(peeked.stream), UTMP_ID, options, counters);
  const kind = contentKind(peeked.head);
  if (kind.binary) {
    await peeked.close();
    const container = unreadContainer(peeked.head);
    return { problem: container === undefined ? 'binary content (not a text log); file skipped' : `${container}; file skipped`, counters, batches: empty };
  }
  const text = kind.encoding === 'utf8' ? peeked : await peek(transcode(peeked.stream, kind.encoding), SAMPLE_BYTES);
  const whole = buildSample(name, text.head, text.complete);
  const forced = options.format === undefined ? undefined : checkFormatId(options.format);
  const container = containerOf(whole, forced);
  const sample = container === undefined ? whole : buildSample(name, Buffer.from(unwrapSample(whole.lines, container).join('\n')), true);
  const plaintext = checkFormatId(PLAINTEXT_ID);
  const candidates = container === undefined ? FORMATS : FORMATS.filter(readsLines);
  const detected = forced !== undefined ? { format: forced, score: 1 } : detectFormat(sample, candidates, plaintext);
  const ctx: ParserContext = { fileName: name, mapping: options.mapping, sample };
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

async function* parseAll(
  records: AsyncIterable<AnyRecord[]>,
  format: FormatDefinition,
  ctx: ParserContext,
  counters: ReadCounters,
  onError: (error: RecordError) => void,
  linesAreRecords = false,
  fileLabels?: Readonly<Record<string, string>>,
): AsyncGenerator<ParsedItem[]> {
  const dispatcher = format.envelope !== undefined ? new EnvelopeDispatcher(format, format.envelope, ctx, counters, onError) : new Dispatcher(format, ctx, counters, onError, linesAreRecords, fileLabels);
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
