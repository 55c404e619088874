import { createReadStream } from 'node:fs';
import { frameEvtx } from '../../src/ingest/evtx/frame.ts';
import { isObject } from '../../src/ingest/format.ts';
import { eventIdOf, scalarText, xmlAttr } from '../../src/ingest/formats/windows-json/record.ts';
import { layoutOf } from '../../src/ingest/formats/windows-json/templates/index.ts';

/**
 * Windows events as Get-WinEvent gives them (`| ConvertTo-Json`, PowerShell 7), made from an EVTX file's records: the
 * EventData (or UserData) values without their names as `Properties`, typed as .NET types them (numbers Windows
 * renders in hexadecimal as numbers, GUIDs in lower case without braces), and no `Message`, as on a machine that
 * lacks the provider's message file.
 */

export interface EvtxEventData {
  provider: string;
  eventId: number;
  version: number | undefined;
  /** EventData's names and values in the file's order (UserData's one element's children). */
  entries: [string, unknown][];
}

function dataEntries(event: Record<string, unknown>): [string, unknown][] | undefined {
  const eventData = event.EventData;
  if (isObject(eventData)) return Object.entries(eventData).filter(([key]) => !key.startsWith('#'));
  const userData = event.UserData;
  if (!isObject(userData)) return undefined;
  const inner = Object.values(userData).find(isObject);
  return inner === undefined ? undefined : Object.entries(inner).filter(([key]) => !key.startsWith('#'));
}

/** Each record's System part and data, in the file's order. */
export async function evtxRecords(path: string): Promise<{ system: Record<string, unknown>; data: EvtxEventData }[]> {
  const out: { system: Record<string, unknown>; data: EvtxEventData }[] = [];
  for await (const batch of frameEvtx(createReadStream(path))) {
    for (const record of batch) {
      const event = isObject(record.value) && isObject(record.value.Event) ? record.value.Event : undefined;
      const system = event !== undefined && isObject(event.System) ? event.System : undefined;
      const entries = event === undefined ? undefined : dataEntries(event);
      const eventId = eventIdOf(system?.EventID);
      const provider = xmlAttr(system?.Provider, 'Name');
      if (system === undefined || entries === undefined || eventId === undefined || provider === undefined) continue;
      const version = Number(scalarText(system.Version));
      out.push({ system, data: { provider, eventId, version: Number.isInteger(version) ? version : undefined, entries } });
    }
  }
  return out;
}

const HEX = /^0x[0-9a-f]{1,16}$/i;
/** A GUID with or without braces, its digits captured. */
export const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** A value as .NET holds it: what Windows renders as hex is a number, a GUID is a Guid (lower case, no braces). */
function dotnetValue(value: unknown, kind: string | undefined): unknown {
  if (typeof value !== 'string') return value;
  if (kind === 'hex' && HEX.test(value)) {
    const n = BigInt(value);
    return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : value;
  }
  const guid = kind === 'guid' ? GUID.exec(value) : null;
  return guid === null ? value : guid[1]!.toLowerCase();
}

/** The Get-WinEvent object of one EVTX record. */
export function winEventObject(system: Record<string, unknown>, data: EvtxEventData): Record<string, unknown> {
  const slots = layoutOf(data.provider, data.eventId, data.version, data.entries.length);
  return {
    Id: data.eventId,
    Version: data.version ?? null,
    ProviderName: data.provider,
    LogName: scalarText(system.Channel) ?? null,
    MachineName: scalarText(system.Computer) ?? null,
    RecordId: Number(scalarText(system.EventRecordID)),
    TimeCreated: xmlAttr(system.TimeCreated, 'SystemTime') ?? null,
    UserId: xmlAttr(system.Security, 'UserID') ?? null,
    Message: null,
    Properties: data.entries.map(([, value], i) => ({ Value: dotnetValue(value, slots?.[i]?.kind) })),
  };
}
