import { csvLineStart } from '../framing/csv.ts';
import { META, defineFormat, events, isObject, reject, type Sample } from '../format.ts';
import { ownValue, setOwn } from '../values.ts';
import { labelsOf } from './syslog/util.ts';
import { buildDraft } from './windows-json/build.ts';
import { englishLabel } from './windows-json/localized.ts';
import { auditOutcome, eventIdOf, text, type WinRecord } from './windows-json/record.ts';
import { newestSlotsByName, type Slot } from './windows-json/templates/index.ts';

/**
 * Windows Event Viewer's "Save All Events As… CSV" export: `Level,Date and Time,Source,Event ID,Task Category` (the
 * Security log has `Keywords` first: `Audit Success`, `Audit Failure`), then each event's rendered message in a
 * sixth column without a header. The export names neither the log nor the computer, and its time is the exporting
 * machine's local time in its locale (`11/23/2026 8:01:02 AM`, `23/11/2026 08:01:02`, `2026/11/23 8:01:02`; --tz).
 * Windows names the columns in its display language (`Ebene,Datum und Uhrzeit,Quelle,Ereignis-ID,Aufgabenkategorie`):
 * the columns are read by position, and an export in a language not listed here is known by its rows. The rendered
 * message is read back into the event's fields (`Account Name:\t\tadministrator` under `Account For Which Logon
 * Failed:` is `TargetUserName`, and so is `Kontoname:` under `Konto, für das die Anmeldung fehlgeschlagen ist:`;
 * Sysmon writes the field names themselves, in every language), so the Windows mappings and rules read these events
 * as they read the same events exported as XML or JSON.
 */

/** The export's header after its first column (Level, or Keywords in the Security log), as English and German Windows write it. */
const NAMED_HEADERS: readonly (readonly string[])[] = [
  ['date and time', 'source', 'event id', 'task category'],
  ['datum und uhrzeit', 'quelle', 'ereignis-id', 'aufgabenkategorie'],
];
const FIRST_COLUMNS = new Set(['level', 'keywords', 'ebene', 'schlüsselwörter']);
const EVENT_ID_CELL = /^\d{1,5}$/;

/** The header's named cells: the export names five columns (a sixth, the message's, may be there unnamed). */
function namedCells(header: readonly string[]): string[] {
  const cells = header.map((cell) => cell.trim().toLowerCase());
  while (cells.length > 5 && (cells[cells.length - 1] === '' || /^column_\d+$/.test(cells[cells.length - 1]!))) cells.pop();
  return cells;
}

function isNamedHeader(cells: readonly string[]): boolean {
  return cells.length === 5 && FIRST_COLUMNS.has(cells[0]!) && NAMED_HEADERS.some((names) => names.every((name, i) => cells[i + 1] === name));
}

/**
 * An export in a language whose column names are not listed: a header of five names, and rows whose second cell is
 * a date and time, whose fourth is an event id, and which carry a sixth cell (the message) the header does not name.
 */
function hasExportRows(sample: Sample, delimiter: string): boolean {
  const rows = sample.lines.slice(1).filter((line) => line.trim() !== '').slice(0, 1);
  return (
    rows.length > 0 &&
    rows.every((line) => {
      // The message, the sixth cell, is complete on the line or still open (a quoted message runs on over lines).
      const { fields, open } = csvLineStart(line, delimiter);
      const message = fields.length >= 6 || (open && fields.length === 5);
      return message && isExportTime(fields[1]!) && EVENT_ID_CELL.test(fields[3]!.trim());
    })
  );
}

function sniff(sample: Sample): number {
  if (sample.csv === undefined) return 0;
  const cells = namedCells(sample.csv.header);
  if (isNamedHeader(cells)) return 0.95;
  return cells.length === 5 && cells.every((cell) => cell !== '') && hasExportRows(sample, sample.csv.delimiter) ? 0.9 : 0;
}

