import type { EventFields } from '../../../../schema/event.ts';
import { transportName } from '../../../iana-transport.ts';
import { int, ip, port, setOwn, sumOfKnown } from '../../../values.ts';
import { pairValue, pairsBy } from '../../firewall-pairs.ts';
import { firewallEvent } from '../../firewall-verdict.ts';
import type { Decoded, DecodeInput, ProgramDecoder } from '../types.ts';

/**
 * Check Point's Log Exporter in its default syslog format: the program `CheckPoint`, then the log's fields as
 * `[key:"value"; key:"value"; …]` (sk122323). Connections are firewall verdicts (`action` Accept/Drop/Reject …;
 * `src`, `s_port`, `dst`, `service` the destination port, `proto` the IANA number, `ifdir`/`ifname`); Threat
 * Prevention's logs (IPS, Anti-Bot, Anti-Virus, Threat Emulation: a `protection_name`, `attack` or `malware_action`)
 * are intrusion detection with the protection as the rule and its attack class as the category the IDS rules name; `auth_status` and the login actions are authentication.
 * `time` (epoch seconds) is the event's time; every field is also a label under its own name.
 */

/** A key starts a word (inside a long word only its first letter is tried). */
const PAIR = /(?<![\w.-])([A-Za-z_][\w.-]*):"((?:[^"\\]|\\.)*)"/g;
const DENIED = /^(?:drop|reject|block|prevent|deny)$/i;
const ALLOWED = /^(?:accept|allow|bypass|inspect|encrypt|decrypt)$/i;
const FAILED = /fail|denied|reject|invalid|wrong|locked/i;
const THREAT_PRODUCT = /IPS|Threat|Anti[- ]?(?:Bot|Virus|Malware|Spam)|SandBlast|Zero Phishing/i;
const SEVERITIES: ReadonlyMap<string, number> = new Map([['critical', 1], ['high', 1], ['medium', 2], ['low', 3], ['informational', 3]]);
/** Fields in the schema only (the time, and the rendered message Check Point adds to some logs). */
const NOT_LABELS = new Set(['time', 'msg']);

type Pairs = Readonly<Record<string, string>>;

const NONE: ReadonlySet<string> = new Set(['']);
const value = (pairs: Pairs, key: string): string | undefined => pairValue(pairs, key, NONE);

/** The field list of a Log Exporter line (`[key:"value"; …]`), or undefined for another message. */
export function checkpointPairs(message: string): Record<string, string> | undefined {
  if (!message.startsWith('[')) return undefined;
  const pairs = pairsBy(message, PAIR, (raw) => raw.replace(/\\(.)/g, '$1'));
  return Object.keys(pairs).length === 0 ? undefined : pairs;
}

function authentication(pairs: Pairs): EventFields['event'] | undefined {
  const status = value(pairs, 'auth_status');
  const action = value(pairs, 'action') ?? '';
  if (status === undefined && !/log ?in|login/i.test(action)) return undefined;
  const failed = FAILED.test(status ?? action);
  return { category: ['authentication'], type: ['start'], action: failed ? 'login-failed' : 'login', outcome: failed ? 'failure' : 'success' };
}

function threat(pairs: Pairs): EventFields['event'] | undefined {
  const product = value(pairs, 'product') ?? '';
  const named = value(pairs, 'protection_name') ?? value(pairs, 'attack') ?? value(pairs, 'malware_action');
  if (named === undefined && !THREAT_PRODUCT.test(product)) return undefined;
  const blocked = DENIED.test(value(pairs, 'action') ?? '');
  return { category: ['intrusion_detection'], type: [blocked ? 'denied' : 'info'], action: 'ids-alert', severity: SEVERITIES.get((value(pairs, 'severity') ?? '').toLowerCase()) };
}

