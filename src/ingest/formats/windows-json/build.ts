import type { Draft } from '../../format.ts';
import type { EventFields } from '../../../schema/event.ts';
import { compactOwned } from '../../values.ts';
import { iisRequestTime } from './mappers/iis.ts';
import { familyOf, mapperFor, type Family } from './mappers/index.ts';
import type { WinRecord } from './record.ts';

const FAMILY_DATASETS: Readonly<Partial<Record<Family, string>>> = {
  security: 'windows.security',
  sysmon: 'windows.sysmon',
  system: 'windows.system',
  powershell: 'windows.powershell',
  // Requests, as IIS log files give them: web detection reads both.
  iis: 'iis.access',
};

const WHITESPACE = /\s+/g;

/** `windows.<channel>` for logs without a dataset of their own (spaces in channel names become `-`). */
export function datasetOf(record: WinRecord, family: Family): string {
  const known = FAMILY_DATASETS[family];
  if (known !== undefined) return known;
  const channel = record.channel?.toLowerCase().replace(WHITESPACE, '-');
  return channel === undefined || channel === '' ? 'windows.eventlog' : `windows.${channel}`;
}

/** The fields every Windows event gets, whatever its id. */
function commonFields(record: WinRecord): EventFields {
  return {
    message: record.message,
    event: { code: String(record.eventId), provider: record.provider },
    host: { name: record.computer ?? record.shipperHost },
    winlog: {
      event_id: record.eventId,
      channel: record.channel,
      provider_name: record.provider,
      record_id: record.recordId,
      computer_name: record.computer,
      // The record's own EventData object, built for it alone by the dialect (drafts own their objects).
      event_data: Object.keys(record.data).length > 0 ? record.data : undefined,
    },
  };
}

/**
 * Common fields overlaid with the event-id specific ones (nested blocks merged, not replaced). Both are
 * fresh objects of this record: merged in place (spreads of objects of many shapes are slow in V8).
 */
function merge(common: EventFields, specific: EventFields, family: Family, record: WinRecord): EventFields {
  const { message, event, winlog } = common;
  Object.assign(common, specific);
  common.message = specific.message ?? message;
  const merged = event ?? {};
  if (specific.event !== undefined) Object.assign(merged, specific.event);
  if (merged.outcome === undefined && family === 'security') merged.outcome = record.audit;
  common.event = merged;
  common.winlog = specific.winlog === undefined ? (winlog ?? {}) : Object.assign(winlog ?? {}, specific.winlog);
  return common;
}

export function buildDraft(record: WinRecord): Draft {
  const family = familyOf(record);
  const mapper = mapperFor(family, record.eventId);
  const common = commonFields(record);
  const fields = mapper === undefined ? common : merge(common, mapper(record.data, record), family, record);
  // Every mapper builds its objects for this record alone (test/formats/windows-ownership.test.ts): compacted
  // in place, not copied.
  const requestTime = family === 'iis' ? iisRequestTime(record.data) : undefined;
  if (requestTime !== undefined) return { time: requestTime, timeIsUtc: true, dataset: datasetOf(record, family), fields: compactOwned(fields) };
  return { time: record.time, dataset: datasetOf(record, family), fields: compactOwned(fields) };
}
