import type { Envelope, FormatDefinition, ParserContext, RawRecord } from './format.ts';
import { FORMATS, PLAINTEXT_ID } from './formats/index.ts';
import { applyEnvelope } from './formats/envelope.ts';
import { Dispatcher, checkFormatId, type AnyRecord, type ParsedItem, type ReadCounters, type RecordError } from './dispatch.ts';
import { treeJson } from './evtx/render.ts';
import { parseEventXml } from './evtx/xml.ts';
import { buildSample, detectFormat } from './sniff.ts';

/**
 * Records that wrap other logs' records (a Splunk export mixes sshd lines, access log lines and Windows events in
 * one file): each wrapped record is read by the format that reads its log, found by sniffing the first record of
 * each key (a sourcetype) and again for a record that format does not read; what no format reads is the wrapper
 * format's own reading. Events carry the format that read them (the detection mappings and search text follow it),
 * the wrapper's time, host and labels, and ids made of the wrapper's record.
 */

/** Records of a key that its format does not read and that are sniffed again, at most. */
const SNIFFS_PER_KEY = 100;
const MAX_KEYS = 1000;
/** Not a key a string from a record can be (keys are record text; this holds a lone surrogate). */
const OVERFLOW_KEY = '\ud800overflow';

/** Formats that can read one wrapped record on its own: not a CSV row without its header, not another wrapper. */
const INNER_FORMATS = FORMATS.filter((format) => format.framing !== 'csv' && format.envelope === undefined && format.id !== PLAINTEXT_ID);

/** The wrapped text as the framing of `format` would have given it: a JSON value or an event's XML decoded. */
function innerRecord(format: FormatDefinition, envelope: Envelope, at: RawRecord): (RawRecord & { error?: string }) | undefined {
  const text = envelope.text;
  const record: RawRecord = { text, line: at.line, offset: at.offset };
  try {
    if (format.framing === 'json') record.value = envelope.value ?? (JSON.parse(text) as unknown);
    else if (format.framing === 'xml') record.value = treeJson(parseEventXml(text));
  } catch {
    return undefined;
  }
  return format.framing === 'lines' || record.value !== undefined ? record : undefined;
}

export class EnvelopeDispatcher {
  private readonly outer: Dispatcher;
  /** The format first tried for each key (null when none reads its first record), and the sniffs left to it. */
  private readonly byKey = new Map<string, { format: FormatDefinition | null; sniffs: number }>();
  private readonly inner = new Map<string, Dispatcher>();
  private readonly plaintext = checkFormatId(PLAINTEXT_ID);

  constructor(
    private readonly format: FormatDefinition,
    private readonly envelope: NonNullable<FormatDefinition['envelope']>,
    private readonly ctx: ParserContext,
    private readonly counters: ReadCounters,
    private readonly onError: (error: RecordError) => void,
  ) {
    this.outer = new Dispatcher(format, ctx, counters, onError);
  }

  handle(record: AnyRecord, out: ParsedItem[]): void {
    const envelope = 'error' in record && record.error !== undefined ? undefined : this.unwrap(record);
    if (envelope === undefined) {
      this.outer.handle(record, out);
      return;
    }
    this.outer.count(record);
    const start = out.length;
    const key = this.keyOf(envelope);
    const first = key.format;
    const rejected = first === null ? undefined : this.readAs(first, envelope, record, out);
    if (rejected === undefined && first !== null) {
      this.finish(out, start, envelope, record, true);
      return;
    }
    // The key's format does not read this one: it may be of another log (a sourcetype holding several). Sniffing
    // every record of a key that nothing reads would cost a sniff per record: each key has a budget.
    if (key.sniffs > 0) {
      key.sniffs--;
      const other = this.detect(envelope);
      if (other !== null && other !== first && this.readAs(other, envelope, record, out) === undefined) {
        // A key whose first record nothing read (cut, or a heartbeat) takes the format of the first one read.
        if (first === null) key.format = other;
        this.finish(out, start, envelope, record, true);
        return;
      }
    }
    // A record of a named log (a sourcetype, a file) that its log's format rejects is reported; one of no named log
    // (a Graylog export mixes every source under none) was only tried with the format of the last one.
    if (rejected !== undefined && envelope.key !== '') this.error(record, `${rejected} (in ${this.format.id}, key ${JSON.stringify(envelope.key)})`);
    this.outer.read(record, out);
    this.finish(out, start, envelope, record, false);
  }

  /** The wrapper's reading of a record; a wrapper that throws on a hostile record leaves it to the format's own. */
  private unwrap(record: AnyRecord): Envelope | undefined {
    try {
      return this.envelope(record);
    } catch {
      return undefined;
    }
  }

  flush(out: ParsedItem[]): void {
    for (const dispatcher of this.inner.values()) dispatcher.flush(out);
    this.outer.flush(out);
  }

  private keyOf(envelope: Envelope): { format: FormatDefinition | null; sniffs: number } {
    // Past MAX_KEYS keys (a hostile export, a sourcetype per row), new keys share one, and its sniffing budget.
    const name = this.byKey.has(envelope.key) || this.byKey.size < MAX_KEYS ? envelope.key : OVERFLOW_KEY;
    let key = this.byKey.get(name);
    if (key === undefined) {
      key = { format: this.detect(envelope), sniffs: SNIFFS_PER_KEY };
      this.byKey.set(name, key);
    }
    return key;
  }

  private detect(envelope: Envelope): FormatDefinition | null {
    const sample = buildSample(envelope.source ?? this.ctx.fileName, Buffer.from(envelope.text), true);
    const found = detectFormat(sample, INNER_FORMATS, this.plaintext).format;
    return found === this.plaintext ? null : found;
  }

  /** Reads the wrapped text as `format` reads it: undefined when read, else why not. */
  private readAs(format: FormatDefinition, envelope: Envelope, at: RawRecord, out: ParsedItem[]): string | undefined {
    const record = innerRecord(format, envelope, at);
    if (record === undefined) return `${format.id}: not a ${format.framing === 'xml' ? 'well-formed event' : 'JSON value'}`;
    let dispatcher = this.inner.get(format.id);
    if (dispatcher === undefined) {
      dispatcher = new Dispatcher(format, this.ctx, this.counters, this.onError);
      this.inner.set(format.id, dispatcher);
    }
    return dispatcher.read(record, out);
  }

  /** Ids made of the wrapper's record; the wrapper's time, host and labels on events its own reading did not make. */
  private finish(out: ParsedItem[], start: number, envelope: Envelope, record: AnyRecord, wrapped: boolean): void {
    for (let i = start; i < out.length; i++) {
      const item = out[i]!;
      if (wrapped) applyEnvelope(item.draft, envelope);
      item.idText = record.text;
    }
  }

  private error(record: AnyRecord, reason: string): void {
    this.counters.errors++;
    this.onError({ line: record.line, offset: record.offset, reason });
  }
}
