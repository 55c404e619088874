import { defineFormat, events, isObject, META, reject, type Draft, type Envelope, type FormatParser, type RawRecord, type Sample } from '../format.ts';
import { compact, ownStr } from '../values.ts';
import { addRowLabels } from './flat-row.ts';
import { utcCell } from './sentinel-csv.ts';

/**
 * Microsoft 365 unified audit log searches saved as CSV, the file a business-email-compromise investigation starts
 * from: Purview's "Export results" (`RecordId,CreationDate,RecordType,Operation,UserId,AuditData,…`), the older
 * compliance centre's (`CreationDate,UserIds,Operations,AuditData`) and `Search-UnifiedAuditLog | Export-Csv`
 * (`RunspaceId,RecordType,CreationDate,UserIds,Operations,AuditData,ResultIndex,…`, after a `#TYPE` line). The
 * `AuditData` cell is the record as the Management Activity API gives it: it is read by the Microsoft 365 reader,
 * with the row's time as the fallback and its other columns as labels. A row whose `AuditData` is not a whole JSON
 * object (Excel cuts cells at 32,767 characters) is still an event: its time, user and operation from the row.
 */

const AUDIT_DATA = 'AuditData';
/** The row's own columns, which the record repeats: not labels. */
const ROW_COLUMNS = new Set([AUDIT_DATA, 'CreationDate', 'UserIds', 'UserId', 'Operations', 'Operation']);

function rowOf(record: RawRecord): Readonly<Record<string, unknown>> | undefined {
  return isObject(record.value) ? record.value : undefined;
}

function rowTime(row: Readonly<Record<string, unknown>>): string | undefined {
  const time = ownStr(row, 'CreationDate')?.trim();
  return time === undefined || time === '' ? undefined : utcCell(time);
}

function rowLabels(row: Readonly<Record<string, unknown>>): Record<string, string> {
  const labels: Record<string, string> = {};
  addRowLabels(labels, row, (key) => ROW_COLUMNS.has(key) || ownStr(row, key)?.trim() === '', 'm365.');
  return labels;
}

export function m365CsvEnvelope(record: RawRecord): Envelope | undefined {
  const row = rowOf(record);
  if (row === undefined) return undefined;
  const text = ownStr(row, AUDIT_DATA)?.trim();
  if (text?.startsWith('{') !== true) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  const envelope: Envelope = { text, value, key: AUDIT_DATA, labels: rowLabels(row) };
  const time = rowTime(row);
  if (time !== undefined) envelope.time = time;
  return envelope;
}

function sniff(sample: Sample): number {
  const header = new Set(sample.csv?.header.map((column) => column.trim()) ?? []);
  if (!header.has(AUDIT_DATA) || !header.has('CreationDate')) return 0;
  return (header.has('Operations') || header.has('Operation')) && (header.has('UserIds') || header.has('UserId')) ? 0.94 : 0;
}

/** A row whose AuditData is not a record: what the row itself says. */
function rowDraft(row: Readonly<Record<string, unknown>>): Draft {
  const action = (ownStr(row, 'Operation') ?? ownStr(row, 'Operations'))?.trim();
  const user = (ownStr(row, 'UserId') ?? ownStr(row, 'UserIds'))?.trim();
  const labels = rowLabels(row);
  const partial = ownStr(row, AUDIT_DATA);
  if (partial !== undefined && partial.trim() !== '') labels['m365.AuditData'] = partial;
  const draft: Draft = {
    dataset: 'm365.audit',
    fields: compact({ event: { action: action === '' ? undefined : action, provider: 'm365' }, user: { name: user === '' ? undefined : user }, cloud: { provider: 'm365' }, labels }),
  };
  const time = rowTime(row);
  if (time !== undefined) {
    draft.time = time;
    draft.timeIsUtc = true;
  }
  return draft;
}

function createParser(): FormatParser {
  return {
    parse(record) {
      const row = rowOf(record);
      if (row === undefined) return reject('not a CSV row');
      if (Object.values(row).every((cell) => typeof cell !== 'string' || cell.trim() === '')) return META;
      return events(rowDraft(row));
    },
  };
}

export const m365AuditCsvFormat = defineFormat({
  id: 'm365-audit-csv',
  title: 'Microsoft 365 audit log search (CSV)',
  description:
    "Purview's and the compliance centre's audit search exports and Search-UnifiedAuditLog's Export-Csv: each row's " +
    'AuditData read as the Management Activity API record it is (sign-ins, mailbox rules, SharePoint, admin changes, alerts)',
  framing: 'csv',
  sniff,
  createParser,
  envelope: m365CsvEnvelope,
  logsources: [],
});
