import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, isObject, reject, sniffByShare, type Draft, type FormatParser, type RawRecord, type Sample } from '../format.ts';
import { ianaTransport } from '../iana-transport.ts';
import { baseName, compact, int, ip, ownStr, port, str } from '../values.ts';
import { addRowLabels, rowText } from './flat-row.ts';

/**
 * Microsoft Defender XDR's advanced hunting tables (Defender for Endpoint's `Device*`, Defender for Identity's
 * `Identity*`), in the shapes they leave Microsoft in: the portal's and the API's rows (JSON, or the portal's CSV
 * export), the same tables copied into Sentinel (`TimeGenerated`, `Type`), and the streaming API's records for Event
 * Hubs and storage (`{"time":…,"category":"AdvancedHunting-DeviceProcessEvents","properties":{…}}`). Each table's
 * columns go to the schema: the process a row is about and the one that started it, files, registry keys and values,
 * connections, logons, so the Sigma rules written for Sysmon's process creations, connections, file, registry and
 * image-load events read an endpoint's Defender records too. Defender for Endpoint also covers Linux and macOS: the
 * paths tell (a Windows rule reads Windows-looking records, a Linux one Unix-looking ones). `Timestamp` is UTC.
 */

type Table = 'process' | 'network' | 'file' | 'registry' | 'image_load' | 'logon' | 'identity_logon' | 'device_event' | 'other';
type Row = Record<string, unknown>;

const TABLES: ReadonlyMap<string, Table> = new Map([
  ['DeviceProcessEvents', 'process'],
  ['DeviceNetworkEvents', 'network'],
  ['DeviceFileEvents', 'file'],
  ['DeviceRegistryEvents', 'registry'],
  ['DeviceImageLoadEvents', 'image_load'],
  ['DeviceLogonEvents', 'logon'],
  ['IdentityLogonEvents', 'identity_logon'],
  ['DeviceEvents', 'device_event'],
]);

const STREAM_PREFIX = 'AdvancedHunting-';

/** The table of a row that does not name one, from its action (and, for logons, the columns only Identity has). */
function tableOfAction(row: Row, action: string): Table {
  if (action === 'ProcessCreated') return 'process';
  if (/^(?:Connection|InboundConnectionAccepted$|ListeningConnectionCreated$|NetworkSignatureInspected$)/.test(action)) return 'network';
  if (/^File(?:Created|Modified|Deleted|Renamed)$/.test(action)) return 'file';
  if (action.startsWith('Registry')) return 'registry';
  if (action === 'ImageLoaded') return 'image_load';
  if (/^Logon(?:Success|Failed|Attempted)$/.test(action)) return row['DestinationDeviceName'] !== undefined || row['IPAddress'] !== undefined ? 'identity_logon' : 'logon';
  return 'device_event';
}

interface Located {
  table: Table;
  tableName?: string;
  row: Row;
  /** The streaming record's own time, for a row without `Timestamp`. */
  time?: unknown;
}

function isRow(row: Row): boolean {
  return (row['Timestamp'] !== undefined || row['TimeGenerated'] !== undefined) && typeof row['ActionType'] === 'string' && (row['DeviceName'] !== undefined || row['DeviceId'] !== undefined || row['AccountUpn'] !== undefined || row['AccountName'] !== undefined);
}

function locate(value: unknown): Located | undefined {
  if (!isObject(value)) return undefined;
  const category = value['category'];
  const properties = value['properties'];
  if (typeof category === 'string' && category.startsWith(STREAM_PREFIX) && isObject(properties)) {
    const tableName = category.slice(STREAM_PREFIX.length);
    const action = str(properties['ActionType']) ?? '';
    return { table: TABLES.get(tableName) ?? (action === '' ? 'other' : tableOfAction(properties, action)), tableName, row: properties, time: value['time'] };
  }
  if (!isRow(value)) return undefined;
  const tableName = str(value['Type']);
  const named = tableName === undefined ? undefined : TABLES.get(tableName);
  return { table: named ?? tableOfAction(value, str(value['ActionType']) ?? ''), tableName, row: value };
}

