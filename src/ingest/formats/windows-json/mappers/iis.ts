import type { EventFields } from '../../../../schema/event.ts';
import { iisFields, w3cTime } from '../../web/iis-fields.ts';
import type { Data, Mapper } from './types.ts';

/**
 * IIS-Logging event 6200 (IIS logging to the event log, channel Microsoft-IIS-Logging/Logs): one request, its W3C
 * columns as EventData, the bracketed ones without their brackets (`csUser-Agent` for `cs(User-Agent)`). Mapped
 * as IIS log files are, so web detection reads both the same way.
 */

const BRACKETLESS = /^(cs|sc|s|c)([A-Z][\w-]*)$/;

function columns(data: Data): Map<string, string> {
  const row = new Map<string, string>();
  for (const [name, value] of Object.entries(data)) {
    const bracketless = BRACKETLESS.exec(name);
    row.set(bracketless === null ? name : `${bracketless[1]!}(${bracketless[2]!})`, value);
  }
  return row;
}

/** The request's own time (IIS writes it in UTC), which the event's creation follows by up to a few seconds. */
export function iisRequestTime(data: Data): string | undefined {
  return w3cTime(data['date'], data['time']);
}

const request: Mapper = (data) => {
  const fields: EventFields = iisFields(columns(data));
  // The event's Computer names the server (s-computername is its short name).
  delete fields.host;
  return fields;
};

export const IIS_MAPPERS: ReadonlyArray<[number, Mapper]> = [[6200, request]];
