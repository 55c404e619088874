import { setOwn } from '../../../values.ts';
import { zonedEventTime } from './nxlog-time.ts';
import { isObject } from '../../../format.ts';
import { addScalars, auditOutcome, eventIdOf, scalarText, text, type WinRecord } from '../record.ts';

/**
 * The flat dialects: NXLog im_msvistalog JSON and the OTRF Security-Datasets export. System fields and
 * EventData fields share one object, so the System/shipper keys below are set apart; the rest is EventData.
 */
const SYSTEM_KEYS = new Set([
  'EventID', 'SourceName', 'ProviderGuid', 'Channel', 'Hostname', 'Computer', 'TimeCreated', 'EventTime',
  '@timestamp', 'Message', 'Task', 'Level', 'Keywords', 'Opcode', 'Version', 'EventRecordID', 'ActivityID',
  'RelatedActivityID', 'ERROR_EVT_UNRESOLVED',
]);

/** Keys NXLog (and the Logstash behind it) adds; OTRF-flat records may use some of these names as EventData. */
const NXLOG_KEYS = new Set([
  'EventReceivedTime', 'SourceModuleName', 'SourceModuleType', 'SeverityValue', 'Severity', 'OpcodeValue',
  'RecordNumber', 'ExecutionProcessID', 'ThreadID', 'AccountName', 'AccountType', 'Domain', 'UserID', 'Category',
  'EventTypeOrignal', 'host', 'port', '@version', 'tags',
]);

/**
 * Velociraptor's event log artifacts (`Windows.EventLogs.EvtxHunter` and the like) keep the System values flat and
 * the data in `EventData` (and `UserData`) objects, beside the file read and the user it resolved.
 */
const VELOCIRAPTOR_KEYS = new Set(['EventData', 'UserData', 'OSPath', 'UserSID', 'Username', 'Provider', 'EventRecordID']);

/** NXLog overwrites Sysmon's own `EventType` with its severity words; those are not EventData. */
const NXLOG_EVENT_TYPES = new Set(['INFO', 'WARNING', 'ERROR', 'CRITICAL', 'VERBOSE', 'AUDIT_SUCCESS', 'AUDIT_FAILURE']);

export function isFlat(value: Record<string, unknown>): boolean {
  if (value['EventID'] === undefined) return false;
  const named = value['Channel'] !== undefined || value['SourceName'] !== undefined || value['ProviderName'] !== undefined || typeof value['Provider'] === 'string';
  const placed = value['Hostname'] !== undefined || value['Computer'] !== undefined;
  const timed = value['TimeCreated'] !== undefined || value['EventTime'] !== undefined;
  return named && (placed || timed);
}

function isNxlog(value: Record<string, unknown>): boolean {
  return value['SourceModuleType'] !== undefined || value['EventReceivedTime'] !== undefined || value['SeverityValue'] !== undefined;
}

function flatData(value: Record<string, unknown>, nxlog: boolean, providerKey: string): Record<string, string> {
  const data: Record<string, string> = {};
  const eventData = value['EventData'];
  const userData = value['UserData'];
  const velociraptor = isObject(eventData) || isObject(userData);
  if (isObject(eventData)) addScalars(data, eventData);
  if (isObject(userData)) addScalars(data, userData, true);
  for (const [key, raw] of Object.entries(value)) {
    if (SYSTEM_KEYS.has(key) || key === providerKey || (nxlog && NXLOG_KEYS.has(key)) || (velociraptor && VELOCIRAPTOR_KEYS.has(key))) continue;
    const valueText = scalarText(raw);
    if (valueText === undefined) continue;
    if (key === 'EventType' && nxlog && NXLOG_EVENT_TYPES.has(valueText)) continue;
    setOwn(data, key, valueText);
  }
  return data;
}

export function readFlat(value: Record<string, unknown>): WinRecord | undefined {
  const eventId = eventIdOf(value['EventID']);
  if (eventId === undefined) return undefined;
  const nxlog = isNxlog(value);
  const providerKey = value['SourceName'] !== undefined ? 'SourceName' : value['ProviderName'] !== undefined ? 'ProviderName' : 'Provider';
  const time = zonedEventTime(value['EventTime'], value['EventReceivedTime'], value['@timestamp']) ?? value['EventTime'] ?? value['TimeCreated'] ?? value['@timestamp'];
  return {
    eventId,
    channel: text(value['Channel']),
    provider: text(value[providerKey]),
    computer: text(value['Hostname'] ?? value['Computer']),
    shipperHost: nxlog ? text(value['host']) : undefined,
    recordId: text(value['EventRecordID'] ?? value['RecordNumber']),
    time: typeof time === 'number' ? time : text(time),
    message: text(value['Message']),
    data: flatData(value, nxlog, providerKey),
    audit: auditOutcome(value['EventType']) ?? auditOutcome(value['Keywords']),
    systemUserId: nxlog ? text(value['UserID']) : text(value['UserSID']),
  };
}
