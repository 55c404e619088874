import type { Draft, FormatDefinition, FormatParser, ParserContext, RawRecord } from './format.ts';
import { FORMATS, PLAINTEXT_ID, formatById } from './formats/index.ts';
import type { Wrapper } from './framing/container.ts';
import type { JsonRecord } from './framing/json.ts';
import type { LineRecord } from './framing/lines.ts';
import { setOwn } from './values.ts';
import { VigilError } from '../util/errors.ts';

/** Records to drafts for one file: its format's parser, then the formats that may read what it rejects, then plain text. */

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

const GENERIC_JSON_ID = 'generic-json';

export type AnyRecord = LineRecord | JsonRecord | { text: string; line: number; offset: number; value?: unknown; error?: string; wrapper?: Wrapper };

/** What the dispatcher needs of a record to report it: where it is, its text, and a container's wrapper. */
export interface Located {
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

export class Dispatcher {
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
    this.count(record);
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
    const rejected = this.read(record, out);
    if (rejected !== undefined) {
      this.error(record, rejected);
      this.asPlaintext(record, out);
    }
  }

  /** Counts a record of the input (and the lines it reaches). */
  count(record: { line: number }): void {
    this.counters.records++;
    if (this.linesAreRecords) this.counters.lines = this.counters.records;
    else if (record.line > this.counters.lines) this.counters.lines = record.line;
  }

  /**
   * Reads a record without reporting anything: the format, then the formats that may read what it rejects. Undefined
   * when read (or taken as a header or part of a later event); else why the format rejected it.
   */
  read(record: RawRecord & Located, out: ParsedItem[]): string | undefined {
    const outcome = safeParse(this.main, record);
    if (outcome.kind === 'events') this.push(outcome.drafts, record, this.format.id, out);
    else if (outcome.kind === 'meta') this.counters.meta++;
    else if (outcome.kind === 'error' && !this.tryFallbacks(record, out)) return `${this.format.id}: ${outcome.reason}`;
    return undefined;
  }

  private tryFallbacks(raw: RawRecord & Located, out: ParsedItem[]): boolean {
    if (this.tryFormats(this.fallbacks, raw, out)) return true;
    if (this.jsonFallbacks.length === 0 || !raw.text.startsWith('{')) return false;
    const value = jsonObject(raw.text);
    return value !== undefined && this.tryFormats(this.jsonFallbacks, { text: raw.text, line: raw.line, offset: raw.offset, value, wrapper: raw.wrapper }, out);
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
 * A container's line: the runtime's time stands in for a line without its own, and for a line whose own is not an
 * instant (a syslog line names neither year nor zone: normalisation takes the runtime's, see `Draft.fallbackTime`);
 * a line's own instant wins, as the time the program meant, the runtime's kept as `container.time`. The stream and
 * the container's names become labels the line's own fields do not override.
 */
function wrap(draft: Draft, wrapper: Wrapper, fileLabels: Readonly<Record<string, string>>): void {
  const labels = (draft.fields.labels ??= {});
  const add = (key: string, value: string) => {
    if (!Object.hasOwn(labels, key)) setOwn(labels, key, value);
  };
  if (draft.time === undefined) draft.time = wrapper.time;
  else {
    add('container.time', wrapper.time);
    draft.fallbackTime = wrapper.time;
  }
  add('container.stream', wrapper.stream);
  for (const [key, value] of Object.entries(fileLabels)) add(key, value);
  if (wrapper.attrs !== undefined) for (const [key, value] of Object.entries(wrapper.attrs)) add(`container.attrs.${key}`, value);
  if (wrapper.kubernetes !== undefined) for (const [key, value] of Object.entries(wrapper.kubernetes)) add(`kubernetes.${key}`, value);
}

function safeParse(parser: FormatParser, record: RawRecord): ReturnType<FormatParser['parse']> {
  try {
    return parser.parse(record);
  } catch (error) {
    return { kind: 'error', reason: `parser fault: ${error instanceof Error ? error.message : String(error)}` };
  }
}
