import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, isObject, reject, sniffByShare, type Draft, type FormatParser, type RawRecord, type Sample } from '../format.ts';
import { transportName } from '../iana-transport.ts';
import { baseName, compact, int, ip, ownStr, port, str } from '../values.ts';
import { addRowLabels, rowText } from './flat-row.ts';
import { kebab } from './defender-xdr.ts';

/**
 * CrowdStrike Falcon's raw sensor events, as Falcon Data Replicator delivers them (JSON lines, one event each,
 * named by `event_simpleName`) and as Event Search exports them (CSV or JSON): process starts (`ProcessRollup2`),
 * connections, DNS requests, files written, logons and registry autoruns go to the schema, so the Sigma rules written
 * for Sysmon read an endpoint's Falcon events too (Windows, Linux and macOS sensors: the paths tell which product's
 * rules apply). Paths are the sensor's (`\Device\HarddiskVolume3\Windows\…`): rules that match a path's end or a part
 * of it read them, rules that match a drive letter do not. The sensor's time (`ContextTimeStamp`, a process's start)
 * is the event's, else FDR's `timestamp` (milliseconds).
 */

type Row = Record<string, unknown>;
type Kind = 'process-start' | 'process-end' | 'network' | 'dns' | 'file-write' | 'file-delete' | 'logon' | 'registry' | 'other';

const PROCESS_STARTS = new Set(['ProcessRollup2', 'SyntheticProcessRollup2', 'ProcessRollup2Stats']);
const PROCESS_ENDS = new Set(['EndOfProcess', 'TerminateProcess']);
const NETWORK = /^Network(?:Connect|Accept)IP[46]$/;
const LOGONS = new Set(['UserLogon', 'UserLogonFailed', 'UserLogonFailed2']);
const REGISTRY = /^(?:AsepValueUpdate|RegGenericValueUpdate|RegSystemConfigValueUpdate|RegKeySecurityDecreased|RegCrashDumpConfigValueUpdate)$/;

function kindOf(name: string): Kind {
  if (PROCESS_STARTS.has(name)) return 'process-start';
  if (PROCESS_ENDS.has(name)) return 'process-end';
  if (NETWORK.test(name)) return 'network';
  if (name === 'DnsRequest' || name === 'SuspiciousDnsRequest') return 'dns';
  if (name.endsWith('FileWritten')) return 'file-write';
  if (name === 'FileDeleteInfo' || name === 'FileDeleted') return 'file-delete';
  if (LOGONS.has(name)) return 'logon';
  if (REGISTRY.test(name)) return 'registry';
  return 'other';
}

/** Identifiers that look like hashes or addresses to the indicator scan and say nothing of the activity. */
const NOT_INDICATORS = new Set([
  'aid', 'cid', 'id', 'ConfigBuild', 'ConfigStateHash', 'Tags', 'TargetProcessId', 'ParentProcessId', 'ContextProcessId',
  'SourceProcessId', 'SourceThreadId', 'ContextThreadId', 'AuthenticationId', 'ParentAuthenticationId', 'FileIdentifier',
  'AuthenticodeHashData', 'TreeId', 'SHA1HashData',
]);
/** Columns the schema holds or that only identify the sensor's records; the others are labels. */
const NOT_LABELS = new Set([
  'event_simpleName', 'timestamp', 'ContextTimeStamp', 'ComputerName', 'ImageFileName', 'CommandLine', 'RawProcessId',
  'ParentBaseFileName', 'SHA256HashData', 'MD5HashData', 'SHA1HashData', 'UserName', 'UserSid', 'RemoteAddressIP4',
  'RemoteAddressIP6', 'RemotePort', 'LocalAddressIP4', 'LocalAddressIP6', 'LocalPort', 'Protocol', 'DomainName',
  'TargetFileName', 'ContextImageFileName', 'ContextBaseFileName', 'RegObjectName', 'RegValueName', 'RegStringValue',
]);

/** A hash, unless the sensor wrote zeros for one it did not compute. */
function hash(row: Row, key: string): string | undefined {
  const value = ownStr(row, key)?.toLowerCase();
  return value === undefined || /^0+$/.test(value) ? undefined : value;
}

