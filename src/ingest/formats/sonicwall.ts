import { transportName } from '../iana-transport.ts';
import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, reject, sniffLines, stateless, type ParseOutcome } from '../format.ts';
import { compact, int, ip, port, sumOfKnown } from '../values.ts';
import { pairLabels, pairValue, pairsBy, unquoted } from './firewall-pairs.ts';
import { firewallEvent } from './firewall-verdict.ts';

/**
 * SonicWall (SonicOS) logs in their default syslog format: `key=value` pairs after an optional syslog priority or
 * header, `id=firewall sn=<serial> time="2024-11-23 10:00:04" fw=<address> pri=6 c=<category> m=<message id>
 * msg="Connection Opened" src=10.0.0.5:51515:X0 dst=198.51.100.7:443:X1 proto=tcp/https …` (values in double or
 * single quotes when they hold spaces; an endpoint is address, port, interface and sometimes a name). Connections
 * and drops are firewall verdicts (`fw_action`, else the message: opened, closed and web site hits are allowed,
 * dropped or blocked packets denied); IPS, anti-virus and port scan alerts are intrusion detection with the message
 * as the rule; administrator and user logins are authentication. Every pair is kept as a label.
 */

const FIRST_PAIR = /(?:^|[\s>])id=\S+ sn=\S+ /;
const PAIR = /(?<![\w.-])([A-Za-z_][\w.-]*)=("[^"]*"|'[^']*'|[^\s"']*)/g;
const NONE = new Set(['', 'NA', 'N/A', 'none']);
const DENIED = /^(?:drop|dropped|deny|denied|block|blocked|reject|reset)$/i;
const ALLOWED = /^(?:forward|allow|allowed|accept|pass)$/i;
const DENIED_MESSAGE = /drop|block|denied|reject|discard/i;
const ALLOWED_MESSAGE = /^(?:connection (?:opened|closed)|web site hit|web site access allowed)/i;
const THREAT = /^(?:IPS (?:Detection|Prevention) Alert|Gateway Anti-Virus Alert|Anti-Spyware (?:Detection|Prevention) Alert|Possible port scan|Possible SYN flood|Botnet Filter)/i;
/** The IDS rules' categories (PAN-OS's words) for SonicWall's alerts. */
const CATEGORIES: ReadonlyArray<readonly [RegExp, string]> = [
  [/port scan|probe/i, 'scan'],
  [/flood|denial of service|\bdos\b/i, 'dos'],
  [/anti-virus|anti-spyware|botnet|trojan|backdoor/i, 'botnet'],
  [/sql injection/i, 'sql-injection'],
  [/code execution|command injection|web-attacks/i, 'code-execution'],
];
const LOGIN = /\blog(?:in|ged in)\b/i;
const LOGIN_FAILED = /denied|bad credentials|fail|locked|invalid/i;
/** Pairs in the schema only. */
const NOT_LABELS = new Set(['time', 'msg']);

type Pairs = Readonly<Record<string, string>>;

const pairsOf = (text: string): Record<string, string> => pairsBy(text, PAIR, unquoted);
const value = (pairs: Pairs, key: string): string | undefined => pairValue(pairs, key, NONE);

/** `address:port:interface[:name]`; the address is the part before the last `:port:interface` (an IPv6 one has colons). */
const ENDPOINT = /^(.{1,64}):(\d{1,5}):([A-Za-z][\w.-]{0,31})(?::([^:]{1,253}))?$/;

/** `10.0.0.5:51515:X0[:name]`: the address, port, interface and the name SonicWall resolved. */
function endpoint(text: string | undefined): { ip?: string; port?: number; iface?: string; name?: string } {
  if (text === undefined) return {};
  const m = ENDPOINT.exec(text);
  if (m === null) return { ip: ip(text) };
  return { ip: ip(m[1]), port: port(m[2]), iface: m[3], name: m[4] };
}

function threatCategory(message: string): string {
  for (const [pattern, category] of CATEGORIES) if (pattern.test(message)) return category;
  return 'alert';
}

/** An alert's signature: the message after its kind (`IPS Prevention Alert: WEB-ATTACKS …`), its sid, its category. */
function threatRule(pairs: Pairs, message: string): EventFields['rule'] {
  const colon = message.indexOf(': ');
  return { name: colon < 0 ? message : message.slice(colon + 2), id: value(pairs, 'sid'), category: threatCategory(message) };
}

