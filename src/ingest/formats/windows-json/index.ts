import { defineFormat, events, isObject, reject, stateless, valueShare, type ParseOutcome, type RawRecord } from '../../format.ts';
import { buildDraft } from './build.ts';
import { isFlat, readFlat } from './dialects/flat.ts';
import { isNestedEvent, readNestedEvent } from './dialects/nested.ts';
import { isSentinelEvent, readSentinelEvent } from './dialects/sentinel.ts';
import { isWinlogbeat6, isWinlogbeatEcs, readWinlogbeat6, readWinlogbeatEcs } from './dialects/winlogbeat.ts';
import type { WinRecord } from './record.ts';

type Reader = (value: Record<string, unknown>) => WinRecord | undefined;

/** Dialects in the order they are tried; each record is recognised on its own, so files may mix them. */
const DIALECTS: ReadonlyArray<[(value: Record<string, unknown>) => boolean, Reader]> = [
  [isWinlogbeatEcs, readWinlogbeatEcs],
  [isNestedEvent, readNestedEvent],
  [isWinlogbeat6, readWinlogbeat6],
  [isSentinelEvent, readSentinelEvent],
  [isFlat, readFlat],
];

function isWindowsEvent(value: Record<string, unknown>): boolean {
  return DIALECTS.some(([recognise]) => recognise(value));
}

function readRecord(value: Record<string, unknown>): WinRecord | undefined {
  for (const [recognise, read] of DIALECTS) {
    if (recognise(value)) return read(value);
  }
  return undefined;
}

/** A Windows event read from the JSON of its event XML (EVTX records, Windows event XML as text). */
export function parseEventXmlJson(value: unknown): ParseOutcome {
  const windowsRecord = isObject(value) && isNestedEvent(value) ? readNestedEvent(value) : undefined;
  return windowsRecord === undefined ? reject('not a Windows event (no System block with an EventID)') : events(buildDraft(windowsRecord));
}

function parse(record: RawRecord): ParseOutcome {
  const value = record.value;
  if (!isObject(value)) return reject('not a JSON object');
  const windowsRecord = readRecord(value);
  if (windowsRecord === undefined) return reject('not a Windows event record (no recognisable EventID)');
  return events(buildDraft(windowsRecord));
}

export const windowsJsonFormat = defineFormat({
  id: 'windows-json',
  title: 'Windows event log (JSON)',
  description:
    'Windows event logs exported as JSON: Winlogbeat (ECS and 6.x), NXLog/flat EventID records and the ' +
    'event XML as JSON ({"Event":{"System":…,"EventData":…}}), and EVTX files (read natively as that JSON); ' +
    'Security, Sysmon, System and PowerShell events mapped, and IIS-Logging requests (6200) as IIS logs are.',
  framing: 'json',
  sniff(sample) {
    try {
      const share = valueShare(sample, isWindowsEvent);
      return share === 0 ? 0 : 0.5 + 0.45 * share;
    } catch {
      return 0;
    }
  },
  createParser: stateless((record) => {
    try {
      return parse(record);
    } catch {
      return reject('unreadable Windows event record');
    }
  }),
  logsources: [
    { product: 'windows' },
    { product: 'windows', service: 'security' },
    { product: 'windows', service: 'system' },
    { product: 'windows', service: 'sysmon' },
    { product: 'windows', service: 'powershell' },
    { product: 'windows', category: 'process_creation' },
    { product: 'windows', category: 'network_connection' },
    { product: 'windows', category: 'image_load' },
    { product: 'windows', category: 'file_event' },
    { product: 'windows', category: 'file_delete' },
    { product: 'windows', category: 'registry_event' },
    { product: 'windows', category: 'registry_add' },
    { product: 'windows', category: 'registry_set' },
    { product: 'windows', category: 'registry_delete' },
    { product: 'windows', category: 'process_access' },
    { product: 'windows', category: 'create_remote_thread' },
    { product: 'windows', category: 'pipe_created' },
    { product: 'windows', category: 'dns_query' },
    { product: 'windows', category: 'ps_script' },
    { product: 'windows', category: 'ps_module' },
  ],
});