/** A path from Defender's folder and file name columns: `FolderPath` holds the whole path for most tables, not all. */
function joinPath(folder: string | undefined, name: string | undefined): string | undefined {
  if (folder === undefined) return undefined;
  if (name === undefined) return folder;
  const lowerFolder = folder.toLowerCase();
  const lowerName = name.toLowerCase();
  if (lowerFolder === lowerName || lowerFolder.endsWith(`\\${lowerName}`) || lowerFolder.endsWith(`/${lowerName}`)) return folder;
  const separator = folder.includes('\\') ? '\\' : '/';
  return folder.endsWith(separator) ? `${folder}${name}` : `${folder}${separator}${name}`;
}

type Process = NonNullable<EventFields['process']>;

/** A process out of the columns under a prefix: `''` (the row's own process) or `InitiatingProcess`. */
function processOf(row: Row, prefix: '' | 'InitiatingProcess'): Process {
  const name = ownStr(row, prefix === '' ? 'FileName' : `${prefix}FileName`);
  const executable = joinPath(ownStr(row, prefix === '' ? 'FolderPath' : `${prefix}FolderPath`), name);
  const account = prefix === '' ? 'Account' : `${prefix}Account`;
  const user = { name: ownStr(row, `${account}Name`), domain: ownStr(row, `${account}Domain`) };
  return {
    name: name ?? baseName(executable),
    pid: int(row[prefix === '' ? 'ProcessId' : `${prefix}Id`]),
    executable,
    command_line: ownStr(row, prefix === '' ? 'ProcessCommandLine' : `${prefix}CommandLine`),
    hash: { md5: lower(ownStr(row, `${prefix}MD5`)), sha1: lower(ownStr(row, `${prefix}SHA1`)), sha256: lower(ownStr(row, `${prefix}SHA256`)) },
    user: user.name === undefined ? undefined : user,
    integrity_level: ownStr(row, prefix === '' ? 'ProcessIntegrityLevel' : `${prefix}IntegrityLevel`),
  };
}

const lower = (value: string | undefined) => value?.toLowerCase();

/** The process that started the row's process (the initiating one), and its own parent's name and pid. */
function parentOf(row: Row): Process['parent'] {
  const initiating = processOf(row, 'InitiatingProcess');
  return { name: initiating.name, pid: initiating.pid, executable: initiating.executable, command_line: initiating.command_line };
}

/** The process behind a row of any other table: the initiating process, with its parent's name and pid. */
function actorOf(row: Row): Process {
  const process = processOf(row, 'InitiatingProcess');
  const parentName = ownStr(row, 'InitiatingProcessParentFileName');
  const parentPid = int(row['InitiatingProcessParentId']);
  if (parentName !== undefined || parentPid !== undefined) process.parent = { name: parentName, pid: parentPid };
  return process;
}

const HIVES: ReadonlyArray<[RegExp, string]> = [
  [/^HKEY_LOCAL_MACHINE(?=\\|$)/i, 'HKLM'],
  [/^HKEY_CURRENT_USER(?=\\|$)/i, 'HKCU'],
  [/^HKEY_USERS(?=\\|$)/i, 'HKU'],
  [/^HKEY_CLASSES_ROOT(?=\\|$)/i, 'HKCR'],
  [/^HKEY_CURRENT_CONFIG(?=\\|$)/i, 'HKCC'],
];

/** A key as Sysmon writes it (`HKLM\…`, `HKU\…`), the value's name after it: what Sigma's `TargetObject` is. */
function registryPath(key: string | undefined, valueName: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  let path = key;
  for (const [long, short] of HIVES) path = path.replace(long, short);
  return valueName === undefined ? path : `${path}\\${valueName}`;
}

const REGISTRY_ACTIONS: ReadonlyMap<string, [string, string]> = new Map([
  ['RegistryKeyCreated', ['registry-create-key', 'creation']],
  ['RegistryKeyDeleted', ['registry-delete-key', 'deletion']],
  ['RegistryKeyRenamed', ['registry-rename-key', 'change']],
  ['RegistryValueSet', ['registry-set-value', 'change']],
  ['RegistryValueDeleted', ['registry-delete-value', 'deletion']],
]);

