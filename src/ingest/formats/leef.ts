import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, lineShare, reject, type FormatParser, type ParseOutcome, type RawRecord, type Sample } from '../format.ts';
import { compact, int, ip, num, port, str, sumOfKnown } from '../values.ts';
import { actionSlug, actionType, datasetName, locate, parseSpacedPairs, splitHeader, stringRecord, transport, urlFields, verdictCategory } from './cef-leef-common.ts';
import { DevTimeReader } from './leef-time.ts';

/**
 * IBM QRadar Log Event Extended Format. LEEF 1.0: `LEEF:1.0|Vendor|Product|Version|EventID|k=v<TAB>k=v`;
 * LEEF 2.0 adds a delimiter field: `LEEF:2.0|Vendor|Product|Version|EventID|^|k=v^k=v`, where the
 * delimiter may be a character or hex (`x5E`, `0x5E`). A syslog header may come first.
 */

const VERSION = /^LEEF:\s?(\d{1,2}(?:\.\d{1,2})?)$/;
const SNIFF = /(?:^|[\s>:])LEEF:\s?\d/;
const HEX_DELIMITER = /^(?:0x|x)([0-9A-Fa-f]{2,4})$/i;
const DELIMITER_FIELD = /^([^|=]{0,6})\|/;
const EPOCH = /^\d{10,13}$/;

/** The LEEF 2.0 delimiter field at the start of `rest`, if there is one. */
function delimiterField(rest: string): { delimiter: string; attributes: string } | undefined {
  const m = DELIMITER_FIELD.exec(rest);
  if (m === null) return undefined;
  const spec = m[1] ?? '';
  const hex = HEX_DELIMITER.exec(spec);
  let delimiter: string | undefined;
  if (hex?.[1] !== undefined) delimiter = String.fromCharCode(parseInt(hex[1], 16));
  else if (spec === '' || spec === '\\t') delimiter = '\t';
  else if (spec.length === 1) delimiter = spec;
  return delimiter === undefined ? undefined : { delimiter, attributes: rest.slice(m[0].length) };
}

/** Splits the attributes on the delimiter; a tab-less LEEF 1.0 line falls back to space-separated pairs. */
function parseAttributes(text: string, delimiter: string): Map<string, string> {
  if (delimiter === '\t' && !text.includes('\t')) return parseSpacedPairs(text);
  const map = new Map<string, string>();
  for (const part of text.split(delimiter)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    if (!map.has(key)) map.set(key, part.slice(eq + 1).trim());
  }
  return map;
}

function mapAttributes(attrs: Map<string, string>, used: Set<string>): EventFields {
  const g = (key: string): string | undefined => {
    used.add(key);
    return str(attrs.get(key));
  };
  const action = g('action');
  const srcBytes = num(g('srcBytes'));
  const dstBytes = num(g('dstBytes'));
  const packets = num(g('totalPackets')) ?? sumOfKnown(num(g('srcPackets')), num(g('dstPackets')));
  const type = actionType(action);
  const source = ip(g('src'));
  const destination = ip(g('dst'));
  return {
    message: g('msg'),
    event: { category: verdictCategory(type, source, destination), action: actionSlug(action), type, severity: num(g('sev')) },
    source: { ip: source, port: port(g('srcPort')), mac: g('srcMAC'), bytes: srcBytes },
    destination: { ip: destination, port: port(g('dstPort')), mac: g('dstMAC'), bytes: dstBytes },
    user: { name: g('usrName') ?? g('accountName'), domain: g('domain') },
    network: { transport: transport(g('proto')), bytes: num(g('totalBytes')) ?? sumOfKnown(srcBytes, dstBytes), packets },
    url: urlFields(g('url')),
    process: { name: g('processName'), pid: int(g('processId')) },
  };
}

function timeOf(attrs: Map<string, string>, reader: DevTimeReader): string | undefined {
  const devTime = str(attrs.get('devTime'));
  if (devTime === undefined || EPOCH.test(devTime)) return devTime;
  const pattern = str(attrs.get('devTimeFormat'));
  return (pattern === undefined ? undefined : reader.read(devTime, pattern)) ?? devTime;
}

function parseLine(record: RawRecord, reader: DevTimeReader): ParseOutcome {
  const located = locate(record.text, 'LEEF:');
  if (located === undefined) return reject('no LEEF: header');
  const split = splitHeader(located.body, 5);
  const [marker, vendor = '', product = '', productVersion = '', eventId = ''] = split?.fields ?? [];
  const version = VERSION.exec(marker ?? '')?.[1];
  if (split === undefined || version === undefined) return reject('malformed LEEF header');
  const layout = version.startsWith('2') ? delimiterField(split.rest) : undefined;
  const attrs = parseAttributes(layout?.attributes ?? split.rest, layout?.delimiter ?? '\t');
  const used = new Set<string>(['devTime', 'devTimeFormat']);
  const mapped = mapAttributes(attrs, used);
  const hostName = located.relay.host;
  const fields: EventFields = {
    ...mapped,
    event: { ...mapped.event, code: str(eventId), provider: str(vendor), module: 'leef' },
    host: { name: hostName, ip: ip(hostName) },
    labels: stringRecord(attrs, used),
  };
  if (product !== '') fields.labels = { ...fields.labels, product };
  if (productVersion !== '') fields.labels = { ...fields.labels, product_version: productVersion };
  return events({
    time: timeOf(attrs, reader) ?? located.relay.time,
    dataset: datasetName('leef', product),
    fields: compact(fields),
  });
}

function createParser(): FormatParser {
  const reader = new DevTimeReader();
  return { parse: (record) => parseLine(record, reader) };
}

function sniff(sample: Sample): number {
  const share = lineShare(sample, (line) => line.includes('LEEF:') && SNIFF.test(line));
  return share === 0 ? 0 : share >= 0.5 ? 0.9 + 0.1 * share : 0.3 + share;
}

export const leefFormat = defineFormat({
  id: 'leef',
  title: 'LEEF (Log Event Extended Format)',
  description: 'IBM QRadar LEEF 1.0 and 2.0 lines, bare or behind a syslog header.',
  framing: 'lines',
  sniff,
  createParser,
  logsources: [{ category: 'firewall' }],
  lineFallback: true,
});
