import type { EventFields } from '../../../schema/event.ts';
import { domainUser, int, ip, port, setOwn, str } from '../../values.ts';
import { hostOf, httpVersion, labelsOf, statusOutcome, urlFields } from './http.ts';

/**
 * IIS's W3C columns (`c-ip`, `cs-uri-stem`, `cs(User-Agent)`…) as schema fields: shared by IIS log files and the
 * IIS-Logging events of the Windows event log (event 6200), which carry the same columns as EventData.
 */

export type Row = ReadonlyMap<string, string>;

// Columns mapped to schema fields; every other column is kept as a label under its own name.
const MAPPED = new Set([
  'date', 'time', 's-ip', 'cs-method', 'cs-uri-stem', 'cs-uri-query', 's-port', 'cs-username', 'c-ip', 'c-port',
  'cs(User-Agent)', 'cs(Referer)', 'sc-status', 'sc-bytes', 'cs-bytes', 'cs-version', 'cs-host', 's-computername',
]);
/** W3C's `date` column (`#Date:` directives too). */
export const W3C_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CLOCK = /^\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?$/;

/** A request's `date` and `time` columns as one time (UTC, as IIS writes them), when both are W3C's. */
export function w3cTime(date: string | undefined, clock: string | undefined): string | undefined {
  return date !== undefined && clock !== undefined && W3C_DATE.test(date) && CLOCK.test(clock) ? `${date} ${clock}` : undefined;
}


function urlOf(row: Row): EventFields['url'] {
  const path = str(row.get('cs-uri-stem'));
  const query = str(row.get('cs-uri-query'));
  if (path === undefined) return query === undefined ? undefined : { query };
  const url = urlFields(query === undefined ? path : `${path}?${query}`);
  return { ...url, path, query };
}

/** Every column without a schema field, as labels under its own name. */
export function otherLabels(row: Row): Record<string, string> {
  const rest: Record<string, string | undefined> = {};
  for (const [name, value] of row) if (!MAPPED.has(name)) setOwn(rest, name, str(value));
  return labelsOf(rest);
}

/** The schema fields of one request's W3C columns (labels apart: `otherLabels`). */
export function iisFields(row: Row): EventFields {
  const get = (name: string): string | undefined => str(row.get(name));
  const status = int(get('sc-status'));
  return {
    event: { category: ['web'], type: ['access'], action: 'http-request', outcome: statusOutcome(status) },
    source: { ip: ip(get('c-ip')), port: port(get('c-port')) },
    destination: { ip: ip(get('s-ip')), port: port(get('s-port')), domain: hostOf(get('cs-host')) },
    host: { name: get('s-computername') },
    user: domainUser(get('cs-username')),
    url: urlOf(row),
    http: {
      version: httpVersion(get('cs-version')),
      request: { method: get('cs-method'), referrer: get('cs(Referer)'), bytes: int(get('cs-bytes')) },
      response: { status_code: status, bytes: int(get('sc-bytes')) },
    },
    // IIS writes spaces in the user agent as '+'.
    user_agent: { original: get('cs(User-Agent)')?.replaceAll('+', ' ') },
  };
}