/** Falcon's integrity level RIDs as the names Sysmon writes. */
const INTEGRITY: ReadonlyMap<string, string> = new Map([
  ['0', 'Untrusted'],
  ['4096', 'Low'],
  ['8192', 'Medium'],
  ['8448', 'Medium'],
  ['12288', 'High'],
  ['16384', 'System'],
]);

function processStart(row: Row): EventFields {
  const executable = ownStr(row, 'ImageFileName');
  const user = { name: ownStr(row, 'UserName'), id: ownStr(row, 'UserSid') };
  return {
    event: { category: ['process'], type: ['start'], action: 'process-start' },
    process: {
      name: ownStr(row, 'FileName') ?? baseName(executable),
      executable,
      command_line: ownStr(row, 'CommandLine'),
      pid: int(row.RawProcessId),
      entity_id: ownStr(row, 'TargetProcessId'),
      hash: { md5: hash(row, 'MD5HashData'), sha1: hash(row, 'SHA1HashData'), sha256: hash(row, 'SHA256HashData') },
      integrity_level: INTEGRITY.get(ownStr(row, 'IntegrityLevel') ?? ''),
      parent: { name: ownStr(row, 'ParentBaseFileName'), entity_id: ownStr(row, 'ParentProcessId') },
    },
    user: user.name === undefined && user.id === undefined ? undefined : user,
  };
}

/** The process an event happened in (`Context*`). */
function contextProcess(row: Row): NonNullable<EventFields['process']> {
  const executable = ownStr(row, 'ContextImageFileName');
  return { name: ownStr(row, 'ContextBaseFileName') ?? baseName(executable), executable, entity_id: ownStr(row, 'ContextProcessId') };
}

function networkFields(row: Row, name: string): EventFields {
  const local = { ip: ip(row.LocalAddressIP4 ?? row.LocalAddressIP6), port: port(row.LocalPort) };
  const remote = { ip: ip(row.RemoteAddressIP4 ?? row.RemoteAddressIP6), port: port(row.RemotePort) };
  const inbound = name.startsWith('NetworkAccept') || ownStr(row, 'ConnectionDirection') === '1';
  const protocol = ownStr(row, 'Protocol');
  return {
    event: { category: ['network'], type: ['connection', 'start'], action: 'network-connection' },
    process: contextProcess(row),
    source: inbound ? remote : local,
    destination: inbound ? local : remote,
    network: { transport: transportName(protocol), direction: inbound ? 'inbound' : 'outbound' },
  };
}

/** `\REGISTRY\MACHINE\…` and `\REGISTRY\USER\…` as Sysmon writes keys (`HKLM\…`, `HKU\…`), the value's name after it. */
function registryPath(key: string | undefined, value: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  const path = key.replace(/^\\REGISTRY\\MACHINE(?=\\|$)/i, 'HKLM').replace(/^\\REGISTRY\\USER(?=\\|$)/i, 'HKU');
  return value === undefined ? path : `${path}\\${value}`;
}

