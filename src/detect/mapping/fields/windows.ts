import type { VigilEvent } from '../../../schema/event.ts';
import type { FieldGetter } from '../../types.ts';
import { eventData, first, label, labelAnyCase, ownText, path } from '../read.ts';
import { account, hashesText, hashFrom, parentImage, processImage, userAccount } from './derived.ts';
import { taxonomy, type FieldDef, type Taxonomy } from './taxonomy.ts';

/**
 * Windows names. A Windows event is read raw: the Sigma name is the EventData name (any name not listed
 * here too, see fields/index.ts), so Sysmon and Security rules see exactly what the event log wrote.
 * Listed here: the System block names, values our reader derived, and for records of other formats
 * selected by a Windows logsource (a JSON or CSV process record from an EDR) the equivalent schema field.
 */

/** Windows reads that are not plain EventData. */
const WIN: Readonly<Record<string, FieldGetter>> = {
  EventID: path('winlog.event_id'),
  Channel: path('winlog.channel'),
  // The log's name, as SigmaHQ's RPC Firewall rules write it (`EventLog: RPCFW`).
  EventLog: path('winlog.channel'),
  Provider_Name: path('winlog.provider_name'),
  Computer: first(path('winlog.computer_name'), path('host.name')),
  EventRecordID: path('winlog.record_id'),
  Message: first(eventData('Message'), path('message')),
  IntegrityLevel: first(eventData('IntegrityLevel'), path('process.integrity_level')),
  ScriptBlockText: first(eventData('ScriptBlockText'), path('message')),
  Data: first(eventData('Data'), dataValues),
  // Application Error 1000: EventData's names, or what our reader took from an English message an export kept alone.
  AppName: first(eventData('AppName'), path('process.name')),
  AppVersion: first(eventData('AppVersion'), label('app_version')),
  ModuleName: first(eventData('ModuleName'), label('module_name')),
  ExceptionCode: first(eventData('ExceptionCode'), label('exception_code')),
  md5: first(eventData('md5'), sysmonHash('MD5')),
  sha1: first(eventData('sha1'), sysmonHash('SHA1')),
  sha256: first(eventData('sha256'), sysmonHash('SHA256')),
  Imphash: first(eventData('Imphash'), sysmonHash('IMPHASH')),
  EventType: first(eventData('EventType'), registryEventType),
  Signature: first(eventData('Signature'), eventData('Threat Name')),
  Filename: first(eventData('Filename'), eventData('Path')),
};

/** The schema field holding the same thing, for records that are not Windows event records. */
const OTHER: Readonly<Record<string, FieldGetter>> = {
  EventID: path('event.code'),
  Channel: path('winlog.channel'),
  EventLog: path('winlog.channel'),
  Provider_Name: path('event.provider'),
  Computer: path('host.name'),
  Message: path('message'),
  Image: processImage,
  CommandLine: path('process.command_line'),
  ParentImage: parentImage,
  ParentCommandLine: path('process.parent.command_line'),
  CurrentDirectory: path('process.working_directory'),
  ProcessId: path('process.pid'),
  ParentProcessId: path('process.parent.pid'),
  ProcessGuid: path('process.entity_id'),
  ParentProcessGuid: path('process.parent.entity_id'),
  User: userAccount,
  IntegrityLevel: path('process.integrity_level'),
  Hashes: hashesText,
  md5: path('process.hash.md5'),
  sha1: path('process.hash.sha1'),
  sha256: path('process.hash.sha256'),
  Imphash: path('process.hash.imphash'),
  TargetFilename: path('file.path'),
  ImageLoaded: path('file.path'),
  Initiated: initiated,
  // Defender XDR's version info columns, under the names Sysmon gives them.
  OriginalFileName: label('ProcessVersionInfoOriginalFileName'),
  Description: label('ProcessVersionInfoFileDescription'),
  Product: label('ProcessVersionInfoProductName'),
  Company: label('ProcessVersionInfoCompanyName'),
  TargetObject: path('registry.path'),
  Details: path('registry.data'),
  SourceIp: path('source.ip'),
  SourcePort: path('source.port'),
  SourceHostname: path('source.domain'),
  DestinationIp: path('destination.ip'),
  DestinationPort: path('destination.port'),
  DestinationHostname: path('destination.domain'),
  Protocol: path('network.transport'),
  QueryName: path('dns.question.name'),
  QueryResults: path('dns.answers'),
  QueryStatus: path('dns.response_code'),
  SourceImage: path('process.executable'),
  ScriptBlockText: path('message'),
  TargetUserName: first(path('user.target.name'), path('user.name')),
  TargetDomainName: first(path('user.target.domain'), path('user.domain')),
  SubjectUserName: path('user.name'),
  SubjectDomainName: path('user.domain'),
  IpAddress: path('source.ip'),
  IpPort: path('source.port'),
  WorkstationName: path('source.domain'),
  LogonType: first(path('winlog.logon.type'), labelAnyCase('LogonType'), label('logon_type')),
  ServiceName: path('service.name'),
  ProcessName: path('process.executable'),
  Signature: path('rule.name'),
  Filename: path('file.path'),
};

