import { transportName } from '../iana-transport.ts';
import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, reject, sniffLines, stateless, type ParseOutcome } from '../format.ts';
import { compact, int, ip, port, sumOfKnown } from '../values.ts';
import { pairLabels, pairValue, pairsBy, unquoted } from './firewall-pairs.ts';
import { firewallEvent } from './firewall-verdict.ts';

/**
 * Sophos Firewall (SFOS, formerly XG) syslog: `key=value` pairs, alone or after a syslog header: `device="SFW"
 * date=2024-11-23 time=10:00:03 timezone="UTC" device_name="XG230" log_id=010101600001 log_type="Firewall"
 * log_component="Firewall Rule" log_subtype="Denied" status="Deny" … src_ip=… src_port=… dst_ip=… dst_port=…
 * protocol="TCP" …`. Firewall logs are verdicts (`status`/`log_subtype`), IDP logs intrusion detection (the signature
 * as the rule, its Snort classification as the category the IDS rules name), anti-virus logs malware, web filter logs
 * web requests allowed or denied, and the authentication and administrator events logins. Every pair is a label.
 */

const FIRST_PAIR = /(?:^|[\s>])(?:device="?SFW"?|device_name=)/;
const PAIR = /(?<![\w.-])([A-Za-z_][\w.-]*)=("[^"]*"|[^\s"]*)/g;
const NONE = new Set(['', 'N/A', 'n/a', '0.0.0.0']);
const DENIED = /^(?:deny|denied|drop|dropped|block|blocked|reject|rejected)$/i;
const ALLOWED = /^(?:allow|allowed|accept|accepted|pass)$/i;
/** Zones a Sophos `timezone` can name that are UTC; other abbreviations are ambiguous: `--tz`. */
const UTC_ZONES = new Set(['UTC', 'GMT', 'Etc/UTC', 'Etc/GMT']);
/** Pairs in the schema only. */
const NOT_LABELS = new Set(['date', 'time', 'timezone', 'message']);

type Pairs = Readonly<Record<string, string>>;

const pairsOf = (text: string): Record<string, string> => pairsBy(text, PAIR, unquoted);
const value = (pairs: Pairs, key: string): string | undefined => pairValue(pairs, key, NONE);

function verdictOf(pairs: Pairs): 'denied' | 'allowed' | undefined {
  for (const key of ['status', 'log_subtype', 'fw_action']) {
    const text = value(pairs, key);
    if (text !== undefined && DENIED.test(text)) return 'denied';
    if (text !== undefined && ALLOWED.test(text)) return 'allowed';
  }
  return undefined;
}

function eventOf(pairs: Pairs): { event: EventFields['event']; dataset: string; rule?: EventFields['rule'] } {
  const type = (value(pairs, 'log_type') ?? '').toLowerCase();
  const component = (value(pairs, 'log_component') ?? '').toLowerCase();
  const verdict = verdictOf(pairs);
  if (type === 'idp') {
    return {
      event: { category: ['intrusion_detection'], type: [verdict === 'denied' ? 'denied' : 'info'], action: 'ids-alert' },
      dataset: 'sophos.idp',
      rule: { name: value(pairs, 'signature_msg'), id: value(pairs, 'signature_id'), category: value(pairs, 'classification') },
    };
  }
  if (type === 'anti-virus' || type === 'atp') {
    return { event: { category: ['malware'], type: [verdict === 'denied' ? 'denied' : 'info'], action: 'malware-detected' }, dataset: `sophos.${type}`, rule: { name: value(pairs, 'virus') ?? value(pairs, 'threatname') } };
  }
  if (type === 'content filtering' || type === 'web filter' || component === 'http') {
    return { event: { category: ['web'], type: [verdict === 'denied' ? 'denied' : 'allowed'], action: 'web-filter' }, dataset: 'sophos.web' };
  }
  if (component.includes('authentication') || component === 'admin' || value(pairs, 'log_subtype')?.toLowerCase() === 'authentication') {
    const status = value(pairs, 'status') ?? '';
    if (/success|fail/i.test(status)) {
      const failed = /fail/i.test(status);
      const kind = component === 'admin' || /admin/i.test(value(pairs, 'message') ?? '') ? 'admin-login' : 'login';
      return { event: { category: ['authentication'], type: ['start'], action: failed ? `${kind}-failed` : kind, outcome: failed ? 'failure' : 'success' }, dataset: 'sophos.auth' };
    }
  }
  if (type === 'firewall') return { event: firewallEvent(verdict), dataset: 'sophos.firewall' };
  return { event: { action: value(pairs, 'log_subtype')?.toLowerCase() }, dataset: `sophos.${type === '' ? 'log' : type.replace(/\s+/g, '_')}` };
}