function eventOf(pairs: Pairs, message: string): { event: EventFields['event']; dataset: string } {
  if (THREAT.test(message)) {
    const blocked = /prevention|drop|block/i.test(`${message} ${value(pairs, 'fw_action') ?? ''}`);
    return { event: { category: ['intrusion_detection'], type: [blocked ? 'denied' : 'info'], action: 'ids-alert' }, dataset: 'sonicwall.threat' };
  }
  if (LOGIN.test(message) && !/logged out|logout/i.test(message)) {
    const failed = LOGIN_FAILED.test(message);
    const kind = /administrator|admin/i.test(message) ? 'admin-login' : 'login';
    return { event: { category: ['authentication'], type: ['start'], action: failed ? `${kind}-failed` : kind, outcome: failed ? 'failure' : 'success' }, dataset: 'sonicwall.auth' };
  }
  const action = value(pairs, 'fw_action');
  const verdict = action !== undefined ? (DENIED.test(action) ? 'denied' : ALLOWED.test(action) ? 'allowed' : undefined) : DENIED_MESSAGE.test(message) ? 'denied' : ALLOWED_MESSAGE.test(message) ? 'allowed' : undefined;
  return { event: firewallEvent(verdict), dataset: 'sonicwall.firewall' };
}

function timeOf(pairs: Pairs): string | undefined {
  const time = value(pairs, 'time');
  const m = time === undefined ? null : /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})( UTC)?$/.exec(time);
  return m === null ? time : `${m[1]!}T${m[2]!}${m[3] === undefined ? '' : 'Z'}`;
}

function parse(text: string): ParseOutcome {
  const start = FIRST_PAIR.exec(text);
  if (start === null) return reject('no SonicWall id=… sn=… pairs');
  const pairs = pairsOf(text.slice(start.index));
  if (!Object.hasOwn(pairs, 'm') && !Object.hasOwn(pairs, 'msg')) return reject('not a SonicWall log (no m= or msg=)');
  const message = value(pairs, 'msg') ?? '';
  const { event, dataset } = eventOf(pairs, message);
  const src = endpoint(value(pairs, 'src'));
  const dst = endpoint(value(pairs, 'dst'));
  const [transport, service] = (value(pairs, 'proto') ?? '').split('/');
  const sent = int(value(pairs, 'sent'));
  const received = int(value(pairs, 'rcvd'));
  const fields: EventFields = {
    message: message === '' ? undefined : message,
    event: { ...event, code: value(pairs, 'm') },
    source: { ip: src.ip, port: src.port, mac: value(pairs, 'srcMac'), domain: src.name },
    destination: { ip: dst.ip, port: dst.port, mac: value(pairs, 'dstMac'), domain: value(pairs, 'dstname') ?? dst.name },
    user: { name: value(pairs, 'usr') ?? value(pairs, 'user') },
    network: {
      transport: transportName(transport === '' ? undefined : transport),
      // `tcp/https` names the service; `tcp/3389` only repeats the port.
      protocol: service === undefined || !/^[A-Za-z]/.test(service) ? undefined : service.toLowerCase(),
      bytes: sumOfKnown(sent, received),
      interface: { in: src.iface, out: dst.iface },
    },
    rule: event?.category?.includes('intrusion_detection') === true ? threatRule(pairs, message) : { name: value(pairs, 'rule') },
    labels: pairLabels(pairs, NOT_LABELS, NONE),
  };
  return events({ time: timeOf(pairs), dataset, fields: compact(fields) });
}

export const sonicwallFormat = defineFormat({
  id: 'sonicwall',
  title: 'SonicWall (SonicOS)',
  description:
    'SonicWall key=value logs (id=firewall sn=… m=… msg=…, alone or after a syslog header): connections and drops ' +
    '(firewall verdicts), IPS, anti-virus and port scan alerts (intrusion detection), administrator and user logins ' +
    '(authentication); every pair kept as a label.',
  framing: 'lines',
  sniff: sniffLines((line) => parse(line).kind === 'events'),
  createParser: stateless((record) => parse(record.text)),
  logsources: [{ category: 'firewall' }, { category: 'authentication' }, { category: 'ids' }],
  lineFallback: true,
});
