import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, reject, sniffLines, stateless, type ParseOutcome } from '../format.ts';
import { compact, domainUser, int, ip, port } from '../values.ts';
import { firewallEvent } from './firewall-verdict.ts';
import { labelsOf } from './web/http.ts';

/**
 * Palo Alto Networks PAN-OS logs as the firewall sends them to syslog: comma-separated values (quoted when they
 * hold commas) in the documented field order of each log type, after an optional syslog header:
 * `1,2023/07/06 08:11:40,016401002737,THREAT,vulnerability,2561,2023/07/06 08:11:40,1.2.3.2,1.2.3.3,…`. The
 * first 31 fields are the same for traffic and threat logs (time, serial, type, subtype, addresses, rule, users,
 * application, zones, interfaces, session, ports, protocol, action); traffic logs then give bytes and packets,
 * threat logs the URL or file, the threat `name(id)`, severity and direction, and from PAN-OS 10 its category.
 * Times: the high-resolution timestamp (with its zone) where the row has one, else the syslog header's when it
 * has a zone, else the generated time in --tz.
 */

const START = /(?:^|\s)(\d+,\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2},[^,\s]*,([A-Z]+),)/;
const TYPES = new Set(['TRAFFIC', 'THREAT', 'SYSTEM', 'CONFIG', 'GLOBALPROTECT', 'AUTH', 'USERID', 'HIPMATCH', 'DECRYPTION', 'CORRELATION', 'IPTAG', 'TUNNEL', 'SCTP', 'GTP']);
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const HEADER_TIME = /^(?:<\d+>)?(?:1 )?(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))\s/;
const DENIED = /^(?:deny|drop|drop-icmp|drop-all-packets|reset-client|reset-server|reset-both|block-url|block-ip|block-continue|block-override|sinkhole)$/;
const SEVERITIES: ReadonlyMap<string, number> = new Map([['critical', 1], ['high', 1], ['medium', 2], ['low', 3], ['informational', 3]]);
const THREAT_NAME = /^(.*)\((\d+)\)$/;
/** PAN-OS 10's threat category (`brute-force`, `code-execution`…) in threat logs. */
const THREAT_CATEGORY = 69;

