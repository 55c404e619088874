import { isObject } from '../../../format.ts';
import { treeJson } from '../../../evtx/render.ts';
import { parseEventXml } from '../../../evtx/xml.ts';
import { setOwn } from '../../../values.ts';
import { addScalars, eventIdOf, scalarText, text, type WinRecord } from '../record.ts';

/**
 * Microsoft Sentinel's (Log Analytics') Windows event tables, as its API, the Logs blade and `az monitor
 * log-analytics query` give their rows in JSON: `SecurityEvent` (the Security log: the event's data as columns and
 * as XML in `EventData`, beside Sentinel's renderings), `WindowsEvent` (any channel through the Azure Monitor Agent:
 * the data an object in `EventData`) and `Event` (the legacy agent's other channels, Sysmon's among them: the data an
 * XML string in `EventData`, the channel in `EventLog`, the provider in `Source`). `TimeGenerated` is UTC.
 */

const TABLES = new Set(['SecurityEvent', 'WindowsEvent', 'Event']);

/** Sentinel's columns that are not the event's data: the workspace's, the agent's, and its renderings of the data. */
const COLUMNS = new Set([
  'TimeGenerated', 'TimeCollected', 'Type', 'TenantId', 'SourceSystem', 'MG', 'ManagementGroupName', 'Computer',
  'EventID', 'Channel', 'EventLog', 'EventSourceName', 'Provider', 'Source', 'EventData', 'EventOriginId', 'Activity',
  'Account', 'AccountType', 'SubjectAccount', 'TargetAccount', 'EventLevel', 'EventLevelName', 'Level', 'Task',
  'Keywords', 'Opcode', 'Version', 'RenderedDescription', 'ParameterXml', 'UserName', 'AzureDeploymentID', 'Role',
  'EventRecordId', 'SystemUserId', 'SystemProcessId', 'SystemThreadId', 'Correlation', 'RawEventData',
  'EventCategory', 'PartitionKey', 'RowKey', 'StorageAccount', 'AzureTableName',
]);

/** The longest `EventData` XML read (a Sysmon event's is a few KB). */
const MAX_XML = 1024 * 1024;

export function isSentinelEvent(value: Record<string, unknown>): boolean {
  if (value['TimeGenerated'] === undefined || value['EventID'] === undefined) return false;
  const table = value['Type'];
  if (typeof table === 'string') return TABLES.has(table);
  return value['TenantId'] !== undefined && value['Computer'] !== undefined;
}

/** `EventData` as the legacy agent and SecurityEvent keep it: `<DataItem …><EventData><Data Name="…">…` or `<UserData>`. */
function addXmlData(out: Record<string, string>, xml: string): void {
  if (xml.length > MAX_XML || !xml.trimStart().startsWith('<')) return;
  let tree: Record<string, unknown> | undefined;
  try {
    tree = treeJson(parseEventXml(xml));
  } catch {
    return;
  }
  if (tree === undefined) return;
  const root = isObject(tree['DataItem']) ? tree['DataItem'] : tree;
  if (isObject(root['EventData'])) addScalars(out, root['EventData']);
  if (isObject(root['UserData'])) addScalars(out, root['UserData'], true);
}

function readData(value: Record<string, unknown>): Record<string, string> {
  const data: Record<string, string> = {};
  const eventData = value['EventData'];
  if (typeof eventData === 'string') addXmlData(data, eventData);
  else if (isObject(eventData)) addScalars(data, eventData);
  // SecurityEvent's columns hold the data too (some only there): each one the XML did not give.
  for (const [key, raw] of Object.entries(value)) {
    if (COLUMNS.has(key) || key.startsWith('_') || Object.hasOwn(data, key)) continue;
    const valueText = scalarText(raw);
    if (valueText !== undefined) setOwn(data, key, valueText);
  }
  return data;
}

export function readSentinelEvent(value: Record<string, unknown>): WinRecord | undefined {
  const eventId = eventIdOf(value['EventID']);
  if (eventId === undefined) return undefined;
  const time = value['TimeGenerated'];
  // SecurityEvent is the Security log: a query that projects its columns may leave the channel and provider out.
  const security = value['Type'] === 'SecurityEvent';
  return {
    eventId,
    channel: text(value['Channel'] ?? value['EventLog']) ?? (security ? 'Security' : undefined),
    provider: text(value['EventSourceName'] ?? value['Provider'] ?? value['Source']) ?? (security ? 'Microsoft-Windows-Security-Auditing' : undefined),
    computer: text(value['Computer']),
    recordId: text(value['EventRecordId']),
    time: typeof time === 'number' ? time : text(time),
    message: text(value['RenderedDescription']),
    data: readData(value),
    systemUserId: text(value['SystemUserId']),
  };
}