/** Sysmon's `Initiated` (the logging host's process opened the connection) from the direction a record names. */
function initiated(event: VigilEvent): string | undefined {
  const direction = event.network?.direction;
  return direction === 'outbound' ? 'true' : direction === 'inbound' ? 'false' : undefined;
}

/**
 * Sigma's `Data`: the event's data values, as backends that index EventData as one multi-valued field hold them.
 * Classic events (PowerShell 400/600/800, Application log providers) write unnamed `<Data>` elements, which our
 * reader names `param1…`; newer ones name theirs (Application Error's `AppName`…). Exports that keep only the
 * rendered message (NXLog, Event Viewer's CSV) still hold the same values there, so the message stands in.
 */
function dataValues(event: VigilEvent): readonly string[] | undefined {
  const data = event.winlog?.event_data;
  const values: string[] = [];
  if (data !== undefined) for (const key of Object.keys(data)) {
    const value = ownText(data, key);
    if (value !== undefined && value !== '') values.push(value);
  }
  if (values.length > 0) return values;
  return event.message === undefined ? undefined : [event.message];
}

/** Our registry actions back to Sysmon's words, for exports that lost `EventType` (NXLog writes its own there). */
const REGISTRY_EVENT_TYPES: ReadonlyMap<string, string> = new Map([
  ['registry-create-key', 'CreateKey'],
  ['registry-delete-key', 'DeleteKey'],
  ['registry-create-value', 'CreateValue'],
  ['registry-delete-value', 'DeleteValue'],
  ['registry-set-value', 'SetValue'],
  ['registry-rename-key', 'RenameKey'],
]);

function registryEventType(event: VigilEvent): string | undefined {
  if (event.event.dataset !== 'windows.sysmon') return undefined;
  const action = event.event.action;
  return action === undefined ? undefined : REGISTRY_EVENT_TYPES.get(action);
}

/** A digest out of Sysmon's `Hashes` (events 1, 6, 7, 23…) or `Hash` (15). */
function sysmonHash(algorithm: string): FieldGetter {
  return (event) => {
    const data = event.winlog?.event_data;
    return data === undefined ? undefined : hashFrom(ownText(data, 'Hashes') ?? ownText(data, 'Hash'), algorithm);
  };
}

function windowsEntries(): Record<string, FieldDef> {
  const out: Record<string, FieldDef> = {};
  for (const name of new Set([...Object.keys(WIN), ...Object.keys(OTHER)])) {
    out[name] = { win: WIN[name] ?? eventData(name), other: OTHER[name] };
  }
  return out;
}

export const WINDOWS: Taxonomy = taxonomy('windows', windowsEntries());

/** Security 4688 ("a new process has been created") read under Sysmon 1's names. */
function is4688(event: VigilEvent): boolean {
  return event.winlog?.event_id === 4688 && event.event.dataset === 'windows.security';
}

function user4688(event: VigilEvent): string | undefined {
  const data = event.winlog?.event_data;
  if (data === undefined) return undefined;
  const target = ownText(data, 'TargetUserName');
  if (target !== undefined && target !== '-' && target !== '') return account(target, ownText(data, 'TargetDomainName'));
  return account(ownText(data, 'SubjectUserName'), ownText(data, 'SubjectDomainName'));
}

const SECURITY_4688: Readonly<Record<string, FieldGetter>> = {
  Image: eventData('NewProcessName'),
  ParentImage: eventData('ParentProcessName'),
  ProcessId: eventData('NewProcessId'),
  ParentProcessId: eventData('ProcessId'),
  LogonId: eventData('SubjectLogonId'),
  IntegrityLevel: path('process.integrity_level'),
  User: user4688,
};

function processCreationEntries(): Record<string, FieldDef> {
  const out: Record<string, FieldDef> = {};
  for (const [name, alias] of Object.entries(SECURITY_4688)) {
    const sysmon = WIN[name] ?? eventData(name);
    out[name] = { win: (event) => (is4688(event) ? alias(event) : sysmon(event)), other: OTHER[name] };
  }
  return out;
}

/** Under `process_creation`: Security 4688 answers with its own fields where Sysmon 1's names differ. */
export const WINDOWS_PROCESS_CREATION: Taxonomy = taxonomy('windows-process-creation', processCreationEntries());
