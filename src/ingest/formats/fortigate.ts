import { transportName } from '../iana-transport.ts';
import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, reject, sniffLines, stateless, type ParseOutcome } from '../format.ts';
import { compact, int, ip, port, sumOfKnown } from '../values.ts';
import { pairLabels, pairValue, pairsBy } from './firewall-pairs.ts';
import { firewallEvent } from './firewall-verdict.ts';

/**
 * Fortinet FortiGate logs: `key=value` pairs (values quoted when they hold spaces), on their own or after a
 * syslog priority or header: `date=2024-10-14 time=13:46:40 eventtime=1728938800841267391 tz="-0700"
 * logid="0000000013" type="traffic" subtype="forward" … srcip=… srcport=… dstip=… dstport=… proto=6
 * action="deny" policyid=0 …`. Traffic logs are firewall verdicts, VPN and administrator logins authentication,
 * IPS and anomaly logs intrusion detection with the attack as the rule. Every pair not mapped is kept as a label.
 */

const FIRST_PAIR = /(?:^|[\s>])(?:date|logver|eventtime|timestamp|devname|devid|logid)=/;
/** A key starts a word (inside a long word only its first letter is tried). */
const PAIR = /(?<![\w.-])([A-Za-z_][\w.-]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)/g;
/** Values FortiGate writes for "none". */
const NONE = new Set(['', 'N/A', 'n/a', 'none', 'unknown']);
const DENIED = /^(?:deny|denied|block|blocked|drop|dropped|reset|reject)$/i;
const ALLOWED = /^(?:accept|close|timeout|server-rst|client-rst|start|allow|allowed|pass|passthrough|ip-conn)$/i;
const FAILED = /fail|error|denied|invalid|locked/i;
const SEVERITIES: ReadonlyMap<string, number> = new Map([['critical', 1], ['high', 1], ['medium', 2], ['low', 3], ['info', 3], ['information', 3]]);
/**
 * Pairs not kept as labels: the time (in @timestamp) and the message. Every other pair is a label under its own
 * name, mapped ones too, so Sigma rules for `product: fortigate` read FortiGate's own field names (`cfgpath`).
 */
const NOT_LABELS = new Set(['date', 'time', 'eventtime', 'tz', 'msg']);

type Pairs = Readonly<Record<string, string>>;

const pairsOf = (text: string): Record<string, string> => pairsBy(text, PAIR, (raw) => (raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw));
const value = (pairs: Pairs, key: string): string | undefined => pairValue(pairs, key, NONE);

/** `eventtime` (s, ms, µs or ns since the epoch) when there is one: exact; else `date time` with `tz` when given. */
function timeOf(pairs: Pairs): string | undefined {
  const epoch = value(pairs, 'eventtime');
  if (epoch !== undefined && /^\d{10,19}$/.test(epoch)) {
    const millis = Number(epoch.slice(0, 13).padEnd(13, '0'));
    const date = new Date(millis);
    if (!Number.isNaN(date.getTime())) return date.toISOString();
  }
  const date = value(pairs, 'date');
  const clock = value(pairs, 'time');
  if (date === undefined || clock === undefined) return undefined;
  const zone = /^[+-]\d{4}$/.exec(value(pairs, 'tz') ?? '')?.[0];
  return `${date}T${clock}${zone === undefined ? '' : `${zone.slice(0, 3)}:${zone.slice(3)}`}`;
}

function verdict(action: string | undefined): EventFields['event'] {
  if (action === undefined) return firewallEvent(undefined);
  return firewallEvent(DENIED.test(action) ? 'denied' : ALLOWED.test(action) ? 'allowed' : undefined, action);
}

/** VPN and administrator logins: authentication, failed when the action, status or reason says so. */
function login(pairs: Pairs): EventFields['event'] | undefined {
  const action = value(pairs, 'action') ?? '';
  const subtype = value(pairs, 'subtype');
  const isLogin = /login|logon|auth/i.test(action) || /login|logon/i.test(value(pairs, 'logdesc') ?? '');
  if (!isLogin || (subtype !== 'vpn' && subtype !== 'system' && subtype !== 'user')) return undefined;
  const failed = [action, value(pairs, 'status') ?? '', value(pairs, 'reason') ?? ''].some((text) => FAILED.test(text));
  const kind = subtype === 'vpn' ? 'vpn-login' : 'admin-login';
  return { category: ['authentication'], type: ['start'], action: failed ? `${kind}-failed` : kind, outcome: failed ? 'failure' : 'success' };
}

