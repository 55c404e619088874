import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, META, reject, type FormatParser, type ParseOutcome, type Sample } from '../format.ts';
import { compact, int, ip, port, setOwn, str } from '../values.ts';
import { hostOf, httpVersion, labelsOf, statusOutcome, urlFields } from './web/http.ts';
import { w3cTime } from './web/iis-fields.ts';

/**
 * Amazon CloudFront standard access logs: tab-separated W3C fields (`date time x-edge-location sc-bytes c-ip
 * cs-method cs(Host) cs-uri-stem sc-status …`), after `#Version:` and `#Fields:` lines in the files CloudFront
 * writes, without them when forwarded line by line. The viewer is the source; the site is the Host header it
 * asked for (`x-host-header`), `cs(Host)` being the distribution's own name. CloudFront URL-encodes spaces and
 * a few other characters of the user agent and referrer; they are decoded. Times are UTC.
 */

/** The 33 fields of the standard log, in CloudFront's order. */
const DEFAULT_FIELDS: readonly string[] = [
  'date', 'time', 'x-edge-location', 'sc-bytes', 'c-ip', 'cs-method', 'cs(Host)', 'cs-uri-stem', 'sc-status', 'cs(Referer)',
  'cs(User-Agent)', 'cs-uri-query', 'cs(Cookie)', 'x-edge-result-type', 'x-edge-request-id', 'x-host-header', 'cs-protocol',
  'cs-bytes', 'time-taken', 'x-forwarded-for', 'ssl-protocol', 'ssl-cipher', 'x-edge-response-result-type', 'cs-protocol-version',
  'fle-status', 'fle-encrypted-fields', 'c-port', 'time-to-first-byte', 'x-edge-detailed-result-type', 'sc-content-type',
  'sc-content-len', 'sc-range-start', 'sc-range-end',
];
const MAPPED = new Set(['date', 'time', 'c-ip', 'c-port', 'cs-method', 'cs-uri-stem', 'cs-uri-query', 'sc-status', 'cs(Referer)', 'cs(User-Agent)', 'sc-bytes', 'cs-bytes', 'x-host-header', 'cs-protocol', 'cs-protocol-version', 'ssl-protocol']);
/** The fields a line must start with to be read without a `#Fields:` line. */
const LEADING = /^\d{4}-\d{2}-\d{2}\t\d{2}:\d{2}:\d{2}\t[A-Z0-9-]+\t\d+\t[0-9a-fA-F.:]+\t[A-Z]+\t/;

interface State {
  fields: readonly string[];
}

/** Percent-escapes decoded where they are valid; the text as written where they are not. */
function decoded(text: string | undefined): string | undefined {
  if (text === undefined || !text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function fieldsOf(row: ReadonlyMap<string, string>): EventFields {
  const get = (name: string): string | undefined => str(row.get(name));
  const status = int(get('sc-status'));
  const path = get('cs-uri-stem');
  const query = get('cs-uri-query');
  const labels: Record<string, string | undefined> = {};
  for (const [name, value] of row) if (!MAPPED.has(name)) setOwn(labels, name, str(value));
  const url = path === undefined ? undefined : { ...urlFields(query === undefined ? path : `${path}?${query}`), path, query };
  return {
    event: { category: ['web'], type: ['access'], action: 'http-request', outcome: statusOutcome(status) },
    source: { ip: ip(get('c-ip')), port: port(get('c-port')) },
    url: url === undefined ? undefined : { ...url, domain: hostOf(get('x-host-header')) ?? hostOf(get('cs(Host)')), scheme: get('cs-protocol')?.toLowerCase() },
    http: {
      version: httpVersion(get('cs-protocol-version')),
      request: { method: get('cs-method'), referrer: decoded(get('cs(Referer)')), bytes: int(get('cs-bytes')) },
      response: { status_code: status, bytes: int(get('sc-bytes')) },
    },
    user_agent: { original: decoded(get('cs(User-Agent)')) },
    tls: { version: get('ssl-protocol') },
    labels: labelsOf(labels),
  };
}

function parseLine(text: string, state: State): ParseOutcome {
  if (text.startsWith('#')) {
    if (text.startsWith('#Fields:')) {
      const names = text.slice('#Fields:'.length).trim().split(/\s+/).filter((name) => name !== '');
      if (names.length > 0) state.fields = names;
    }
    return META;
  }
  const values = text.split('\t');
  if (values.length < state.fields.length) return reject(`expected ${state.fields.length} tab-separated fields, found ${values.length}`);
  const row = new Map<string, string>();
  state.fields.forEach((name, i) => row.set(name, values[i] ?? ''));
  const time = w3cTime(str(row.get('date')), str(row.get('time')));
  if (time === undefined) return reject('date and time fields are not yyyy-mm-dd HH:MM:SS');
  return events({ time, timeIsUtc: true, dataset: 'aws.cloudfront', fields: compact(fieldsOf(row)) });
}

function createParser(): FormatParser {
  const state: State = { fields: DEFAULT_FIELDS };
  return { parse: (record) => parseLine(record.text, state) };
}

/** CloudFront's own header, or lines that start as its standard fields do. */
function sniff(sample: Sample): number {
  const header = sample.lines.some((line) => line.startsWith('#Fields:') && line.includes('x-edge-location'));
  const rows = sample.lines.filter((line) => !line.startsWith('#'));
  const shaped = rows.filter((line) => LEADING.test(line)).length;
  if (!header && (rows.length === 0 || shaped / rows.length < 0.2)) return 0;
  return header ? 0.95 : 0.5 + 0.45 * (shaped / rows.length);
}

export const awsCloudFrontFormat = defineFormat({
  id: 'aws-cloudfront',
  title: 'Amazon CloudFront access log',
  description: 'Amazon CloudFront standard access logs: tab-separated W3C fields (with or without their #Fields: header); viewer, site, request, status, edge result',
  framing: 'lines',
  sniff,
  createParser,
  logsources: [{ category: 'webserver' }],
});
