import { META, defineFormat, events, isObject, reject, type Envelope, type FormatParser, type ParserContext, type RawRecord, type Sample } from '../format.ts';
import { jsonText, ownStr, setOwn } from '../values.ts';
import { mapRecord } from './aliases.ts';
import { labelValue } from './aliases/resolve.ts';
import { taggedLine } from './syslog/header.ts';

/**
 * Search results saved as CSV from the consoles in front of a log store: Kibana's and OpenSearch Dashboards'
 * Discover ("Share → CSV", reporting), Graylog's message export and Grafana's (Loki) data download. Each row holds
 * the line a shipper read (`event.original`, `message`, Graylog's `full_message`, Grafana's `Line`) beside the
 * columns the analyst picked; the line is read by the format of its log (sniffed per file it was read from), as
 * shipped JSON is (shipped.ts), so an sshd line exported from Kibana raises what auth.log does. A Winlogbeat row
 * (its `winlog.*` columns) is the document itself, given to the Windows reader nested as Winlogbeat wrote it. The
 * row's time (Kibana writes `Nov 24, 2026 @ 08:16:02.123` in the zone of the browser that asked for it: `--tz`)
 * stands in for a line's own when that is not an instant, and the other columns are labels. Kibana escapes a
 * value that a spreadsheet would run as a formula with a leading `'`; that quote is taken off.
 */

/** Columns that hold the line a shipper read, best first. */
const LINE_COLUMNS = ['event.original', 'full_message', 'message', 'Line', 'line'];
const TIME_COLUMNS = ['@timestamp', 'timestamp', 'Time', 'time'];
const HOST_COLUMNS = ['host.name', 'host.hostname', 'agent.hostname', 'hostname', 'host'];
/** The file a line was read from: ECS, Logstash's and Filebeat 6's columns, Loki's label. */
const SOURCE_COLUMNS = ['log.file.path', 'path', 'file', 'filename'];
const DATASET_COLUMNS = ['event.dataset', 'data_stream.dataset', 'fileset.name', 'event.module', 'job'];
/** Graylog's `source` is the sending host; Filebeat 6 used it for the file's path. */
const PATH_LIKE = /^(?:\/|[A-Za-z]:\\|\\\\)/;
/** Kibana's escape of a value starting like a spreadsheet formula (`csv:escapeFormulaValues`). */
const FORMULA_ESCAPE = /^'(?=[=+\-@\t\r])/;

function cell(row: Readonly<Record<string, unknown>>, column: string): string | undefined {
  const value = ownStr(row, column);
  return value?.replace(FORMULA_ESCAPE, '');
}

function firstCell(row: Readonly<Record<string, unknown>>, columns: readonly string[]): { column: string; value: string } | undefined {
  for (const column of columns) {
    const value = cell(row, column);
    if (value !== undefined) return { column, value };
  }
  return undefined;
}

/** A Winlogbeat (or Elastic Agent Windows) row: its fields are the event's, not a line's. */
function isWindowsRow(row: Readonly<Record<string, unknown>>): boolean {
  return Object.keys(row).some((column) => column.startsWith('winlog.'));
}

/** Deeper column names than this stay flat (a hostile header must not nest a document past what can be written back). */
const MAX_DEPTH = 32;

function unescaped(value: unknown): unknown {
  return typeof value === 'string' ? value.replace(FORMULA_ESCAPE, '') : value;
}

/** The row's dotted columns as the nested document they were flattened from (`winlog.event_data.User` → {winlog:{event_data:{User}}}). */
export function nestColumns(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const [column, raw] of Object.entries(row)) {
    const value = unescaped(raw);
    if (value === '' || value === undefined) continue;
    const parts = column.split('.');
    let node = doc;
    let placed = false;
    for (let i = 0; parts.length <= MAX_DEPTH && i < parts.length; i++) {
      const part = parts[i]!;
      if (i === parts.length - 1) {
        placed = !Object.hasOwn(node, part);
        if (placed) setOwn(node, part, value);
        break;
      }
      const next = Object.hasOwn(node, part) ? node[part] : undefined;
      if (isObject(next)) node = next;
      else if (next !== undefined) break;
      else {
        const child: Record<string, unknown> = {};
        setOwn(node, part, child);
        node = child;
      }
    }
    // A column named like another's parent (`a` beside `a.b`) keeps its flat name.
    if (!placed && !Object.hasOwn(doc, column)) setOwn(doc, column, value);
  }
  return doc;
}

/** The host column and its value; Graylog's `source` unless it holds a path (Filebeat 6's). */
function hostCell(row: Readonly<Record<string, unknown>>): { column: string; value: string } | undefined {
  const named = firstCell(row, HOST_COLUMNS);
  if (named !== undefined) return named;
  const source = cell(row, 'source');
  return source === undefined || PATH_LIKE.test(source) ? undefined : { column: 'source', value: source };
}

