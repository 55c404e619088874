import type { EventFields, Outcome } from '../../schema/event.ts';
import { defineFormat, events, lineShare, reject, stateless, type Draft, type ParseOutcome, type RawRecord, type Sample } from '../format.ts';
import { baseName, compact, int, ip, ipOrDomain, num, port, setOwn, str } from '../values.ts';
import { actionSlug, actionType, datasetName, locate, parseSpacedPairs, splitHeader, stringRecord, transport, urlFields, verdictCategory } from './cef-leef-common.ts';

/**
 * ArcSight Common Event Format: `CEF:Version|Vendor|Product|Version|SignatureID|Name|Severity|ext`,
 * alone or after a syslog header. Header pipes are escaped `\|`; the extension is `key=value` pairs
 * separated by spaces, where values may hold spaces and `\=`, `\\`, `\n` escapes.
 */

const VERSION = /^CEF:\s?\d{1,2}(?:\.\d{1,2})?$/;
const SNIFF = /(?:^|[\s>:])CEF:\s?\d{1,2}\|/;
const CUSTOM = /^(cs[1-6]|cn[1-3]|cfp[1-4]|c6a[1-4]|flexString[12]|flexNumber[12]|flexDate1|deviceCustomDate[12])$/;
const SEVERITY_WORDS: ReadonlyMap<string, number> = new Map([['unknown', 0], ['low', 3], ['medium', 6], ['high', 8], ['very-high', 10], ['very high', 10]]);
const SUCCESS = /^(?:succe|ok\b|allow|pass)/i;
const FAILURE = /^(?:fail|den|block|err|reject)/i;

/** Moves `csN`/`csNLabel` style pairs into labels named by their label (or the bare key). */
function customLabels(ext: Map<string, string>, used: Set<string>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of ext) {
    if (!CUSTOM.test(key)) continue;
    const label = str(ext.get(`${key}Label`)) ?? key;
    used.add(key).add(`${key}Label`);
    if (value !== '' && !Object.hasOwn(labels, label)) setOwn(labels, label, value);
  }
  return labels;
}

function severityOf(text: string): number | undefined {
  const n = num(text);
  if (n !== undefined) return Math.max(0, Math.min(10, n));
  return SEVERITY_WORDS.get(text.trim().toLowerCase());
}

function outcomeOf(text: string | undefined): Outcome | undefined {
  if (text === undefined) return undefined;
  return SUCCESS.test(text) ? 'success' : FAILURE.test(text) ? 'failure' : undefined;
}

export interface Header {
  vendor: string;
  product: string;
  version: string;
  signature: string;
  name: string;
  severity: string;
}

/** Reads the mapped extension keys (each read marks the key used; the rest become labels). */
function mapExtension(ext: Map<string, string>, used: Set<string>): EventFields {
  const g = (key: string): string | undefined => {
    used.add(key);
    return str(ext.get(key));
  };
  const shost = ipOrDomain(g('shost'));
  const dhost = ipOrDomain(g('dhost'));
  const sproc = g('sproc');
  const procName = g('deviceProcessName') ?? sproc;
  const filePath = g('filePath');
  const act = g('act');
  const type = actionType(act);
  const source = ip(g('src')) ?? shost.ip;
  const destination = ip(g('dst')) ?? dhost.ip;
  return {
    event: { category: verdictCategory(type, source, destination), action: actionSlug(act), type, outcome: outcomeOf(g('outcome')) },
    source: { ip: source, port: port(g('spt')), domain: shost.domain, mac: g('smac') },
    destination: { ip: destination, port: port(g('dpt')), domain: dhost.domain, mac: g('dmac') },
    user: {
      name: g('suser'), id: g('suid'), domain: g('sntdom'),
      target: { name: g('duser'), id: g('duid'), domain: g('dntdom') },
    },
    process: {
      name: procName !== undefined && (procName.includes('/') || procName.includes('\\')) ? baseName(procName) : procName,
      executable: procName !== undefined && (procName.includes('/') || procName.includes('\\')) ? procName : undefined,
      pid: int(g('dvcpid') ?? g('spid')),
    },
    file: { path: filePath, name: g('fname') ?? baseName(filePath) },
    url: urlFields(g('request')),
    http: { request: { method: g('requestMethod') } },
    user_agent: { original: g('requestClientApplication') },
    network: {
      transport: transport(g('proto')), protocol: g('app')?.toLowerCase(),
      interface: { in: g('deviceInboundInterface'), out: g('deviceOutboundInterface') },
    },
  };
}

function buildFields(header: Header, ext: Map<string, string>, relayHost: string | undefined): EventFields {
  const used = new Set<string>(['rt', 'start', 'end', 'msg', 'dvchost', 'dvc']);
  const custom = customLabels(ext, used);
  const mapped = mapExtension(ext, used);
  const msg = str(ext.get('msg'));
  const hostName = str(ext.get('dvchost')) ?? relayHost;
  const labels: Record<string, string> = { ...stringRecord(ext, used), ...custom };
  if (header.product !== '') labels.product = header.product;
  if (header.version !== '') labels.device_version = header.version;
  if (msg !== undefined && header.name !== '') labels.name = header.name;
  return {
    ...mapped,
    message: msg ?? str(header.name),
    event: {
      ...mapped.event, provider: str(header.vendor), code: str(header.signature), severity: severityOf(header.severity),
      module: 'cef',
    },
    host: { name: hostName, ip: ip(ext.get('dvc')) ?? ip(hostName) },
    labels,
  };
}

/** The draft of a CEF event from its header and extension (a CEF line's, or a SIEM's table of CEF fields). */
export function cefDraft(header: Header, ext: Map<string, string>, relayHost: string | undefined, fallbackTime?: string): Draft {
  const time = str(ext.get('rt')) ?? str(ext.get('end')) ?? str(ext.get('start')) ?? fallbackTime;
  return { time, dataset: datasetName('cef', header.product), fields: compact(buildFields(header, ext, relayHost)) };
}

function parse(record: RawRecord): ParseOutcome {
  const located = locate(record.text, 'CEF:');
  if (located === undefined) return reject('no CEF: header');
  const split = splitHeader(located.body, 7) ?? splitHeader(`${located.body}|`, 7);
  const [version, vendor, product, devVersion, signature, name, severity] = split?.fields ?? [];
  if (split === undefined || version === undefined || !VERSION.test(version)) return reject('malformed CEF header');
  const header: Header = {
    vendor: vendor ?? '', product: product ?? '', version: devVersion ?? '', signature: signature ?? '',
    name: name ?? '', severity: severity ?? '',
  };
  return events(cefDraft(header, parseSpacedPairs(split.rest), located.relay.host, located.relay.time));
}

function sniff(sample: Sample): number {
  const share = lineShare(sample, (line) => line.includes('CEF:') && SNIFF.test(line));
  return share === 0 ? 0 : share >= 0.5 ? 0.9 + 0.1 * share : 0.3 + share;
}

export const cefFormat = defineFormat({
  id: 'cef',
  title: 'CEF (Common Event Format)',
  description: 'ArcSight CEF lines, bare or behind a syslog header; header fields and key=value extension.',
  framing: 'lines',
  sniff,
  createParser: stateless(parse),
  logsources: [{ category: 'firewall' }],
  lineFallback: true,
});
