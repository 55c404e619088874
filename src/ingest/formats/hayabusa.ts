import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, isObject, META, PENDING, reject, valueShare, type Draft, type FormatDefinition, type FormatParser, type ParseOutcome, type RawRecord, type Sample } from '../format.ts';
import { compact, domainUser, int, ip, port, setOwn, str } from '../values.ts';
import { ruleLevelSeverity } from './rule-level.ts';

/**
 * Hayabusa's timelines (`hayabusa csv-timeline` / `json-timeline`, any profile): one detection per row, a Sigma or
 * Hayabusa rule that matched a Windows event. `Timestamp` (`2024-11-23 10:00:00.123 +09:00` by default; ISO 8601,
 * RFC 3339, RFC 2822, the US layout with AM/PM, and the 24-hour US and European ones in the file's day order too), `RuleTitle`, `Level` (`crit`, `high`, `med`, `low`, `info`),
 * `Computer`, `Channel` (abbreviated: `Sec`, `Sysmon`, `PwSh` …), `EventID`, `RecordID`, `Details` (`Key: value ¦ …`
 * in CSV, an object in JSON, with Hayabusa's short names: `Cmdline`, `Proc`, `TgtUser` …), the MITRE ATT&CK tactics
 * and tags, the rule and EVTX files. Each row is an event of the detection (`event.category: intrusion_detection`,
 * the rule as `rule`, the level as severity) with the process, users and addresses its details name, and every
 * detail as a `hayabusa.*` label: another tool's verdict to search and put on the timeline, not a Vigil alert.
 */


/** Hayabusa's channel abbreviations (config/channel_abbreviations.txt) and the channel each stands for. */
const CHANNELS: ReadonlyMap<string, string> = new Map([
  ['App', 'Application'], ['DNS-Svr', 'DNS Server'], ['KeyMgtSvc', 'Key Management Service'], ['SvcBusCli', 'Microsoft-ServiceBus-Client'],
  ['CodeInteg', 'Microsoft-Windows-CodeIntegrity/Operational'], ['LDAP-Cli', 'Microsoft-Windows-LDAP-Client/Debug'],
  ['BitsCli', 'Microsoft-Windows-Bits-Client/Operational'], ['DHCP-Svr', 'Microsoft-Windows-DHCP-Server/Operational'],
  ['DvrFmwk', 'Microsoft-Windows-DriverFrameworks-UserMode/Operational'], ['NTLM', 'Microsoft-Windows-NTLM/Operational'],
  ['SmbCliSec', 'Microsoft-Windows-SmbClient/Security'], ['Sysmon', 'Microsoft-Windows-Sysmon/Operational'],
  ['TaskSch', 'Microsoft-Windows-TaskScheduler/Operational'], ['RDP-Client', 'Microsoft-Windows-TerminalServices-RDPClient/Operational'],
  ['PrintAdm', 'Microsoft-Windows-PrintService/Admin'], ['PrintOp', 'Microsoft-Windows-PrintService/Operational'],
  ['PwSh', 'Microsoft-Windows-PowerShell/Operational'], ['Defender', 'Microsoft-Windows-Windows Defender/Operational'],
  ['Firewall', 'Microsoft-Windows-Windows Firewall With Advanced Security/Firewall'], ['WinRM', 'Microsoft-Windows-WinRM/Operational'],
  ['WMI', 'Microsoft-Windows-WMI-Activity/Operational'], ['Exchange', 'MSExchange Management'], ['OpenSSH', 'OpenSSH/Operational'],
  ['Sec', 'Security'], ['Sys', 'System'], ['PwShClassic', 'Windows PowerShell'],
]);