/** One CSV row: fields split on commas outside double quotes (`""` is a quote inside one). */
function fieldsOf(text: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

const at = (f: readonly string[], index: number): string | undefined => {
  const value = f[index]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

/** A NAT address, unless the session had none (`0.0.0.0`). */
function natAddress(value: string | undefined): string | undefined {
  return value === '0.0.0.0' || value === '::' ? undefined : value;
}

function threatEvent(subtype: string | undefined, action: string | undefined, severity: number | undefined): EventFields['event'] {
  const type = [action !== undefined && DENIED.test(action) ? 'denied' : 'info'];
  if (subtype === 'virus' || subtype === 'wildfire' || subtype === 'wildfire-virus') return { category: ['malware'], type, action: 'malware-detected', severity };
  if (subtype === 'url') return { category: ['web'], type: [type[0] === 'denied' ? 'denied' : 'allowed'], action: 'url-filter', severity };
  if (subtype === 'file' || subtype === 'data') return { category: ['file'], type, action: `${subtype}-filter`, severity };
  return { category: ['intrusion_detection'], type, action: 'ids-alert', severity };
}

function trafficEvent(action: string | undefined): EventFields['event'] {
  if (action === undefined) return firewallEvent(undefined);
  return firewallEvent(DENIED.test(action) ? 'denied' : action === 'allow' ? 'allowed' : undefined, action);
}

function parse(text: string): ParseOutcome {
  const start = START.exec(text);
  if (start === null || !TYPES.has(start[2]!)) return reject('not a PAN-OS log row');
  const f = fieldsOf(text.slice(start.index + start[0].length - start[1]!.length));
  const type = at(f, 3)!;
  const subtype = at(f, 4);
  const action = at(f, 30);
  const common: EventFields = {
    host: { name: headerHost(text.slice(0, start.index)) },
    source: { ip: ip(at(f, 7)), port: port(at(f, 24)) },
    destination: { ip: ip(at(f, 8)), port: port(at(f, 25)) },
    user: domainUser(at(f, 12)),
    network: { transport: at(f, 29)?.toLowerCase(), interface: { in: at(f, 18), out: at(f, 19) } },
    labels: labelsOf({
      'panos.serial': at(f, 2), 'panos.type': type, 'panos.subtype': subtype, 'panos.rule': at(f, 11), 'panos.application': at(f, 14),
      'panos.vsys': at(f, 15), 'panos.from_zone': at(f, 16), 'panos.to_zone': at(f, 17), 'panos.session_id': at(f, 22),
      'panos.nat_source_ip': natAddress(at(f, 9)), 'panos.nat_destination_ip': natAddress(at(f, 10)), 'panos.action': action, 'panos.destination_user': at(f, 13),
    }),
  };
  let fields: EventFields = common;
  if (type === 'TRAFFIC') {
    fields = { ...common, event: trafficEvent(action), network: { ...common.network, bytes: int(at(f, 31)), packets: int(at(f, 34)) }, rule: { name: at(f, 11) } };
  } else if (type === 'THREAT') {
    const threat = at(f, 32);
    const named = threat === undefined ? null : THREAT_NAME.exec(threat);
    const severity = SEVERITIES.get(at(f, 34)?.toLowerCase() ?? '');
    const category = f.length > THREAT_CATEGORY ? at(f, THREAT_CATEGORY) : undefined;
    const target = at(f, 31);
    fields = {
      ...common,
      message: subtype === 'url' ? (target ?? threat) : threat,
      event: { ...threatEvent(subtype, action, severity), count: int(at(f, 23)) },
      rule: { name: named === null ? threat : named[1]!.trim() || undefined, id: named?.[2], category: category !== undefined && /^[a-z][a-z-]*$/.test(category) ? category : undefined },
      url: subtype === 'url' && target !== undefined ? { original: target } : undefined,
      file: subtype !== 'url' && target !== undefined ? { name: target } : undefined,
    };
  } else {
    // Other log types have fields of their own after the first seven; the system log's description is its message.
    fields = {
      host: common.host,
      message: type === 'SYSTEM' ? at(f, 14) : undefined,
      event: { action: subtype === undefined ? type.toLowerCase() : `${type.toLowerCase()}-${subtype}` },
      labels: labelsOf({ 'panos.serial': at(f, 2), 'panos.type': type, 'panos.subtype': subtype, 'panos.event_id': type === 'SYSTEM' ? at(f, 8) : undefined, 'panos.severity': type === 'SYSTEM' ? at(f, 13) : undefined }),
    };
  }
  return events({ time: timeOf(text, f), dataset: `panos.${type.toLowerCase()}`, fields: compact(fields) });
}

/** The sending host of a syslog header before the row (BSD: its last word; IETF: the word after the time). */
function headerHost(header: string): string | undefined {
  const words = header.trim().split(/\s+/).filter((w) => w !== '');
  if (words.length < 2) return undefined;
  const host = /^<\d+>1$/.test(words[0]!) ? words[2] : words.at(-1);
  // A header without a host ends with its time.
  return host === undefined || host === '-' || /^\d{1,2}:\d{2}/.test(host) ? undefined : host;
}

function timeOf(text: string, f: readonly string[]): string | undefined {
  const zoned = f.find((value) => ZONED.test(value));
  if (zoned !== undefined) return zoned;
  const header = HEADER_TIME.exec(text)?.[1];
  if (header !== undefined) return header;
  const generated = at(f, 6) ?? at(f, 1);
  return generated?.replaceAll('/', '-');
}

export const panosFormat = defineFormat({
  id: 'panos',
  title: 'Palo Alto Networks PAN-OS',
  description:
    'PAN-OS syslog rows (CSV, after an optional syslog header): traffic verdicts (firewall) and threat logs (vulnerability, ' +
    'spyware, scan and flood as intrusion detection with the threat as rule, virus and WildFire as malware, URL filtering); ' +
    'other log types kept with their type.',
  framing: 'lines',
  sniff: sniffLines((line) => parse(line).kind === 'events'),
  createParser: stateless((record) => parse(record.text)),
  logsources: [{ category: 'firewall' }, { category: 'ids' }],
  lineFallback: true,
});
