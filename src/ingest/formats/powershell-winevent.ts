import { defineFormat, events, isObject, reject, valueShare, type Draft, type ParseOutcome, type Sample } from '../format.ts';
import { labelsOf } from './syslog/util.ts';
import { channelOf, dataOf, exportTime, windowsCsvFormat } from './windows-csv.ts';
import { buildDraft } from './windows-json/build.ts';
import { auditOutcome, eventIdOf, text, type WinRecord } from './windows-json/record.ts';
import { dotnetDateMs, propertyData } from './windows-json/templates/index.ts';

/**
 * Windows events as PowerShell gives them, what responders collect when they cannot copy the EVTX files:
 * `Get-WinEvent … | ConvertTo-Json` (Windows PowerShell 5.1 writes times as `/Date(ms)/`, or as an object with
 * `value` and `DateTime`; PowerShell 7 as ISO text) and `| Export-Csv` (with or without its `#TYPE` line; times in the
 * exporting machine's locale: `--tz`), and the older `Get-EventLog` objects (`EventID`, `Source`, `TimeGenerated`,
 * `EntryType`). The records carry the rendered `Message` and EventData's values without their names (`Properties`, or
 * Get-EventLog's `ReplacementStrings`, in template order): the values are named by the event's template
 * (windows-json/templates), and the message is read back into the fields it adds as Event Viewer's CSV export is, so
 * the event goes through the Windows mappings and rules in any language or without a message.
 */

type Get = (name: string) => unknown;

const GET_EVENTLOG_AUDIT: Readonly<Record<string, 'success' | 'failure'>> = { SuccessAudit: 'success', FailureAudit: 'failure' };

/** A time as a draft takes it: .NET's `/Date(ms)/` as epoch milliseconds, ISO text as written, a locale's text as ISO without a zone. */
function timeOf(value: unknown): string | number | undefined {
  const inner = isObject(value) ? value.value : value;
  const raw = text(inner);
  if (raw === undefined) return undefined;
  return dotnetDateMs(raw) ?? (/^\d{4}-\d{2}-\d{2}T/.test(raw) ? raw : exportTime(raw));
}

/** `UserId` as a SID: text, or the object `{"Value": "S-1-5-18", …}` ConvertTo-Json writes. */
function sidOf(value: unknown): string | undefined {
  return text(isObject(value) ? value.Value : value);
}

function first(get: Get, ...names: string[]): unknown {
  for (const name of names) {
    const value = get(name);
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

function versionOf(value: unknown): number | undefined {
  const raw = text(value);
  return raw !== undefined && /^\d{1,3}$/.test(raw) ? Number(raw) : undefined;
}

/** The record of one Get-WinEvent or Get-EventLog object, or why it is none. */
function recordOf(get: Get): WinRecord | string {
  const eventId = eventIdOf(first(get, 'Id', 'EventID'));
  if (eventId === undefined) return 'no Id or EventID';
  const provider = text(first(get, 'ProviderName', 'Source'));
  const message = text(get('Message'));
  const entryType = text(get('EntryType'));
  const record: WinRecord = {
    eventId,
    provider,
    channel: text(first(get, 'LogName', 'ContainerLog')) ?? channelOf(provider, eventId),
    computer: text(get('MachineName')),
    recordId: text(first(get, 'RecordId', 'Index')),
    time: timeOf(first(get, 'TimeCreated', 'TimeGenerated')),
    message,
    // Get-WinEvent's Properties and Get-EventLog's ReplacementStrings are exact and in no language; the message adds
    // what a template does not name.
    data: { ...dataOf(message, provider, eventId), ...propertyData(provider, eventId, versionOf(get('Version')), first(get, 'Properties', 'ReplacementStrings')) },
    audit: auditOutcome(first(get, 'KeywordsDisplayNames', 'Keywords')) ?? (entryType === undefined ? undefined : GET_EVENTLOG_AUDIT[entryType]),
  };
  const sid = sidOf(get('UserId'));
  if (sid !== undefined) record.systemUserId = sid;
  return record;
}

function draftOf(get: Get): ParseOutcome {
  const record = recordOf(get);
  if (typeof record === 'string') return reject(record);
  const draft: Draft = buildDraft(record);
  const labels = labelsOf({
    'winlog.level': text(first(get, 'LevelDisplayName', 'EntryType')),
    'winlog.task': text(first(get, 'TaskDisplayName', 'Category')),
    'winlog.opcode': text(get('OpcodeDisplayName')),
    'winlog.user': text(get('UserName')),
  });
  draft.fields.labels = { ...draft.fields.labels, ...labels };
  return events(draft);
}

const own = (row: Record<string, unknown>): Get => (name) => (Object.hasOwn(row, name) ? row[name] : undefined);

/**
 * Get-EventLog's objects by their own members: `EventID`, `Source` and `TimeGenerated` alone are also the columns of
 * Sentinel's `Event` table (read by windows-json).
 */
function isEventLogEntry(has: (name: string) => boolean): boolean {
  return has('EventID') && has('Source') && has('TimeGenerated') && (has('EntryType') || has('InstanceId') || has('MachineName'));
}

function isPowerShellEvent(value: Readonly<Record<string, unknown>>): boolean {
  const winEvent = Object.hasOwn(value, 'Id') && Object.hasOwn(value, 'ProviderName') && Object.hasOwn(value, 'TimeCreated');
  return winEvent || isEventLogEntry((name) => Object.hasOwn(value, name));
}

function sniffCsv(sample: Sample): number {
  const header = new Set(sample.csv?.header ?? []);
  const winEvent = header.has('Id') && header.has('ProviderName') && header.has('TimeCreated');
  const eventLog = isEventLogEntry((name) => header.has(name));
  return (winEvent || eventLog) && header.has('Message') ? 0.96 : 0;
}

const DESCRIPTION = "the rendered message read back into the event's fields for the Security, Sysmon, System and PowerShell mappings";

export const powershellWinEventFormat = defineFormat({
  id: 'powershell-winevent',
  title: 'Windows events from PowerShell (JSON)',
  description: `Get-WinEvent or Get-EventLog objects through ConvertTo-Json (Windows PowerShell 5.1 or PowerShell 7): ${DESCRIPTION}`,
  framing: 'json',
  sniff: (sample) => {
    const share = valueShare(sample, isPowerShellEvent);
    return share < 0.5 ? 0 : 0.96 * share;
  },
  createParser: () => ({
    parse: (record) => (isObject(record.value) && isPowerShellEvent(record.value) ? draftOf(own(record.value)) : reject('not a Get-WinEvent or Get-EventLog object')),
  }),
  logsources: windowsCsvFormat.logsources,
});

export const powershellWinEventCsvFormat = defineFormat({
  id: 'powershell-winevent-csv',
  title: 'Windows events from PowerShell (CSV)',
  description: `Get-WinEvent or Get-EventLog objects through Export-Csv (with or without its #TYPE line; times in the exporter's locale): ${DESCRIPTION}`,
  framing: 'csv',
  sniff: sniffCsv,
  createParser: () => ({
    parse: (record) => (isObject(record.value) ? draftOf(own(record.value)) : reject('not a CSV row')),
  }),
  logsources: windowsCsvFormat.logsources,
});