/** Check Point's attack classes (and Anti-Bot's product) as the categories the IDS rules name (PAN-OS's words). */
const CATEGORIES: ReadonlyArray<readonly [RegExp, string]> = [
  [/brute|password guess/i, 'brute-force'],
  [/denial of service|\bdos\b|flood/i, 'dos'],
  [/scan|sweep|reconnaissance|information disclosure|info(?:rmation)? leak/i, 'scan'],
  [/sql injection/i, 'sql-injection'],
  [/remote code|code execution|command (?:execution|injection)/i, 'code-execution'],
  [/overflow/i, 'overflow'],
  [/\bbot|command and control|c&c|\bc2\b|backdoor|trojan/i, 'botnet'],
];

function threatCategory(pairs: Pairs): string | undefined {
  const attack = value(pairs, 'attack');
  const text = `${attack ?? ''} ${value(pairs, 'protection_type') ?? ''} ${value(pairs, 'product') ?? ''}`;
  for (const [pattern, category] of CATEGORIES) if (pattern.test(text)) return category;
  return attack?.toLowerCase();
}

function verdict(pairs: Pairs): EventFields['event'] {
  const action = value(pairs, 'action');
  if (action === undefined) return firewallEvent(undefined);
  return firewallEvent(DENIED.test(action) ? 'denied' : ALLOWED.test(action) ? 'allowed' : undefined, action.toLowerCase());
}

function timeOf(pairs: Pairs): string | undefined {
  const epoch = value(pairs, 'time');
  if (epoch === undefined || !/^\d{9,10}$/.test(epoch)) return undefined;
  return new Date(Number(epoch) * 1000).toISOString();
}

function decode({ message }: DecodeInput): Decoded | undefined {
  const pairs = checkpointPairs(message);
  if (pairs === undefined) return undefined;
  const auth = authentication(pairs);
  const ips = auth === undefined ? threat(pairs) : undefined;
  const event = auth ?? ips ?? verdict(pairs);
  const inbound = value(pairs, 'ifdir') === 'inbound';
  const outbound = value(pairs, 'ifdir') === 'outbound';
  const iface = value(pairs, 'ifname');
  const sent = int(value(pairs, 'client_outbound_bytes') ?? value(pairs, 'sent_bytes'));
  const received = int(value(pairs, 'client_inbound_bytes') ?? value(pairs, 'received_bytes'));
  const resource = value(pairs, 'resource');
  const labels: Record<string, string> = {};
  for (const key of Object.keys(pairs)) if (!NOT_LABELS.has(key)) setOwn(labels, key, pairs[key]!);
  const decoded: Decoded = {
    dataset: auth !== undefined ? 'checkpoint.auth' : ips !== undefined ? 'checkpoint.threat' : 'checkpoint.firewall',
    fields: {
      message: value(pairs, 'msg') ?? value(pairs, 'attack_info'),
      event,
      source: { ip: ip(value(pairs, 'src')), port: port(value(pairs, 's_port')), domain: value(pairs, 'src_machine_name') },
      destination: { ip: ip(value(pairs, 'dst')), port: port(value(pairs, 'service')), domain: value(pairs, 'dst_machine_name') },
      user: { name: value(pairs, 'src_user_name') ?? value(pairs, 'user') },
      network: {
        transport: transportName(value(pairs, 'proto')),
        bytes: sumOfKnown(sent, received),
        interface: inbound ? { in: iface } : outbound ? { out: iface } : undefined,
        direction: inbound ? 'ingress' : outbound ? 'egress' : undefined,
      },
      rule: {
        name: value(pairs, 'protection_name') ?? value(pairs, 'attack') ?? value(pairs, 'rule_name'),
        id: value(pairs, 'protection_id') ?? value(pairs, 'rule_uid') ?? value(pairs, 'rule'),
        category: ips === undefined ? undefined : threatCategory(pairs),
      },
      url: resource === undefined ? undefined : { original: resource },
      labels,
    },
  };
  const time = timeOf(pairs);
  if (time !== undefined) decoded.time = time;
  return decoded;
}

export const checkpointDecoder: ProgramDecoder = {
  programs: ['checkpoint'],
  // Only the Log Exporter's field lists are Check Point's logs; another line stays plain syslog.
  dataset: () => undefined,
  decode,
};
