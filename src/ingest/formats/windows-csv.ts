import { META, defineFormat, events, isObject, reject, type Sample } from '../format.ts';
import { ownValue, setOwn } from '../values.ts';
import { labelsOf } from './syslog/util.ts';
import { buildDraft } from './windows-json/build.ts';
import { auditOutcome, eventIdOf, text, type WinRecord } from './windows-json/record.ts';

/**
 * Windows Event Viewer's "Save All Events As… CSV" export: `Level,Date and Time,Source,Event ID,Task Category` (the
 * Security log has `Keywords` first: `Audit Success`, `Audit Failure`), then each event's rendered message in a
 * sixth column without a header. The export names neither the log nor the computer, and its time is the exporting
 * machine's local time in its locale (`11/23/2026 8:01:02 AM`, `23/11/2026 08:01:02`; --tz). The rendered message is
 * read back into the event's fields (`Account Name:\t\tadministrator` under `Account For Which Logon Failed:` is
 * `TargetUserName`; Sysmon writes the field names themselves), so the Windows mappings and rules read these events
 * as they read the same events exported as XML or JSON.
 */

const COLUMNS = ['date and time', 'source', 'event id', 'task category'];
const FIRST_COLUMNS = new Set(['level', 'keywords']);

function isExportHeader(header: readonly string[]): boolean {
  const cells = header.map((cell) => cell.trim().toLowerCase());
  return FIRST_COLUMNS.has(cells[0] ?? '') && COLUMNS.every((name, i) => cells[i + 1] === name);
}

function sniff(sample: Sample): number {
  return sample.csv !== undefined && isExportHeader(sample.csv.header) ? 0.95 : 0;
}

// ---- Time: the locale's date, with a 12-hour clock (US: month first) or a 24-hour one (day first).
/** Also Log Analytics' `11/23/2024, 10:00:01.123 AM` (a comma after the date, milliseconds). */
const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}),?[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(?:\s*([AaPp])\.?[Mm]\.?)?$/;
const pad = (n: number): string => String(n).padStart(2, '0');

/** The export's local time as ISO text without a zone, or the text itself when it is in no layout known here. */
export function exportTime(value: string): string {
  const m = SLASHED.exec(value.trim());
  if (m === null) return value.trim();
  const [, a, b, year, h, minute, second = '00', fraction = '', meridiem] = m;
  let hour = Number(h);
  if (meridiem !== undefined) {
    const pm = meridiem.toLowerCase() === 'p';
    if (pm && hour < 12) hour += 12;
    if (!pm && hour === 12) hour = 0;
  }
  return `${year!}-${dayAndMonth(Number(a), Number(b), meridiem !== undefined)}T${pad(hour)}:${minute!}:${second}${fraction}`;
}

/** `MM-DD` from the two leading numbers: month first with a 12-hour clock (en-US) or when the second is over 12, else day first. */
function dayAndMonth(a: number, b: number, twelveHour: boolean): string {
  const monthFirst = twelveHour ? a <= 12 : a <= 12 && b > 12;
  const [month, day] = monthFirst ? [a, b] : [b, a];
  return `${pad(month)}-${pad(day)}`;
}

// ---- The rendered message, read back into EventData names.
/** Security-auditing sections whose account fields are the event's target. */
const TARGET_SECTIONS = new Set(['new logon', 'account for which logon failed', 'target subject', 'account whose credentials were used', 'account information', 'new account', 'target account', 'logon account']);
const SUBJECT_SECTIONS = new Set(['subject', 'creator subject']);
const ACCOUNT_KEYS: Readonly<Record<string, string>> = { 'security id': 'UserSid', 'account name': 'UserName', 'account domain': 'DomainName', 'domain name': 'DomainName', 'logon id': 'LogonId' };
/** Fields named the same in every section they appear in. */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  'logon type': 'LogonType',
  'workstation name': 'WorkstationName',
  'source workstation': 'Workstation',
  'source network address': 'IpAddress',
  'client address': 'IpAddress',
  'network address': 'IpAddress',
  'source port': 'IpPort',
  'client port': 'IpPort',
  port: 'IpPort',
  'caller process id': 'ProcessId',
  'caller process name': 'ProcessName',
  'process id': 'ProcessId',
  'process name': 'ProcessName',
  'new process id': 'NewProcessId',
  'new process name': 'NewProcessName',
  'token elevation type': 'TokenElevationType',
  'mandatory label': 'MandatoryLabel',
  'creator process id': 'ProcessId',
  'creator process name': 'ParentProcessName',
  'process command line': 'CommandLine',
  'logon process': 'LogonProcessName',
  'authentication package': 'AuthenticationPackageName',
  'package name (ntlm only)': 'LmPackageName',
  'key length': 'KeyLength',
  'failure reason': 'FailureReason',
  status: 'Status',
  'sub status': 'SubStatus',
  'error code': 'Status',
  'result code': 'Status',
  'failure code': 'Status',
  'ticket options': 'TicketOptions',
  'ticket encryption type': 'TicketEncryptionType',
  'pre-authentication type': 'PreAuthType',
  'service name': 'ServiceName',
  'service id': 'ServiceSid',
  'service file name': 'ServiceFileName',
  'service type': 'ServiceType',
  'service start type': 'ServiceStartType',
  'service account': 'ServiceAccount',
  'task name': 'TaskName',
  'target server name': 'TargetServerName',
  'supplied realm name': 'TargetDomainName',
  'user id': 'TargetSid',
  'logon account': 'TargetUserName',
  'group name': 'TargetUserName',
  'group domain': 'TargetDomainName',
};
/** `Key:` and a value, after the tabs that indent it (Sysmon: `Image: C:\…`). */
const FIELD_LINE = /^(\t*)([A-Za-z][A-Za-z0-9 ()./-]{0,60}):[ \t]*(.*)$/;
const MAX_LINES = 400;