function timeOf(pairs: Pairs): string | undefined {
  const date = value(pairs, 'date');
  const clock = value(pairs, 'time');
  if (date === undefined || clock === undefined) return undefined;
  const zone = value(pairs, 'timezone');
  const offset = zone === undefined ? undefined : UTC_ZONES.has(zone) ? 'Z' : /^[+-]\d{2}:?\d{2}$/.test(zone) ? zone : undefined;
  return `${date}T${clock}${offset ?? ''}`;
}

function parse(text: string): ParseOutcome {
  const start = FIRST_PAIR.exec(text);
  if (start === null) return reject('no Sophos Firewall device pairs');
  const pairs = pairsOf(text.slice(start.index));
  if (!Object.hasOwn(pairs, 'log_type') || !Object.hasOwn(pairs, 'log_id')) return reject('not a Sophos Firewall log (no log_type and log_id)');
  const { event, dataset, rule } = eventOf(pairs);
  const sent = int(value(pairs, 'sent_bytes'));
  const received = int(value(pairs, 'recv_bytes'));
  const sentPackets = int(value(pairs, 'sent_pkts'));
  const receivedPackets = int(value(pairs, 'recv_pkts'));
  const url = value(pairs, 'url');
  const fields: EventFields = {
    message: value(pairs, 'message') ?? value(pairs, 'signature_msg'),
    event: { ...event, code: value(pairs, 'log_id') },
    host: { name: value(pairs, 'device_name') },
    source: { ip: ip(value(pairs, 'src_ip')), port: port(value(pairs, 'src_port')), mac: value(pairs, 'src_mac') },
    destination: { ip: ip(value(pairs, 'dst_ip')), port: port(value(pairs, 'dst_port')), mac: value(pairs, 'dst_mac'), domain: value(pairs, 'domain') },
    user: { name: value(pairs, 'user_name') ?? value(pairs, 'user') },
    network: {
      transport: transportName(value(pairs, 'protocol')),
      bytes: sumOfKnown(sent, received),
      packets: sumOfKnown(sentPackets, receivedPackets),
      interface: { in: value(pairs, 'in_interface') ?? value(pairs, 'in_display_interface'), out: value(pairs, 'out_interface') ?? value(pairs, 'out_display_interface') },
    },
    // Rule 0 is none: the implicit policy.
    rule: rule ?? { id: value(pairs, 'fw_rule_id') === '0' ? undefined : value(pairs, 'fw_rule_id'), name: value(pairs, 'fw_rule_name') },
    url: url === undefined ? undefined : { original: url },
    labels: pairLabels(pairs, NOT_LABELS, NONE),
  };
  return events({ time: timeOf(pairs), dataset, fields: compact(fields) });
}

export const sophosFirewallFormat = defineFormat({
  id: 'sophos-firewall',
  title: 'Sophos Firewall (SFOS/XG)',
  description:
    'Sophos Firewall key=value logs (device="SFW" … log_type=… , alone or after a syslog header): firewall verdicts, IDP ' +
    'alerts (intrusion detection), anti-virus, web filter and login events; every pair kept as a label.',
  framing: 'lines',
  sniff: sniffLines((line) => parse(line).kind === 'events'),
  createParser: stateless((record) => parse(record.text)),
  logsources: [{ category: 'firewall' }, { category: 'authentication' }, { category: 'ids' }],
  lineFallback: true,
});
