import { META, defineFormat, isObject, reject, valueShare, type Envelope, type FormatParser, type ParseOutcome, type RawRecord, type Sample } from '../format.ts';
import { setOwn, str } from '../values.ts';
import { labelValue } from './aliases/resolve.ts';
import { applyEnvelope } from './envelope.ts';
import { plaintextFormat } from './plaintext.ts';

/**
 * Splunk search results exported with their raw events: Splunk Web's "Export → CSV" and "Export → JSON", the REST
 * export endpoint and `splunk search … -output csv|json` (one `{"preview":false,"result":{…}}` per line), and flat
 * JSON records carrying `_raw`. Each row's `_raw` is the event as its log wrote it (an sshd line, an access log
 * line, a Windows event's XML, a JSON record), read by the format that reads that log, so its events are those of
 * the log read directly (read.ts sniffs the format once per sourcetype). Splunk's `_time` (zoned) is the time,
 * `host` the host for a record that names none, and every other field Splunk exported a `splunk.*` label; a `_raw`
 * that no format reads is kept as text with those.
 */

/** Fields Splunk adds to every result that say nothing of the event (Splunk's internals, its default date fields). */
const NOT_LABELS = new Set(['punct', 'linecount', 'timestartpos', 'timeendpos', 'splunk_server', 'splunk_server_group', 'eventtype_color']);
const DATE_FIELD = /^date_(?:second|minute|hour|mday|month|year|wday|zone)$/;

/** The result object of an exported record: the row itself, or the `result` of the export endpoint's lines. */
function resultOf(value: unknown): Record<string, unknown> | undefined {
  if (!isObject(value)) return undefined;
  const inner = value.result;
  const result = isObject(inner) ? inner : value;
  return typeof result._raw === 'string' ? result : undefined;
}

export function splunkEnvelope(record: RawRecord): Envelope | undefined {
  const result = resultOf(record.value);
  if (result === undefined) return undefined;
  const text = (result._raw as string).replace(/\r?\n$/, '');
  if (text.trim() === '') return undefined;
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(result)) {
    if (key.startsWith('_') || NOT_LABELS.has(key) || DATE_FIELD.test(key)) continue;
    const textValue = labelValue(value);
    if (textValue !== undefined) setOwn(labels, `splunk.${key}`, textValue);
  }
  const sourcetype = str(result.sourcetype);
  const source = str(result.source);
  const envelope: Envelope = { text, key: sourcetype ?? source ?? '', labels };
  const time = str(result._time);
  const host = str(result.host);
  if (source !== undefined) envelope.source = source;
  if (time !== undefined) envelope.time = time;
  if (host !== undefined) envelope.host = host;
  return envelope;
}

/** The export endpoint's lines that carry no result: its messages and its last row. */
function isExportNotice(value: unknown): boolean {
  return isObject(value) && typeof value.preview === 'boolean' && !isObject(value.result);
}

/** A `_raw` that no other format reads: text (its time, host and indicators found as in any line) with Splunk's fields. */
function createParser(): FormatParser {
  const text = plaintextFormat.createParser({ fileName: 'splunk' });
  return {
    parse(record: RawRecord): ParseOutcome {
      const envelope = splunkEnvelope(record);
      if (envelope === undefined) return isExportNotice(record.value) ? META : reject('no _raw field (not an exported Splunk event)');
      const outcome = text.parse({ text: envelope.text, line: record.line, offset: record.offset });
      if (outcome.kind !== 'events') return outcome;
      for (const draft of outcome.drafts) {
        applyEnvelope(draft, envelope);
        draft.dataset = str(envelope.labels['splunk.sourcetype']) ?? 'splunk';
        draft.original = envelope.text;
      }
      return outcome;
    },
  };
}

function sniffCsv(sample: Sample): number {
  const header = sample.csv?.header;
  if (header === undefined || !header.includes('_raw')) return 0;
  return header.includes('_time') || header.includes('sourcetype') ? 0.97 : 0.9;
}

function sniffJson(sample: Sample): number {
  const share = valueShare(sample, (value) => resultOf(value) !== undefined || isExportNotice(value));
  const results = valueShare(sample, (value) => resultOf(value) !== undefined);
  return results === 0 || share < 0.5 ? 0 : 0.5 + 0.47 * share;
}

const DESCRIPTION =
  'the raw events of Splunk search results (_raw), each read by the format of its log (sniffed per sourcetype), ' +
  "with Splunk's _time, host and fields (splunk.* labels)";

export const splunkCsvFormat = defineFormat({
  id: 'splunk-csv',
  title: 'Splunk export (CSV)',
  description: `Splunk Web's and the CLI's CSV export with a _raw column: ${DESCRIPTION}`,
  framing: 'csv',
  sniff: sniffCsv,
  createParser,
  envelope: splunkEnvelope,
  logsources: [],
});

export const splunkJsonFormat = defineFormat({
  id: 'splunk-json',
  title: 'Splunk export (JSON)',
  description: `Splunk's JSON export ({"preview":false,"result":{…}} per line) and JSON records with _raw: ${DESCRIPTION}`,
  framing: 'json',
  sniff: sniffJson,
  createParser,
  envelope: splunkEnvelope,
  logsources: [],
});