/** The EventData name of one rendered field in its section, for Security events; undefined when unknown. */
function securityName(section: string, key: string): string | undefined {
  const account = ownValue(ACCOUNT_KEYS, key);
  if (account !== undefined) {
    if (SUBJECT_SECTIONS.has(section)) return `Subject${account}`;
    if (section === 'member') return account === 'UserSid' ? 'MemberSid' : account === 'UserName' ? 'MemberName' : undefined;
    if (section === 'group') return account === 'UserSid' ? 'TargetSid' : undefined;
    if (section === 'new account') return account === 'UserSid' ? 'TargetSid' : `Target${account}`;
    if (TARGET_SECTIONS.has(section)) return `Target${account}`;
    return undefined;
  }
  return ownValue(FIELD_NAMES, key);
}

/** The fields a rendered message holds, by EventData name. Sysmon's are named; Security's are looked up by section. */
export function renderedFields(message: string, sysmon: boolean): Record<string, string> {
  const data: Record<string, string> = {};
  let section = '';
  const lines = message.split(/\r?\n/, MAX_LINES);
  for (const line of lines.slice(1)) {
    const m = FIELD_LINE.exec(line);
    if (m === null) continue;
    const [, tabs = '', rawKey = '', rawValue = ''] = m;
    const key = rawKey.trim();
    const value = rawValue.trim();
    if (sysmon) {
      if (!key.includes(' ') && value !== '') setOwn(data, key, value);
      continue;
    }
    const lower = key.toLowerCase();
    if (tabs === '' && value === '') {
      section = lower;
      continue;
    }
    const name = securityName(tabs === '' ? '' : section, lower) ?? securityName(section, lower);
    if (name !== undefined && value !== '' && !Object.hasOwn(data, name)) setOwn(data, name, value);
  }
  return data;
}

/** 4104's rendered message: `Creating Scriptblock text (1 of 1):`, the script, then `ScriptBlock ID: …` and `Path: …`. */
const SCRIPT_BLOCK = /^Creating Scriptblock text \((\d{1,6}) of (\d{1,6})\):\r?\n([\s\S]*?)\r?\n\r?\nScriptBlock ID: ?([^\r\n]*)(?:\r?\nPath: ?([^\r\n]*))?\s*$/;

