import { META, defineFormat, events, isObject, reject, type Envelope, type FormatParser, type ParserContext, type RawRecord, type Sample } from '../format.ts';
import { jsonText, ownStr, setOwn } from '../values.ts';
import { mapRecord } from './aliases.ts';
import { exportTime } from './windows-csv.ts';

/**
 * Query results of Microsoft Sentinel's (Log Analytics') Logs blade and Defender XDR's advanced hunting saved with
 * "Export → CSV": a column per field, the `datetime` ones named with ` [UTC]` (`TimeGenerated [UTC]`) and written in
 * the portal's locale (`11/23/2024, 10:00:01.123 AM`), `dynamic` ones as JSON text. Each row is put back into the
 * object the API gives for it (names without the suffix, times as ISO UTC, JSON parsed) and read by the format that
 * reads that table's rows in JSON: `SecurityEvent`, `WindowsEvent` and `Event` by the Windows reader, `Syslog` and
 * `CommonSecurityLog` by their Sentinel readers, `SigninLogs`/`AuditLogs` by Azure's, `Device*` tables by Defender
 * XDR's. A row of another table is read through the alias table.
 */

const UTC_SUFFIX = ' [UTC]';
/** Longest dynamic value parsed (an `EventData` or `AdditionalFields` is a few KB). */
const MAX_DYNAMIC = 1024 * 1024;
const ZONED = /(?:Z|[+-]\d{2}:?\d{2})$/;

/** A `datetime` cell as ISO UTC text: the portal's locale layout (en-US month first with AM/PM, else day first) or ISO. */
export function utcCell(value: string): string {
  const local = exportTime(value);
  return ZONED.test(local) || !/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(local) ? local : `${local.replace(' ', 'T')}Z`;
}

/** A `dynamic` cell as the JSON it is; any other cell as its text. */
function cellValue(value: string): unknown {
  const first = value[0];
  if ((first !== '{' && first !== '[') || value.length > MAX_DYNAMIC) return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null ? parsed : value;
  } catch {
    return value;
  }
}

/** The row as the API gives it: empty cells left out. */
export function rowObject(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const [column, raw] of Object.entries(row)) {
    if (typeof raw !== 'string' || raw.trim() === '') continue;
    if (column.endsWith(UTC_SUFFIX)) setOwn(doc, column.slice(0, -UTC_SUFFIX.length), utcCell(raw));
    else setOwn(doc, column, cellValue(raw));
  }
  return doc;
}

export function sentinelCsvEnvelope(record: RawRecord): Envelope | undefined {
  if (!isObject(record.value)) return undefined;
  const doc = rowObject(record.value);
  const text = jsonText(doc);
  if (text === undefined || Object.keys(doc).length === 0) return undefined;
  const envelope: Envelope = { text, value: doc, key: ownStr(doc, 'Type') ?? '', labels: {} };
  const time = ownStr(doc, 'TimeGenerated') ?? ownStr(doc, 'Timestamp');
  if (time !== undefined) envelope.time = time;
  return envelope;
}

function sniff(sample: Sample): number {
  const header = sample.csv?.header.map((column) => column.trim()) ?? [];
  if (header.includes('TimeGenerated [UTC]') || header.includes('Timestamp [UTC]')) return 0.93;
  return header.some((column) => column.endsWith(UTC_SUFFIX)) && (header.includes('TenantId') || header.includes('Type')) ? 0.9 : 0;
}

/** A row of a table no other format reads: the API's object through the alias table, its table as the dataset. */
function createParser(ctx: ParserContext): FormatParser {
  return {
    parse(record) {
      if (!isObject(record.value)) return reject('not a CSV row');
      const doc = rowObject(record.value);
      if (Object.keys(doc).length === 0) return META;
      return events(mapRecord(doc, { mapping: ctx.mapping, dataset: ownStr(doc, 'Type') ?? 'sentinel' }));
    },
  };
}

export const sentinelCsvFormat = defineFormat({
  id: 'sentinel-csv',
  title: "Microsoft Sentinel / Log Analytics query results (CSV)",
  description:
    "the Logs blade's and advanced hunting's CSV export (TimeGenerated [UTC] …): each row put back into the table's " +
    'JSON row (times as UTC, dynamic columns parsed) and read by the format that reads that table (SecurityEvent, ' +
    'WindowsEvent, Event, Syslog, CommonSecurityLog, SigninLogs, Device* tables …)',
  framing: 'csv',
  sniff,
  createParser,
  envelope: sentinelCsvEnvelope,
  logsources: [],
});