const FILE_TYPES: ReadonlyMap<string, string> = new Map([
  ['FileCreated', 'creation'],
  ['FileModified', 'change'],
  ['FileDeleted', 'deletion'],
  ['FileRenamed', 'change'],
]);

/** Defender's logon type words as Windows' numbers (Sigma's `LogonType`), where they have one. */
const LOGON_TYPES: ReadonlyMap<string, string> = new Map([
  ['interactive', '2'],
  ['network', '3'],
  ['batch', '4'],
  ['service', '5'],
  ['unlock', '7'],
  ['networkcleartext', '8'],
  ['newcredentials', '9'],
  ['remoteinteractive', '10'],
  ['cachedinteractive', '11'],
]);

function transportOf(protocol: string | undefined): string | undefined {
  if (protocol === undefined) return undefined;
  const name = protocol.toLowerCase().replace(/v[46]$/, '');
  return ianaTransport(protocol) ?? name;
}

function networkFields(row: Row, action: string): EventFields {
  const local = { ip: ip(row['LocalIP']), port: port(row['LocalPort']) };
  const remote = { ip: ip(row['RemoteIP']), port: port(row['RemotePort']), domain: remoteHost(ownStr(row, 'RemoteUrl')) };
  const inbound = action === 'InboundConnectionAccepted';
  const outcome = action === 'ConnectionSuccess' || inbound ? 'success' : action === 'ConnectionFailed' ? 'failure' : undefined;
  return {
    event: { category: ['network'], type: ['connection', 'start'], action: 'network-connection', outcome },
    process: actorOf(row),
    source: inbound ? remote : local,
    destination: inbound ? local : remote,
    network: { transport: transportOf(ownStr(row, 'Protocol')), direction: inbound ? 'inbound' : action === 'ListeningConnectionCreated' ? undefined : 'outbound' },
    url: ownStr(row, 'RemoteUrl') === undefined ? undefined : { original: ownStr(row, 'RemoteUrl') },
  };
}

/** `RemoteUrl` is a URL or a bare host name: the host. */
function remoteHost(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const host = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#:]/, 1)[0];
  return host === undefined || host === '' ? undefined : host;
}

