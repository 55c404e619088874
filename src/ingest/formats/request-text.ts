import type { EventFields } from '../../schema/event.ts';
import { compact, ipPort } from '../values.ts';
import { requestFields, statusOutcome } from './web/http.ts';

/**
 * Web requests told in a line of text: the request logs of applications that write neither a web server's access
 * log nor JSON (TheHive's `172.17.0.2 POST /api/v1/login took 8ms and returned 401 65 bytes`, Zoraxy's `[client:
 * 192.0.2.1] [useragent: zgrab/0.x] GET /ecp/ 444`). A line is a request when it names an HTTP method and a target
 * (a path or an absolute URL), and a status right after them or after a word that announces one (`returned`,
 * `status`, `->`); the client is read where the text marks it. Lines without a status are left alone: a method and a
 * path alone are as often a route being registered as a request being answered.
 */

const METHODS = 'GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH|CONNECT|TRACE|PROPFIND|PROPPATCH|MKCOL|COPY|MOVE|LOCK|UNLOCK|REPORT|SEARCH';
const REQUEST = new RegExp(`(?:^|[\\s\\]"'])(${METHODS}) (/[^\\s"']{0,4096}|https?://[^\\s"']{1,4096})(?: HTTP/(\\d(?:\\.\\d)?))?"?(?: (\\d{3})(?![\\w.]))?`);
const LATER_STATUS = /^.{0,200}?(?:\b(?:returned|status(?: code)?[:=]?|responded(?: with)?|response(?: code)?[:=]?)|->|=>) ?(\d{3})(?![\w.])/s;
const ADDRESS = '(\\[?[0-9A-Fa-f:.]{2,45}\\]?(?::\\d{1,5})?)';
/** Where a line marks the client, best first. */
const CLIENT_CUES: readonly RegExp[] = [
  new RegExp(`\\[client:? ?${ADDRESS}\\]`, 'i'),
  new RegExp(`\\b(?:client(?:_?ip)?|remote(?:_?addr(?:ess)?)?|ip)[=:] ?${ADDRESS}`, 'i'),
  new RegExp(`\\bfrom ${ADDRESS}(?![\\w:.])`, 'i'),
];
/** How many words before the method are looked at for the client. */
const PREFIX_WORDS = 32;
const WRAPPING = /^[[("']+|[\])"',:]+$/g;
const USER_AGENT = /\[user-?agent: ?([^\]]{1,1024})\]/i;
/** Longest text looked at: request lines sit near the start. */
const TEXT_LIMIT = 8192;

function statusOf(text: string | undefined): number | undefined {
  const status = Number(text);
  return status >= 100 && status <= 599 ? status : undefined;
}

function clientOf(text: string, before: string): EventFields['source'] {
  // Cues first (`[client: 203.0.113.9]`, `client=…`, `from …`).
  for (const cue of CLIENT_CUES) {
    const address = ipPort(cue.exec(text)?.[1]?.replace(/^\[([^\]]+)\]$/, '$1'));
    if (address.ip !== undefined) return address;
  }
  // Else the last address before the method, as access-log-like lines put the client (`172.17.0.2 POST /…`,
  // `203.0.113.9:52782 - "POST /…`, `host 203.0.113.9 - id - [time] "GET /…`, `[time] host 203.0.113.9 0.227 "GET /…`).
  const words = before.split(/\s+/);
  for (let i = words.length - 1; i >= 0 && i >= words.length - PREFIX_WORDS; i--) {
    const address = ipPort(words[i]?.replace(WRAPPING, ''));
    if (address.ip !== undefined) return address;
  }
  return undefined;
}

/** The fields of the request a line tells of, or undefined when it tells of none. */
export function requestClaim(line: string): EventFields | undefined {
  const text = line.length > TEXT_LIMIT ? line.slice(0, TEXT_LIMIT) : line;
  const m = REQUEST.exec(text);
  if (m === null) return undefined;
  const [whole, method, target, version, statusText] = m;
  const after = text.slice(m.index + whole.length);
  const status = statusOf(statusText) ?? statusOf(LATER_STATUS.exec(after)?.[1]);
  if (status === undefined) return undefined;
  const { url, http } = requestFields({ method, target, version });
  const source = clientOf(text, text.slice(0, m.index + whole.indexOf(method!)));
  const agent = USER_AGENT.exec(text)?.[1]?.trim();
  return compact({
    event: { category: ['web'], type: ['access'], action: 'http-request', outcome: statusOutcome(status) },
    source,
    url,
    http: { ...http, response: { status_code: status } },
    user_agent: agent === undefined || agent === '' ? undefined : { original: agent },
  });
}

/** Adds the request a line tells of to fields that say nothing of the event's action yet. */
export function withRequestClaim(fields: EventFields, line: string): EventFields {
  if (fields.event?.action !== undefined) return fields;
  const claim = requestClaim(line);
  if (claim === undefined) return fields;
  fields.event = Object.assign(fields.event ?? {}, claim.event);
  if (fields.source?.ip === undefined && claim.source !== undefined) fields.source = { ...fields.source, ...claim.source };
  fields.url = claim.url;
  fields.http = claim.http;
  if (claim.user_agent !== undefined) fields.user_agent = claim.user_agent;
  return fields;
}