/** The file Promtail read a line from, in the JSON of Grafana's `labels` column (`{"filename":"/var/log/auth.log",…}`). */
function lokiFile(row: Readonly<Record<string, unknown>>): string | undefined {
  const labels = ownStr(row, 'labels');
  if (labels === undefined || !labels.startsWith('{') || labels.length > 65_536) return undefined;
  try {
    const parsed: unknown = JSON.parse(labels);
    return isObject(parsed) ? ownStr(parsed, 'filename') : undefined;
  } catch {
    return undefined;
  }
}

export function shippedCsvEnvelope(record: RawRecord): Envelope | undefined {
  const row = record.value;
  if (!isObject(row)) return undefined;
  const time = firstCell(row, TIME_COLUMNS);
  const named = hostCell(row);
  const host = named?.value;
  const graylogSource = cell(row, 'source');
  const source = firstCell(row, SOURCE_COLUMNS)?.value ?? (graylogSource !== undefined && PATH_LIKE.test(graylogSource) ? graylogSource : undefined) ?? lokiFile(row);
  const windows = isWindowsRow(row);
  const line = windows ? undefined : firstCell(row, LINE_COLUMNS);
  if (line === undefined && !windows) return undefined;
  const labels: Record<string, string> = {};
  for (const [column, value] of Object.entries(row)) {
    if (column === time?.column || column === named?.column || LINE_COLUMNS.includes(column)) continue;
    const text = labelValue(unescaped(value));
    if (text !== undefined) setOwn(labels, column, text);
  }
  let envelope: Envelope;
  if (line !== undefined) {
    // Graylog's RFC 5424 messages keep the program and pid in their own columns.
    const text = taggedLine(line.value, cell(row, 'application_name'), cell(row, 'process_id'));
    envelope = { text, key: source ?? firstCell(row, DATASET_COLUMNS)?.value ?? '', labels };
  }
  else {
    const doc = nestColumns(row);
    const text = jsonText(doc);
    if (text === undefined) return undefined;
    envelope = { text, value: doc, key: 'winlog', labels: {} };
  }
  if (source !== undefined) envelope.source = source;
  if (time !== undefined) envelope.time = time.value;
  if (host !== undefined) envelope.host = host;
  return envelope;
}

function has(header: ReadonlySet<string>, prefix: string): boolean {
  for (const column of header) if (column.startsWith(prefix)) return true;
  return false;
}

function sniff(sample: Sample): number {
  const header = new Set((sample.csv?.header ?? []).map((column) => column.trim()));
  if (header.size < 2) return 0;
  if (has(header, 'winlog.') && header.has('@timestamp')) return 0.88;
  if (!LINE_COLUMNS.some((column) => header.has(column))) return 0;
  const kibana = header.has('@timestamp') || header.has('_index') || has(header, 'agent.') || header.has('log.file.path');
  const graylog = has(header, 'gl2_') || (header.has('timestamp') && header.has('source') && header.has('message'));
  const grafana = header.has('Line') && (header.has('Time') || header.has('tsNs'));
  return kibana || graylog || grafana ? 0.88 : 0;
}

/** A row whose line no format reads, or a row without one: its columns through the alias table, as any CSV, with its host. */
function createParser(ctx: ParserContext): FormatParser {
  return {
    parse(record) {
      const row = record.value;
      if (!isObject(row)) return reject('not a CSV row');
      if (Object.entries(row).every(([, value]) => typeof value !== 'string' || value.trim() === '')) return META;
      // Graylog's `source` is a host, where the alias table would take it for a dataset.
      const host = hostCell(row);
      const flat: Record<string, unknown> = {};
      for (const [column, value] of Object.entries(row)) if (column !== host?.column) setOwn(flat, column, unescaped(value));
      const draft = mapRecord(flat, { mapping: ctx.mapping, dataset: 'csv' });
      if (host !== undefined && draft.fields.host?.name === undefined) draft.fields.host = { ...draft.fields.host, name: host.value };
      return events(draft);
    },
  };
}

export const shippedCsvFormat = defineFormat({
  id: 'shipped-csv',
  title: 'Search results saved as CSV (Kibana, OpenSearch Dashboards, Graylog, Grafana)',
  description:
    "CSV exports of Kibana's and OpenSearch Dashboards' Discover, Graylog and Grafana with the shipped line " +
    '(event.original, message, full_message, Line): each line read by the format of its log (sniffed per file it was ' +
    "read from), Winlogbeat rows by the Windows reader, with the export's time, host and columns (labels)",
  framing: 'csv',
  sniff,
  createParser,
  envelope: shippedCsvEnvelope,
  logsources: [],
});