function fieldsOf(row: Row, name: string, kind: Kind): EventFields {
  switch (kind) {
    case 'process-start':
      return processStart(row);
    case 'process-end':
      return { event: { category: ['process'], type: ['end'], action: 'process-end' }, process: { entity_id: ownStr(row, 'TargetProcessId'), pid: int(row.RawProcessId) } };
    case 'network':
      return networkFields(row, name);
    case 'dns': {
      const answers = ownStr(row, 'IP4Records')?.split(';').filter((answer) => answer !== '');
      return { event: { category: ['network'], type: ['protocol', 'info'], action: 'dns-query' }, process: contextProcess(row), dns: { question: { name: ownStr(row, 'DomainName') }, answers } };
    }
    case 'file-write':
    case 'file-delete':
      return {
        event: { category: ['file'], type: [kind === 'file-write' ? 'creation' : 'deletion'], action: kind === 'file-write' ? 'file-written' : 'file-deleted' },
        file: { path: ownStr(row, 'TargetFileName'), name: baseName(ownStr(row, 'TargetFileName')) },
        process: contextProcess(row),
        user: { name: ownStr(row, 'UserName') },
      };
    case 'logon':
      return {
        event: { category: ['authentication'], type: ['start'], action: 'login', outcome: name === 'UserLogon' ? 'success' : 'failure' },
        user: { name: ownStr(row, 'UserName'), domain: ownStr(row, 'LogonDomain'), id: ownStr(row, 'UserSid') },
        source: { ip: ip(row.RemoteAddressIP4 ?? row.RemoteAddressIP6), port: port(row.RemotePort) },
      };
    case 'registry':
      return {
        event: { category: ['registry'], type: ['change'], action: 'registry-set-value' },
        registry: { path: registryPath(ownStr(row, 'RegObjectName'), ownStr(row, 'RegValueName')), value: ownStr(row, 'RegValueName'), data: ownStr(row, 'RegStringValue') },
        process: contextProcess(row),
      };
    case 'other':
      return { event: { action: kebab(name) }, process: row.ContextProcessId === undefined ? undefined : contextProcess(row) };
  }
}

/** The sensor's time of the event (seconds) or of the process's start, else FDR's receipt time (milliseconds). */
function timeOf(row: Row): string | number | undefined {
  for (const key of ['ContextTimeStamp', 'ProcessStartTime', 'timestamp']) {
    const value = row[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    const found = typeof value === 'string' ? str(value) : undefined;
    if (found !== undefined) return /^\d+(?:\.\d+)?$/.test(found) ? Number(found) : found;
  }
  return undefined;
}

function labelsOf(row: Row, logonType: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  addRowLabels(labels, row, (key) => NOT_LABELS.has(key));
  if (logonType !== undefined) labels.logon_type = logonType;
  return labels;
}

function isEvent(value: unknown): value is Row {
  return isObject(value) && typeof value.event_simpleName === 'string' && (value.aid !== undefined || value.cid !== undefined || value.ComputerName !== undefined);
}

function draftOf(row: Row): Draft {
  const name = str(row.event_simpleName) ?? '';
  const kind = kindOf(name);
  const fields = fieldsOf(row, name, kind);
  const event = (fields.event ??= {});
  event.code = name;
  event.provider = 'crowdstrike';
  fields.host = { name: ownStr(row, 'ComputerName'), ip: ip(row.LocalAddressIP4) };
  fields.labels = labelsOf(row, kind === 'logon' ? ownStr(row, 'LogonType') : undefined);
  return { time: timeOf(row), dataset: 'crowdstrike.fdr', fields: compact(fields), indicatorText: rowText(row, NOT_INDICATORS) };
}

function createParser(): FormatParser {
  return {
    parse(record: RawRecord) {
      return isEvent(record.value) ? events(draftOf(record.value)) : reject('not a Falcon sensor event (event_simpleName with aid, cid or ComputerName)');
    },
  };
}

const DESCRIPTION = 'process starts, connections, DNS requests, files written, logons and registry autoruns in the schema (read by the Sysmon-written Sigma rules)';

export const crowdstrikeFdrFormat = defineFormat({
  id: 'crowdstrike-fdr',
  title: 'CrowdStrike Falcon sensor events (JSON)',
  description: `Falcon Data Replicator's events and Event Search's JSON export (event_simpleName): ${DESCRIPTION}`,
  framing: 'json',
  sniff: sniffByShare(isEvent),
  createParser,
  logsources: [],
});

export const crowdstrikeFdrCsvFormat = defineFormat({
  id: 'crowdstrike-fdr-csv',
  title: 'CrowdStrike Falcon sensor events (CSV)',
  description: `Event Search's CSV export of sensor events (event_simpleName column): ${DESCRIPTION}`,
  framing: 'csv',
  sniff: (sample: Sample) => {
    const header = new Set(sample.csv?.header ?? []);
    return header.has('event_simpleName') && (header.has('aid') || header.has('ComputerName') || header.has('cid')) ? 0.96 : 0;
  },
  createParser,
  logsources: [],
});