// ---- Time: the locale's date, with a 12-hour clock (US: month first) or a 24-hour one (day first).
/** Also Log Analytics' `11/23/2024, 10:00:01.123 AM` (a comma after the date, milliseconds). */
const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}),?[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(?:\s*([AaPp])\.?[Mm]\.?)?$/;
/** Year first, as East Asian locales write it: `2026/11/23 8:01:02`. */
const YEAR_FIRST = /^(\d{4})([/.])(\d{1,2})\2(\d{1,2}) +(\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?$/;
const pad = (n: number): string => String(n).padStart(2, '0');

function isExportTime(value: string): boolean {
  const trimmed = value.trim();
  return SLASHED.test(trimmed) || YEAR_FIRST.test(trimmed) || /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/.test(trimmed);
}

/** The export's local time as ISO text without a zone, or the text itself when it is in no layout known here. */
export function exportTime(value: string): string {
  const trimmed = value.trim();
  const y = YEAR_FIRST.exec(trimmed);
  if (y !== null) {
    const [, year, , month, day, h, minute, second = '00', fraction = ''] = y;
    return `${year!}-${pad(Number(month))}-${pad(Number(day))}T${pad(Number(h))}:${minute!}:${second}${fraction}`;
  }
  const m = SLASHED.exec(trimmed);
  if (m === null) return trimmed;
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
/**
 * `Key:` and a value, after the tabs that indent it (Sysmon: `Image: C:\…`). Keys in other languages have accents,
 * commas and apostrophes, French puts a space before the colon, and German Windows writes `Unterstatus::`.
 */
const FIELD_LINE = /^(\t*)(\p{L}[\p{L}\p{N} ()./',’-]{0,80}?)[ \t]*:(?::(?=[ \t]|$))?[ \t]*(.*)$/u;
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

/**
 * The fields a rendered message holds, by EventData name. Sysmon's are named; Security's are looked up by section,
 * or in `labels` (the Filtering Platform's, NPS's): `<section>/<label>` first, then the label in any section.
 */
export function renderedFields(message: string, sysmon: boolean, labels?: Readonly<Record<string, string>>): Record<string, string> {
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
    const lower = englishLabel(key);
    if (tabs === '' && value === '') {
      section = lower;
      continue;
    }
    const name = labels !== undefined ? (ownValue(labels, `${section}/${lower}`) ?? ownValue(labels, lower)) : (securityName(tabs === '' ? '' : section, lower) ?? securityName(section, lower));
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

/**
 * The Filtering Platform's events (5031, 5150–5159) have labels of their own, in every section: `Source Port:` is
 * not a logon's `IpPort`, `Application Name:` is the program.
 */
const WFP_LABELS: Readonly<Record<string, string>> = {
  'process id': 'ProcessId',
  'application name': 'Application',
  direction: 'Direction',
  'source address': 'SourceAddress',
  'source port': 'SourcePort',
  'destination address': 'DestAddress',
  'destination port': 'DestPort',
  protocol: 'Protocol',
  'filter run-time id': 'FilterRTID',
  'layer name': 'LayerName',
  'layer run-time id': 'LayerRTID',
  'remote user id': 'RemoteUserID',
  'remote machine id': 'RemoteMachineID',
};
const isWfp = (eventId: number) => eventId === 5031 || (eventId >= 5150 && eventId <= 5159);

/**
 * Network Policy Server's decisions (6272–6278) name two accounts, the user's and the client machine's, with the same
 * labels: `<section>/<label>` names a label in one section.
 */
const NPS_LABELS: Readonly<Record<string, string>> = {
  'user/security id': 'SubjectUserSid',
  'user/account name': 'SubjectUserName',
  'user/account domain': 'SubjectDomainName',
  'user/fully qualified account name': 'FullyQualifiedSubjectUserName',
  'client machine/security id': 'SubjectMachineSID',
  'client machine/account name': 'SubjectMachineName',
  'client machine/fully qualified account name': 'FullyQualifiedSubjectMachineName',
  'called station identifier': 'CalledStationID',
  'calling station identifier': 'CallingStationID',
  'nas ipv4 address': 'NASIPv4Address',
  'nas ipv6 address': 'NASIPv6Address',
  'nas identifier': 'NASIdentifier',
  'nas port-type': 'NASPortType',
  'nas port': 'NASPort',
  'client friendly name': 'ClientName',
  'client ip address': 'ClientIPAddress',
  'connection request policy name': 'ProxyPolicyName',
  'network policy name': 'NetworkPolicyName',
  'authentication provider': 'AuthenticationProvider',
  'authentication server': 'AuthenticationServer',
  'authentication type': 'AuthenticationType',
  'eap type': 'EAPType',
  'account session identifier': 'AccountSessionIdentifier',
  'logging results': 'LoggingResult',
  'reason code': 'ReasonCode',
  reason: 'Reason',
  'quarantine state': 'QuarantineState',
  'extended quarantine state': 'ExtendedQuarantineState',
  'quarantine session id': 'QuarantineSessionID',
};
const isNps = (eventId: number) => eventId >= 6272 && eventId <= 6278;

/** Labels whose name is not the event's EventData name: 7045 renders 4697's labels (`Service File Name:`). */
const RENAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'service control manager 7045': { ServiceFileName: 'ImagePath', ServiceStartType: 'StartType', ServiceAccount: 'AccountName' },
  'microsoft-windows-security-auditing 4673': { ServiceName: 'Service' },
};

/**
 * The template's slot of a name read from a message: the same name in the template's case, or a `Subject` section's
 * account where the event names its `Target` (4634, 4647) or only the account (5447).
 */
function slotOf(name: string, slots: ReadonlyMap<string, Slot>): Slot | undefined {
  const lower = name.toLowerCase();
  const same = slots.get(lower);
  if (same !== undefined || !lower.startsWith('subject')) return same;
  const rest = lower.slice('subject'.length);
  return slots.get(`target${rest}`) ?? slots.get(rest);
}

const HEX_VALUE = /^0x[0-9a-f]{1,16}$/i;

/**
 * Names and values read from a message brought to the event's template, so they are those of the event's EVTX or
 * XML form: the template's names (`ProcessID` in 5156), and numbers Windows renders in lower-case hex (`0xc61d9`,
 * where the message shows `0xC61D9`).
 */
function fitted(data: Record<string, string>, provider: string, eventId: number): Record<string, string> {
  const renames = ownValue(RENAMES, `${provider} ${String(eventId)}`);
  const slots = newestSlotsByName(provider, eventId);
  if (slots.size === 0 && renames === undefined) return data;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    const named = (renames === undefined ? undefined : ownValue(renames, key)) ?? key;
    const slot = slotOf(named, slots);
    const text = slot?.kind === 'hex' && HEX_VALUE.test(value) ? value.toLowerCase() : value;
    const name = slot?.name ?? named;
    if (!Object.hasOwn(out, name)) setOwn(out, name, text);
  }
  return out;
}

export function dataOf(message: string | undefined, provider: string | undefined, eventId: number): Record<string, string> {
  if (message === undefined) return {};
  const source = provider?.toLowerCase();
  if (eventId === 4104 && source === 'microsoft-windows-powershell') {
    const block = scriptBlockFields(message);
    if (block !== undefined) return block;
  }
  const security = source === 'microsoft-windows-security-auditing';
  const labels = !security ? undefined : isWfp(eventId) ? WFP_LABELS : isNps(eventId) ? NPS_LABELS : undefined;
  const data = labels !== undefined ? renderedFields(message, false, labels) : renderedFields(message, source === 'microsoft-windows-sysmon');
  return source === undefined ? data : fitted(data, source, eventId);
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
    case 'eventlog':
    case 'user32':
      return 'System';
    case 'microsoft-windows-eventlog':
      return SECURITY_EVENTLOG_IDS.has(eventId) ? 'Security' : 'System';
    case 'msiinstaller':
    case 'application error':
    case 'application hang':
    case 'windows error reporting':
      return 'Application';
    case 'microsoft-windows-terminalservices-clientactivexcore':
      return 'Microsoft-Windows-TerminalServices-RDPClient/Operational';
    case 'microsoft-windows-winrm':
      return 'Microsoft-Windows-WinRM/Operational';
    default:
      // SQL Server writes to the Application log as MSSQLSERVER or MSSQL$<instance>.
      return provider?.toLowerCase().startsWith('mssql') === true ? 'Application' : undefined;
  }
}

const KEYWORDS_HEADERS = new Set(['keywords', 'schlüsselwörter']);

/**
 * A row's cells by position: the export's columns are always Level (or Keywords), Date and Time, Source, Event ID and
 * Task Category, then the message, whatever language names them.
 */
interface ExportRow {
  first: string | undefined;
  firstIsKeywords: boolean;
  time: string | undefined;
  source: string | undefined;
  eventId: string | undefined;
  /** The header's name of the Event ID column: a row repeating it is a header (exports concatenated). */
  eventIdName: string;
  task: string | undefined;
  message: string | undefined;
}

function exportRow(row: Record<string, unknown>): ExportRow {
  const keys = Object.keys(row);
  const cell = (i: number): string | undefined => (keys[i] === undefined ? undefined : text(row[keys[i]]));
  const first = cell(0);
  return {
    first,
    firstIsKeywords: KEYWORDS_HEADERS.has(keys[0]?.trim().toLowerCase() ?? '') || (first !== undefined && auditOutcome(first) !== undefined),
    time: cell(1),
    source: cell(2),
    eventId: cell(3),
    eventIdName: keys[3]?.trim() ?? '',
    task: cell(4),
    message: cell(5),
  };
}

export const windowsCsvFormat = defineFormat({
  id: 'windows-csv',
  title: 'Windows Event Viewer CSV export',
  description:
    "Event Viewer's \"Save All Events As… CSV\" (Level or Keywords, Date and Time, Source, Event ID, Task Category, message; " +
    'in any display language): the rendered message read back into the event\'s fields for the Security, Sysmon, System and ' +
    'PowerShell mappings, Security labels in English, German, French, Spanish and Italian',
  framing: 'csv',
  sniff,
  createParser: () => ({
    parse(record) {
      if (!isObject(record.value)) return reject('not a CSV row');
      const row = exportRow(record.value);
      const eventId = eventIdOf(row.eventId);
      if (eventId === undefined) return row.eventId !== undefined && row.eventId.trim() === row.eventIdName ? META : reject('no Event ID');
      const provider = row.source;
      const message = row.message;
      const level = row.firstIsKeywords ? undefined : row.first;
      const keywords = row.firstIsKeywords ? row.first : undefined;
      const winRecord: WinRecord = {
        eventId,
        provider,
        channel: channelOf(provider, eventId),
        time: row.time === undefined ? undefined : exportTime(row.time),
        message,
        data: dataOf(message, provider, eventId),
        audit: auditOutcome(row.first),
      };
      const draft = buildDraft(winRecord);
      draft.fields.labels = { ...draft.fields.labels, ...labelsOf({ 'winlog.level': level, 'winlog.keywords': keywords, 'winlog.task': row.task }) };
      return events(draft);
    },
  }),
  logsources: [{ product: 'windows', service: 'security' }, { product: 'windows', service: 'system' }, { product: 'windows', category: 'process_creation' }, { product: 'windows', category: 'ps_script' }],
});