function eventOf(pairs: Pairs): EventFields['event'] {
  const type = value(pairs, 'type');
  const subtype = value(pairs, 'subtype');
  if (type === 'traffic') return verdict(value(pairs, 'action'));
  if (type === 'utm' && (subtype === 'ips' || subtype === 'anomaly' || subtype === 'waf')) {
    const severity = SEVERITIES.get((value(pairs, 'severity') ?? value(pairs, 'crlevel') ?? '').toLowerCase());
    const blocked = DENIED.test(value(pairs, 'action') ?? '');
    return { category: ['intrusion_detection'], type: [blocked ? 'denied' : 'info'], action: 'ids-alert', severity };
  }
  if (type === 'utm' && subtype === 'virus') return { category: ['malware'], type: ['info'], action: 'malware-detected' };
  if (type === 'utm' && subtype === 'webfilter') return { category: ['web'], type: [DENIED.test(value(pairs, 'action') ?? '') ? 'denied' : 'allowed'], action: 'web-filter' };
  return login(pairs) ?? { action: value(pairs, 'action') };
}

function fieldsOf(pairs: Pairs): EventFields {
  const sent = int(value(pairs, 'sentbyte'));
  const received = int(value(pairs, 'rcvdbyte'));
  const sentPackets = int(value(pairs, 'sentpkt'));
  const receivedPackets = int(value(pairs, 'rcvdpkt'));
  const proto = value(pairs, 'proto');
  const hostname = value(pairs, 'hostname');
  return {
    message: value(pairs, 'msg') ?? value(pairs, 'logdesc'),
    event: eventOf(pairs),
    host: { name: value(pairs, 'devname') },
    source: { ip: ip(value(pairs, 'srcip') ?? value(pairs, 'remip')), port: port(value(pairs, 'srcport')), mac: value(pairs, 'srcmac') },
    destination: { ip: ip(value(pairs, 'dstip')), port: port(value(pairs, 'dstport')), mac: value(pairs, 'dstmac'), domain: hostname },
    user: { name: value(pairs, 'user') ?? value(pairs, 'srcuser') },
    network: {
      transport: transportName(proto),
      protocol: value(pairs, 'service')?.toLowerCase(),
      bytes: sumOfKnown(sent, received),
      packets: sumOfKnown(sentPackets, receivedPackets),
      interface: { in: value(pairs, 'srcintf'), out: value(pairs, 'dstintf') },
    },
    rule: { name: value(pairs, 'attack') ?? value(pairs, 'virus'), id: value(pairs, 'attackid') ?? value(pairs, 'virusid') },
    url: value(pairs, 'url') === undefined ? undefined : { original: value(pairs, 'url'), domain: hostname },
    labels: pairLabels(pairs, NOT_LABELS, NONE),
  };
}

function parse(text: string): ParseOutcome {
  const start = FIRST_PAIR.exec(text);
  if (start === null) return reject('no FortiGate key=value pairs');
  const pairs = pairsOf(text.slice(start.index));
  if (!Object.hasOwn(pairs, 'type') || !(Object.hasOwn(pairs, 'logid') || Object.hasOwn(pairs, 'devname') || Object.hasOwn(pairs, 'subtype'))) {
    return reject('not a FortiGate log (no type with a logid, devname or subtype)');
  }
  const type = value(pairs, 'type') ?? 'log';
  return events({ time: timeOf(pairs), dataset: `fortigate.${type}`, fields: compact(fieldsOf(pairs)) });
}

export const fortigateFormat = defineFormat({
  id: 'fortigate',
  title: 'Fortinet FortiGate',
  description:
    'FortiGate key=value logs (alone or after a syslog header): traffic verdicts (firewall), VPN and administrator logins ' +
    '(authentication), IPS and anomaly logs (intrusion detection), antivirus and web filter logs; other pairs kept as labels.',
  framing: 'lines',
  sniff: sniffLines((line) => parse(line).kind === 'events'),
  createParser: stateless((record) => parse(record.text)),
  logsources: [{ category: 'firewall' }, { category: 'authentication' }],
  lineFallback: true,
});