/** `AdditionalFields`: a JSON object (written as text in most exports), or undefined. */
function additional(row: Row): Row | undefined {
  const value = row['AdditionalFields'];
  if (isObject(value)) return value;
  if (typeof value !== 'string' || !value.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function deviceEventFields(row: Row, action: string, additionalFields: Row | undefined): EventFields {
  const extra = additionalFields ?? {};
  const fields: EventFields = { event: { action: kebab(action) }, process: actorOf(row) };
  if (action === 'PowerShellCommand') {
    fields.event = { category: ['process'], type: ['info'], action: 'powershell-command' };
    fields.message = str(extra['Command']);
  } else if (action === 'DnsQueryResponse') {
    fields.event = { category: ['network'], type: ['protocol', 'info'], action: 'dns-query' };
    fields.dns = { question: { name: str(extra['DnsQueryString']) } };
  } else if (/^Antivirus/.test(action)) {
    fields.event = { category: ['malware'], type: ['info'], action: kebab(action) };
    fields.rule = { name: str(extra['ThreatName']) };
  }
  const file = joinPath(ownStr(row, 'FolderPath'), ownStr(row, 'FileName'));
  if (file !== undefined) fields.file = { path: file, name: ownStr(row, 'FileName') };
  if (row['RemoteIP'] !== undefined) fields.destination = { ip: ip(row['RemoteIP']), port: port(row['RemotePort']) };
  return fields;
}

/** `ProcessCreated` → `process-created`. */
export function kebab(action: string): string {
  return action.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

function logonFields(row: Row, action: string, identity: boolean): EventFields {
  const outcome = action === 'LogonSuccess' ? 'success' : action === 'LogonFailed' ? 'failure' : undefined;
  const source = identity
    ? { ip: ip(row['IPAddress']), port: port(row['Port']), domain: ownStr(row, 'DeviceName') }
    : { ip: ip(row['RemoteIP']), port: port(row['RemotePort']), domain: ownStr(row, 'RemoteDeviceName') };
  return {
    event: { category: ['authentication'], type: ['start'], action: 'login', outcome, reason: ownStr(row, 'FailureReason') },
    user: { name: ownStr(row, 'AccountName') ?? ownStr(row, 'AccountUpn'), domain: ownStr(row, 'AccountDomain'), id: ownStr(row, 'AccountSid') },
    source,
    process: identity ? undefined : actorOf(row),
    network: { protocol: ownStr(row, 'Protocol')?.toLowerCase() },
  };
}

function fieldsOf(located: Located, action: string, extra: Row | undefined): EventFields {
  const { row, table } = located;
  switch (table) {
    case 'process': {
      const process = processOf(row, '');
      process.parent = parentOf(row);
      return { event: { category: ['process'], type: ['start'], action: 'process-start' }, process, user: process.user === undefined ? undefined : { ...process.user, id: ownStr(row, 'AccountSid') } };
    }
    case 'network':
      return networkFields(row, action);
    case 'file': {
      const type = FILE_TYPES.get(action) ?? 'change';
      return {
        event: { category: ['file'], type: [type], action: kebab(action) },
        file: { path: joinPath(ownStr(row, 'FolderPath'), ownStr(row, 'FileName')), name: ownStr(row, 'FileName') },
        process: actorOf(row),
      };
    }
    case 'registry': {
      const [kind, type] = REGISTRY_ACTIONS.get(action) ?? ['registry-change', 'change'];
      return {
        event: { category: ['registry'], type: [type], action: kind },
        registry: { path: registryPath(ownStr(row, 'RegistryKey'), ownStr(row, 'RegistryValueName')), value: ownStr(row, 'RegistryValueName'), data: ownStr(row, 'RegistryValueData') },
        process: actorOf(row),
      };
    }
    case 'image_load':
      return {
        event: { category: ['library'], type: ['start'], action: 'image-load' },
        file: { path: joinPath(ownStr(row, 'FolderPath'), ownStr(row, 'FileName')), name: ownStr(row, 'FileName') },
        process: actorOf(row),
      };
    case 'logon':
    case 'identity_logon':
      return logonFields(row, action, table === 'identity_logon');
    case 'device_event':
      return deviceEventFields(row, action, extra);
    case 'other':
      return { event: { action: action === '' ? undefined : kebab(action) } };
  }
}

/** Columns that only say where the row was stored, or that the schema holds whatever the table. */
const NOT_LABELS = new Set([
  'Timestamp', 'TimeGenerated', 'DeviceName', 'ActionType', 'Type', 'TenantId', 'SourceSystem', 'AdditionalFields', 'MachineGroup',
  'FileName', 'FolderPath', 'ProcessId', 'ProcessCommandLine', 'ProcessIntegrityLevel', 'AccountName', 'AccountDomain',
  'InitiatingProcessFileName', 'InitiatingProcessFolderPath', 'InitiatingProcessId', 'InitiatingProcessCommandLine',
  'InitiatingProcessAccountName', 'InitiatingProcessAccountDomain', 'InitiatingProcessSHA1', 'InitiatingProcessSHA256',
  'InitiatingProcessMD5', 'InitiatingProcessIntegrityLevel', 'InitiatingProcessParentFileName', 'InitiatingProcessParentId',
  'RemoteIP', 'RemotePort', 'RemoteUrl', 'LocalIP', 'LocalPort', 'RegistryKey', 'RegistryValueName', 'RegistryValueData',
  'FailureReason', 'RemoteDeviceName', 'IPAddress', 'Port', 'DestinationDeviceName',
]);
/** The process's own hashes are schema fields; a file's or a loaded image's stay labels (the schema has no file hash). */
const PROCESS_HASHES = new Set(['SHA1', 'SHA256', 'MD5']);
/**
 * Identifiers that look like hashes or addresses to the indicator scan (`DeviceId` is 40 hex digits, a SHA-1's
 * shape) and say nothing of the activity: left out of the text indicators are taken from.
 */
const NOT_INDICATORS = new Set(['DeviceId', 'ReportId', 'AccountObjectId', 'InitiatingProcessAccountObjectId', 'AppGuardContainerId', 'TenantId', 'LogonId', 'InitiatingProcessLogonId', 'tenantId']);

function labelsOf(located: Located, fields: EventFields, extra: Row | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  if (located.tableName !== undefined) labels['defender.table'] = located.tableName;
  const processHashes = located.table === 'process';
  addRowLabels(labels, located.row, (key) => NOT_LABELS.has(key) || key.startsWith('_') || (processHashes && PROCESS_HASHES.has(key)));
  if (extra !== undefined) addRowLabels(labels, extra, () => false, 'AdditionalFields.');
  const logonType = ownStr(located.row, 'LogonType');
  const number = logonType === undefined ? undefined : LOGON_TYPES.get(logonType.toLowerCase().replace(/\s+/g, ''));
  if (number !== undefined) labels['logon_type'] = number;
  if (fields.event?.category?.includes('authentication') === true && logonType !== undefined) labels['logon_type_name'] = logonType;
  return labels;
}

function draftOf(located: Located): Draft {
  const { row } = located;
  const action = str(row['ActionType']) ?? '';
  // `AdditionalFields` is JSON text in most exports: parsed once for the fields and the labels.
  const extra = additional(row);
  const fields = fieldsOf(located, action, extra);
  fields.host = { name: ownStr(row, located.table === 'identity_logon' ? 'DestinationDeviceName' : 'DeviceName') ?? ownStr(row, 'DeviceName') };
  fields.labels = labelsOf(located, fields, extra);
  const time = row['Timestamp'] ?? row['TimeGenerated'] ?? located.time;
  const draft: Draft = { dataset: `defender.${located.table}`, fields: compact(fields), indicatorText: rowText(row, NOT_INDICATORS) };
  const timeText = typeof time === 'string' ? str(time) : undefined;
  if (timeText !== undefined) {
    draft.time = timeText;
    draft.timeIsUtc = true;
  }
  return draft;
}

function createParser(): FormatParser {
  return {
    parse(record: RawRecord) {
      const located = locate(record.value);
      return located === undefined ? reject('not a Defender XDR advanced hunting row (Timestamp, ActionType, DeviceName)') : events(draftOf(located));
    },
  };
}


function sniffCsv(sample: Sample): number {
  const header = new Set(sample.csv?.header ?? []);
  const timed = header.has('Timestamp') || header.has('TimeGenerated');
  const placed = header.has('DeviceName') || header.has('DeviceId') || header.has('AccountUpn');
  const defender = header.has('ReportId') || header.has('DeviceId') || [...header].some((name) => name.startsWith('InitiatingProcess'));
  return timed && placed && defender && header.has('ActionType') ? 0.96 : 0;
}

const DESCRIPTION =
  "advanced hunting rows of Defender for Endpoint's Device* and Defender for Identity's logon tables: processes and " +
  'their parents, files, registry, connections, image loads and logons in the schema (read by the Sysmon-written Sigma rules)';

export const defenderXdrFormat = defineFormat({
  id: 'defender-xdr',
  title: 'Microsoft Defender XDR advanced hunting (JSON)',
  description: `The API's and Sentinel's rows and the streaming API's records (category AdvancedHunting-*): ${DESCRIPTION}`,
  framing: 'json',
  sniff: sniffByShare((value) => locate(value) !== undefined),
  createParser,
  logsources: [],
});

export const defenderXdrCsvFormat = defineFormat({
  id: 'defender-xdr-csv',
  title: 'Microsoft Defender XDR advanced hunting (CSV)',
  description: `The portal's CSV export of a hunting query: ${DESCRIPTION}`,
  framing: 'csv',
  sniff: sniffCsv,
  createParser,
  logsources: [],
});