const MONTHS: Readonly<Record<string, string>> = { Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06', Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12' };
const RFC_2822 = /^(?:[A-Z][a-z]{2}, )?(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?) ([+-]\d{2}):?(\d{2})$/;
const US_TIME = /^(\d{2})-(\d{2})-(\d{4}) (\d{1,2}):(\d{2}:\d{2}(?:\.\d{1,9})?) ([AP]M) ([+-]\d{2}:?\d{2})$/;
/** `--US-military-time` (`11-23-2024 22:00:00.123 +09:00`, month first) and `--European-time` (`23-11-2024 …`, day first): one shape. */
const NUMERIC_24H = /^(\d{2})-(\d{2})-(\d{4}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?) ([+-]\d{2}):?(\d{2})$/;
/** Rows held while a file's day order is unknown; past this many they go on without a time. */
const MAX_HELD = 10_000;
/** The separator of CSV details (`Cmdline: … ¦ Proc: …`). */
const DETAIL_SEPARATOR = ' ¦ ';
const DETAIL = /^([A-Za-z][A-Za-z0-9_.-]{0,63}): ?([\s\S]*)$/;
const MAX_DETAILS = 200;

/** A timestamp the normaliser reads: the layouts it does not know rewritten as ISO 8601. */
export function hayabusaTime(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (text === undefined || text === '') return undefined;
  const rfc = RFC_2822.exec(text);
  if (rfc !== null && Object.hasOwn(MONTHS, rfc[2]!)) return `${rfc[3]!}-${MONTHS[rfc[2]!]!}-${rfc[1]!.padStart(2, '0')}T${rfc[4]!}${rfc[5]!}:${rfc[6]!}`;
  const us = US_TIME.exec(text);
  if (us !== null) {
    const hour = Number(us[4]) % 12 + (us[6] === 'PM' ? 12 : 0);
    return `${us[3]!}-${us[1]!}-${us[2]!}T${String(hour).padStart(2, '0')}:${us[5]!}${us[7]!}`;
  }
  return text;
}

type DayOrder = 'month-first' | 'day-first';

/** What a 24-hour numeric timestamp says of its file's day order: `ambiguous` when both numbers could be the month. */
function dayOrderOf(m: RegExpExecArray | null): DayOrder | 'ambiguous' {
  if (m === null) return 'ambiguous';
  if (Number(m[1]) > 12) return 'day-first';
  if (Number(m[2]) > 12) return 'month-first';
  return 'ambiguous';
}

function numericTime(m: RegExpExecArray, order: DayOrder): string {
  const [, a, b, year, clock, hours, minutes] = m;
  const [month, day] = order === 'month-first' ? [a!, b!] : [b!, a!];
  return `${year!}-${month}-${day}T${clock!}${hours!}:${minutes!}`;
}

/** `Key: value ¦ Key: value` (CSV) or an object (JSON) as pairs; a value holding ` ¦ ` in CSV cannot be told apart. */
export function detailPairs(value: unknown): [string, string][] {
  const pairs: [string, string][] = [];
  if (isObject(value)) {
    for (const [key, detail] of Object.entries(value)) {
      const text = Array.isArray(detail) ? (detail as unknown[]).map(str).filter((v) => v !== undefined).join(', ') : str(detail);
      if (text !== undefined && pairs.length < MAX_DETAILS) pairs.push([key, text]);
    }
    return pairs;
  }
  const text = str(value);
  if (text === undefined || text === '-') return pairs;
  // Part by part, up to the cap: a row of endless separators is not split whole.
  for (let at = 0; at <= text.length && pairs.length < MAX_DETAILS; ) {
    const end = text.indexOf(DETAIL_SEPARATOR, at);
    const part = text.slice(at, end < 0 ? text.length : end);
    at = end < 0 ? text.length + 1 : end + DETAIL_SEPARATOR.length;
    const m = DETAIL.exec(part.trim());
    const detail = m?.[2]?.trim();
    if (m !== null && detail !== undefined && detail !== '' && detail !== '-' && detail !== 'n/a') pairs.push([m[1]!, detail]);
  }
  return pairs;
}