/** A PowerShell script block's fields (the script itself is `ScriptBlockText`), or undefined for other messages. */
export function scriptBlockFields(message: string): Record<string, string> | undefined {
  const m = SCRIPT_BLOCK.exec(message);
  if (m === null) return undefined;
  const [, number = '', total = '', script = '', id = '', path = ''] = m;
  const data: Record<string, string> = { MessageNumber: number, MessageTotal: total, ScriptBlockText: script, ScriptBlockId: id.trim() };
  if (path.trim() !== '') data.Path = path.trim();
  return data;
}

export function dataOf(message: string | undefined, provider: string | undefined, eventId: number): Record<string, string> {
  if (message === undefined) return {};
  const source = provider?.toLowerCase();
  if (eventId === 4104 && source === 'microsoft-windows-powershell') {
    const block = scriptBlockFields(message);
    if (block !== undefined) return block;
  }
  return renderedFields(message, source === 'microsoft-windows-sysmon');
}

// ---- Which log an event came from: the export does not say; its source does, for the logs the mappings know.
const SECURITY_EVENTLOG_IDS = new Set([1100, 1102, 1104, 1105, 1108]);

export function channelOf(provider: string | undefined, eventId: number): string | undefined {
  switch (provider?.toLowerCase()) {
    case 'microsoft-windows-security-auditing':
      return 'Security';
    case 'microsoft-windows-sysmon':
      return 'Microsoft-Windows-Sysmon/Operational';
    case 'microsoft-windows-powershell':
      return 'Microsoft-Windows-PowerShell/Operational';
    case 'powershell':
      return 'Windows PowerShell';
    case 'service control manager':
      return 'System';
    case 'microsoft-windows-eventlog':
      return SECURITY_EVENTLOG_IDS.has(eventId) ? 'Security' : 'System';
    default:
      return undefined;
  }
}

const NAMED_COLUMNS = new Set(['level', 'keywords', 'date and time', 'source', 'event id', 'task category']);

/** The rendered message: the column the export gives no name to. */
function messageOf(row: Record<string, unknown>): string | undefined {
  for (const key of Object.keys(row)) if (!NAMED_COLUMNS.has(key.trim().toLowerCase())) return text(row[key]);
  return undefined;
}

function column(row: Record<string, unknown>, name: string): string | undefined {
  for (const key of Object.keys(row)) if (key.trim().toLowerCase() === name) return text(row[key]);
  return undefined;
}

export const windowsCsvFormat = defineFormat({
  id: 'windows-csv',
  title: 'Windows Event Viewer CSV export',
  description: "Event Viewer's \"Save All Events As… CSV\" (Level or Keywords, Date and Time, Source, Event ID, Task Category, message): the rendered message read back into the event's fields for the Security, Sysmon, System and PowerShell mappings",
  framing: 'csv',
  sniff,
  createParser: () => ({
    parse(record) {
      const row = record.value;
      if (!isObject(row)) return reject('not a CSV row');
      const eventId = eventIdOf(column(row, 'event id'));
      if (eventId === undefined) return column(row, 'event id')?.toLowerCase() === 'event id' ? META : reject('no Event ID');
      const provider = column(row, 'source');
      const channel = channelOf(provider, eventId);
      const message = messageOf(row);
      const level = column(row, 'level');
      const keywords = column(row, 'keywords');
      const time = column(row, 'date and time');
      const winRecord: WinRecord = {
        eventId,
        provider,
        channel,
        time: time === undefined ? undefined : exportTime(time),
        message,
        data: dataOf(message, provider, eventId),
        audit: auditOutcome(keywords ?? level),
      };
      const draft = buildDraft(winRecord);
      draft.fields.labels = { ...draft.fields.labels, ...labelsOf({ 'winlog.level': level, 'winlog.keywords': keywords, 'winlog.task': column(row, 'task category') }) };
      return events(draft);
    },
  }),
  logsources: [{ product: 'windows', service: 'security' }, { product: 'windows', service: 'system' }, { product: 'windows', category: 'process_creation' }, { product: 'windows', category: 'ps_script' }],
});