/** The schema fields Hayabusa's detail names hold (its abbreviations, config/eventkey_alias.txt's output names). */
function detailFields(details: ReadonlyMap<string, string>): EventFields {
  const get = (...keys: string[]) => {
    for (const key of keys) {
      const value = str(details.get(key));
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const user = domainUser(get('User', 'SrcUser', 'SubjectUser'));
  const target = domainUser(get('TgtUser', 'TargetUser'));
  return {
    process: {
      command_line: get('Cmdline', 'CmdLine', 'CommandLine'),
      executable: get('Proc', 'Image', 'SrcProc'),
      pid: int(get('PID', 'Pid')),
      parent: { command_line: get('ParentCmdline', 'ParentCmdLine'), executable: get('ParentProc', 'ParentImage') },
    },
    user: { ...user, target: target === undefined ? undefined : { name: target.name, domain: target.domain } },
    source: { ip: ip(get('SrcIP', 'SrcIp', 'IpAddress')), port: port(get('SrcPort')), domain: get('SrcComp', 'WorkstationName') },
    destination: { ip: ip(get('TgtIP', 'DstIP', 'DestIP')), port: port(get('TgtPort', 'DstPort', 'DestPort')), domain: get('TgtHost', 'DstHost') },
    file: { path: get('TgtFile', 'TargetFilename') },
    service: { name: get('Svc', 'SvcName', 'ServiceName') },
  };
}

type Row = Readonly<Record<string, unknown>>;

/** A value by the column names the profiles use (the Timesketch profile renames some). */
function cell(row: Row, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = Object.hasOwn(row, key) ? str(row[key]) : undefined;
    if (value !== undefined && value !== '' && value !== '-') return value;
  }
  return undefined;
}

function isHayabusaRow(row: Row): boolean {
  return cell(row, 'RuleTitle', 'message') !== undefined && Object.hasOwn(row, 'Level') && Object.hasOwn(row, 'Computer') && Object.hasOwn(row, 'EventID');
}

export function hayabusaDraft(row: Row): Draft {
  const level = cell(row, 'Level');
  const channel = cell(row, 'Channel');
  const details = new Map<string, string>();
  for (const source of ['Details', 'ExtraFieldInfo', 'AllFieldInfo']) {
    if (!Object.hasOwn(row, source)) continue;
    for (const [key, value] of detailPairs(row[source])) if (!details.has(key)) details.set(key, value);
  }
  const labels: Record<string, string> = {};
  for (const [key, value] of details) setOwn(labels, `hayabusa.${key}`, value);
  for (const [column, label] of [['Level', 'level'], ['MitreTactics', 'mitre_tactics'], ['MitreTags', 'mitre_tags'], ['OtherTags', 'other_tags'], ['RuleFile', 'rule_file'], ['EvtxFile', 'evtx_file'], ['RuleAuthor', 'rule_author'], ['Provider', 'provider']] as const) {
    const value = Object.hasOwn(row, column) ? row[column] : undefined;
    const text = Array.isArray(value) ? (value as unknown[]).map(str).filter((v) => v !== undefined).join(', ') : str(value);
    if (text !== undefined && text !== '' && text !== '-') setOwn(labels, `hayabusa.${label}`, text);
  }
  const title = cell(row, 'RuleTitle', 'message');
  const fields: EventFields = {
    ...detailFields(details),
    event: { category: ['intrusion_detection'], type: ['indicator'], action: 'hayabusa-detection', provider: 'hayabusa', severity: ruleLevelSeverity(level), code: cell(row, 'EventID') },
    rule: { name: title, id: cell(row, 'RuleID') },
    message: title,
    host: { name: cell(row, 'Computer') },
    winlog: {
      channel: channel === undefined ? undefined : (CHANNELS.get(channel) ?? channel),
      event_id: int(cell(row, 'EventID')),
      record_id: cell(row, 'RecordID'),
      computer_name: cell(row, 'Computer'),
    },
    labels,
  };
  const draft: Draft = { dataset: 'hayabusa', fields: compact(fields) };
  const time = hayabusaTime(cell(row, 'Timestamp', 'datetime'));
  if (time !== undefined) draft.time = time;
  return draft;
}

/**
 * One file's rows. In the two 24-hour numeric layouts the day order is the file's (the option Hayabusa ran with):
 * the first timestamp whose first number is over 12 says day first, whose second is, month first. The sample
 * usually tells; until a row does, rows are held (at most MAX_HELD), then all go out with their times. A file
 * whose every date could be either keeps its rows without a time rather than guess.
 */
class HayabusaParser implements FormatParser {
  private order: DayOrder | undefined;
  /** Rows waiting for the order, with their timestamps' parts. */
  private held: { draft: Draft; time: RegExpExecArray }[] = [];

  constructor(sample: Sample | undefined) {
    this.order = sampleTimestamps(sample)
      .map((text) => dayOrderOf(NUMERIC_24H.exec(text)))
      .find((found) => found !== 'ambiguous');
  }

  parse(record: RawRecord): ParseOutcome {
    if (!isObject(record.value)) return reject('not a Hayabusa row');
    if (Object.values(record.value).every((value) => value === '' || value === undefined)) return META;
    if (!isHayabusaRow(record.value)) return reject('not a Hayabusa detection (no RuleTitle, Level, Computer and EventID)');
    const draft = hayabusaDraft(record.value);
    const numeric = NUMERIC_24H.exec(cell(record.value, 'Timestamp', 'datetime') ?? '');
    if (numeric === null) return events(draft);
    if (this.order === undefined) {
      const order = dayOrderOf(numeric);
      if (order === 'ambiguous' && this.held.length < MAX_HELD) {
        draft.line = record.line;
        draft.offset = record.offset;
        draft.original = record.text;
        this.held.push({ draft, time: numeric });
        return PENDING;
      }
      if (order !== 'ambiguous') this.order = order;
    }
    if (this.order !== undefined) draft.time = numericTime(numeric, this.order);
    return events(...this.release(), draft);
  }

  flush(): Draft[] {
    return this.release();
  }

  /** The held rows, with their times once the order is known (without them otherwise). */
  private release(): Draft[] {
    const order = this.order;
    const drafts = this.held.map(({ draft, time }) => {
      if (order !== undefined) draft.time = numericTime(time, order);
      return draft;
    });
    this.held = [];
    return drafts;
  }
}

/** The sampled rows' timestamps (CSV rows, or JSON records). */
function sampleTimestamps(sample: Sample | undefined): string[] {
  if (sample === undefined) return [];
  const rows: unknown[] = [...(sample.csv?.rows ?? []), ...sample.values];
  return rows.flatMap((row) => {
    const text = isObject(row) ? cell(row, 'Timestamp', 'datetime') : undefined;
    return text === undefined ? [] : [text];
  });
}

function csvSniff(sample: Sample): number {
  const header = new Set(sample.csv?.header.map((column) => column.trim()) ?? []);
  const titled = header.has('RuleTitle') || (header.has('message') && header.has('timestamp_desc'));
  return titled && header.has('Level') && header.has('Computer') && header.has('Channel') && header.has('EventID') ? 0.95 : 0;
}

const description = "Hayabusa's csv-timeline and json-timeline output: each detection with its rule, level, computer, channel, event id and details";

export const hayabusaFormat: FormatDefinition = defineFormat({
  id: 'hayabusa',
  title: 'Hayabusa timeline (CSV)',
  description,
  framing: 'csv',
  sniff: csvSniff,
  createParser: (ctx) => new HayabusaParser(ctx.sample),
  logsources: [],
});

export const hayabusaJsonFormat: FormatDefinition = defineFormat({
  id: 'hayabusa-json',
  title: 'Hayabusa timeline (JSON)',
  description,
  framing: 'json',
  sniff: (sample) => {
    const share = valueShare(sample, isHayabusaRow);
    // Its rows name an event's EventID, Computer and Channel as the flat Windows dialect does: the rule title and level say more.
    return share < 0.5 ? 0 : 0.98 * share;
  },
  createParser: (ctx) => new HayabusaParser(ctx.sample),
  logsources: [],
});
