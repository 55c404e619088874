import type { EventFields } from '../../../../schema/event.ts';
import { transportName } from '../../../iana-transport.ts';
import { int, ip, port, setOwn, sumOfKnown } from '../../../values.ts';
import { firewallEvent } from '../../firewall-verdict.ts';
import type { Decoded, DecodeInput, ProgramDecoder } from '../types.ts';

/**
 * Juniper SRX (Junos) security logs, sent as syslog in either of Junos's formats: the text one
 * (`RT_FLOW: RT_FLOW_SESSION_DENY: session denied 203.0.113.5/51234->192.0.2.10/22 0x0 junos-ssh 6(0) deny-all untrust
 * trust …`) or `structured-data` (RFC 5424, the tag as MSGID, the fields as `[junos@2636.… source-address="…" …]`,
 * with or without the text after them). Sessions (`RT_FLOW`): a session created is an allowed connection, one denied a
 * denied one (both firewall verdicts for the `firewall` rules), one closed the end of a connection with its reason,
 * packets and bytes. Screens (`RT_SCREEN`: port scans, sweeps, floods the zone's screen options dropped) and IDP
 * attack logs (`RT_IDP`) are intrusion detection alerts with the attack as the rule and its class as the category the
 * IDS rules name. The text form's fields are named as the structured form names them, and every field is a label.
 */

type Params = Record<string, string>;

const TAG = /^([A-Z][A-Z0-9_]{2,63}): ?(.*)$/s;
const FLOW = /^RT_FLOW_SESSION_(CREATE|CLOSE|DENY)(?:_LS)?$/;
const ENDPOINTS = /^([^\s/]{1,45})\/(\d{1,5})->([^\s/]{1,45})\/(\d{1,5})$/;
const TAG_WORD = /^0x[0-9a-f]{1,16}$/i;
const PROTOCOL_ICMP = /^(\d{1,3})\((\d{1,5})\)$/;
const COUNTS = /^(\d{1,20})\((\d{1,20})\)$/;
const USER_ROLES = /^(.*)\((.*)\)$/s;
/** What Junos writes for a field it has no value for. */
const NONE = new Set(['', 'N/A', 'UNKNOWN', 'None', 'none', 'NA', '-1']);

const value = (params: Params, name: string): string | undefined => {
  const found = Object.hasOwn(params, name) ? params[name] : undefined;
  return found === undefined || NONE.has(found) ? undefined : found;
};

/** The structured form's fields (`junos@2636.1.1.1.2.129.source-address` → `source-address`), or undefined. */
function structuredParams(labels: Readonly<Record<string, string>>): Params | undefined {
  let params: Params | undefined;
  for (const [key, text] of Object.entries(labels)) {
    if (!key.startsWith('junos@')) continue;
    params ??= {};
    setOwn(params, key.slice(key.lastIndexOf('.') + 1), text);
  }
  return params;
}

function setEndpoints(params: Params, word: string | undefined, prefix: '' | 'nat-'): boolean {
  const m = ENDPOINTS.exec(word ?? '');
  if (m === null) return false;
  setOwn(params, `${prefix}source-address`, m[1]!);
  setOwn(params, `${prefix}source-port`, m[2]!);
  setOwn(params, `${prefix}destination-address`, m[3]!);
  setOwn(params, `${prefix}destination-port`, m[4]!);
  return true;
}

function setUser(params: Params, word: string | undefined): void {
  const m = USER_ROLES.exec(word ?? '');
  if (m === null) return;
  setOwn(params, 'username', m[1]!);
  setOwn(params, 'roles', m[2]!);
}

/** The named words of a session message's text after its endpoints, as the structured form names them. */
function flowText(kind: string, text: string): Params | undefined {
  const head = /^session (?:created|denied|closed ([^:]{1,100}):) (.*)$/s.exec(text);
  if (head === null) return undefined;
  const params: Params = {};
  if (head[1] !== undefined) setOwn(params, 'reason', head[1]);
  const words = head[2]!.split(' ');
  if (!setEndpoints(params, words[0], '')) return undefined;
  let at = 1;
  if (TAG_WORD.test(words[at] ?? '')) setOwn(params, 'connection-tag', words[at++]!);
  setOwn(params, 'service-name', words[at++] ?? '');
  return kind === 'DENY' ? denyText(params, words, at) : sessionText(kind, params, words, at);
}

/** `6(0) policy from-zone to-zone application nested-application user(roles) interface encrypted reason…`. */
function denyText(params: Params, words: readonly string[], start: number): Params {
  let at = start;
  const protocol = PROTOCOL_ICMP.exec(words[at] ?? '');
  if (protocol === null) return params;
  setOwn(params, 'protocol-id', protocol[1]!);
  setOwn(params, 'icmp-type', protocol[2]!);
  at++;
  for (const name of ['policy-name', 'source-zone-name', 'destination-zone-name', 'application', 'nested-application']) if (at < words.length) setOwn(params, name, words[at++]!);
  if (USER_ROLES.test(words[at] ?? '')) setUser(params, words[at++]);
  for (const name of ['packet-incoming-interface', 'encrypted']) if (at < words.length) setOwn(params, name, words[at++]!);
  if (at < words.length) setOwn(params, 'reason', words.slice(at).join(' '));
  return params;
}

/**
 * `nat-endpoints [tag] <NAT rule words> protocol policy from-zone to-zone session-id …`: the NAT rules take two to five
 * words depending on the release (`r1 None`, `N/A N/A N/A N/A`, `source rule r1 N/A N/A`), so the protocol is the first
 * number whose fifth word on is the session id.
 */
function sessionText(kind: string, params: Params, words: readonly string[], start: number): Params {
  let at = start;
  if (setEndpoints(params, words[at], 'nat-')) at++;
  if (TAG_WORD.test(words[at] ?? '')) at++;
  let protocolAt = -1;
  for (let i = at; i + 4 < words.length && i < at + 8; i++) {
    if (/^\d{1,3}$/.test(words[i]!) && /^\d{1,20}$/.test(words[i + 4]!)) {
      protocolAt = i;
      break;
    }
  }
  if (protocolAt < 0) return params;
  if (protocolAt > at) setOwn(params, 'nat-rules', words.slice(at, protocolAt).join(' '));
  at = protocolAt;
  for (const name of ['protocol-id', 'policy-name', 'source-zone-name', 'destination-zone-name', 'session-id-32']) setOwn(params, name, words[at++]!);
  if (kind === 'CLOSE') {
    const client = COUNTS.exec(words[at] ?? '');
    const server = COUNTS.exec(words[at + 1] ?? '');
    if (client === null || server === null) return params;
    setOwn(params, 'packets-from-client', client[1]!);
    setOwn(params, 'bytes-from-client', client[2]!);
    setOwn(params, 'packets-from-server', server[1]!);
    setOwn(params, 'bytes-from-server', server[2]!);
    at += 2;
    if (/^\d{1,20}$/.test(words[at] ?? '')) setOwn(params, 'elapsed-time', words[at++]!);
    for (const name of ['application', 'nested-application']) if (at < words.length && !USER_ROLES.test(words[at]!)) setOwn(params, name, words[at++]!);
  }
  if (USER_ROLES.test(words[at] ?? '')) setUser(params, words[at++]);
  if (at < words.length) setOwn(params, 'packet-incoming-interface', words[at++]!);
  if (kind === 'CREATE') for (const name of ['application', 'nested-application', 'encrypted']) if (at < words.length) setOwn(params, name, words[at++]!);
  return params;
}

function labelsOf(params: Params): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [name, text] of Object.entries(params)) setOwn(labels, `junos.${name}`, text);
  return labels;
}

function endpoints(params: Params): Pick<EventFields, 'source' | 'destination'> {
  return {
    source: { ip: ip(value(params, 'source-address')), port: port(value(params, 'source-port')), bytes: int(value(params, 'bytes-from-client')) },
    destination: { ip: ip(value(params, 'destination-address')), port: port(value(params, 'destination-port')), bytes: int(value(params, 'bytes-from-server')) },
  };
}

function flow(kind: string, params: Params): Decoded {
  const event: EventFields['event'] =
    kind === 'CREATE'
      ? { ...firewallEvent('allowed'), type: ['connection', 'start', 'allowed'] }
      : kind === 'DENY'
        ? { ...firewallEvent('denied'), type: ['connection', 'denied'], reason: value(params, 'reason') }
        : { category: ['network'], type: ['connection', 'end'], action: 'session-closed', reason: value(params, 'reason') };
  const application = value(params, 'application');
  const packets = sumOfKnown(int(value(params, 'packets-from-client')), int(value(params, 'packets-from-server')));
  return {
    dataset: 'juniper.flow',
    fields: {
      event,
      ...endpoints(params),
      user: { name: value(params, 'username') },
      network: {
        transport: transportName(value(params, 'protocol-id')),
        protocol: application?.toLowerCase(),
        bytes: sumOfKnown(int(value(params, 'bytes-from-client')), int(value(params, 'bytes-from-server'))),
        packets,
        interface: { in: value(params, 'packet-incoming-interface') },
      },
      rule: { name: value(params, 'policy-name') },
      labels: labelsOf(params),
    },
  };
}

/** Attack names (screens' and IDP's) by the class the IDS rules name (PAN-OS's words). */
const ATTACK_CLASSES: ReadonlyArray<readonly [RegExp, string]> = [
  [/BRUTE/i, 'brute-force'],
  [/SQL[-:_ ]?INJ/i, 'sql-injection'],
  [/CMD[-:_ ]?(?:INJ|EXEC)|COMMAND[-:_ ]?INJ|CODE[-:_ ]?EXEC|\bRCE\b|:EXEC\b/i, 'code-execution'],
  [/OVERFLOW|\bBOF\b|:BO\b/i, 'overflow'],
  [/\b(?:D?DOS|FLOOD|LAND|TEARDROP|WINNUKE|PING OF DEATH)\b/i, 'dos'],
  [/TROJAN|BOTNET|BACKDOOR|\bC2\b|\bCNC\b|SPYWARE/i, 'botnet'],
  [/INFO[-:_ ]?(?:LEAK|DISC)/i, 'info-leak'],
  [/SCAN|SWEEP|RECON|PROBE/i, 'scan'],
];

function attackClass(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  for (const [pattern, category] of ATTACK_CLASSES) if (pattern.test(name)) return category;
  return undefined;
}

const DROPPED = /^(?:drop|drop-packet|drop-connection|close|close-client|close-server|close-client-and-server|block|reject|deny)$/i;
const SEVERITIES: ReadonlyMap<string, number> = new Map([['CRITICAL', 1], ['MAJOR', 1], ['HIGH', 1], ['MINOR', 2], ['MEDIUM', 2], ['LOW', 3], ['INFO', 3]]);

function threat(dataset: string, attack: string | undefined, params: Params): Decoded {
  const action = value(params, 'action');
  return {
    dataset,
    fields: {
      event: {
        category: ['intrusion_detection', 'network'],
        type: [action !== undefined && DROPPED.test(action) ? 'denied' : 'info'],
        action: 'ids-alert',
        severity: SEVERITIES.get((value(params, 'threat-severity') ?? '').toUpperCase()),
      },
      ...endpoints(params),
      network: { transport: transportName(value(params, 'protocol-id')) ?? value(params, 'protocol-name')?.toLowerCase(), interface: { in: value(params, 'interface-name') } },
      rule: { name: attack, category: attackClass(attack) },
      labels: labelsOf(params),
    },
  };
}

/** `TCP port scan! source: 203.0.113.5:51234, destination: 192.0.2.10:22, zone name: untrust, interface name: ge-0/0/0.0, action: drop`. */
function screenText(text: string): Params | undefined {
  const m = /^([^!]{1,200})! ?(.*)$/s.exec(text);
  if (m === null) return undefined;
  const params: Params = {};
  setOwn(params, 'attack-name', `${m[1]!}!`);
  for (const part of m[2]!.split(', ')) {
    const colon = part.indexOf(': ');
    if (colon < 1) continue;
    const key = part.slice(0, colon).trim();
    const text2 = part.slice(colon + 2).trim();
    if (key === 'source' || key === 'destination') {
      const lastColon = text2.lastIndexOf(':');
      const address = lastColon > 0 && /^\d{1,5}$/.test(text2.slice(lastColon + 1)) && ip(text2.slice(0, lastColon)) !== undefined ? text2.slice(0, lastColon) : text2;
      setOwn(params, `${key}-address`, address);
      if (address !== text2) setOwn(params, `${key}-port`, text2.slice(lastColon + 1));
    } else setOwn(params, key === 'zone name' ? 'source-zone-name' : key === 'interface name' ? 'interface-name' : key.replaceAll(' ', '-'), text2);
  }
  return params;
}

/**
 * `IDP: at 1732350000, SIGNATURE Attack log <203.0.113.5/51234->192.0.2.10/80> for TCP protocol and service SERVICE_IDP
 * application HTTP by rule 1 of rulebase IPS in policy Recommended. attack: id=4242, repeat=0, action=DROP,
 * threat-severity=HIGH, name=HTTP:SQL:INJ:GENERIC, …`.
 */
function idpText(text: string): Params | undefined {
  const m = /<([^\s/]{1,45})\/(\d{1,5})->([^\s/]{1,45})\/(\d{1,5})>(?: for (\S{1,20}) protocol)?/.exec(text);
  if (m === null) return undefined;
  const params: Params = {};
  setEndpoints(params, `${m[1]!}/${m[2]!}->${m[3]!}/${m[4]!}`, '');
  if (m[5] !== undefined) setOwn(params, 'protocol-name', m[5]);
  const rule = / by rule (\S{1,64}) of rulebase (\S{1,64}) in policy (\S{1,128}?)\.? attack: /.exec(text);
  if (rule !== null) {
    setOwn(params, 'rule-name', rule[1]!);
    setOwn(params, 'rulebase-name', rule[2]!);
    setOwn(params, 'policy-name', rule[3]!);
  }
  const attack = text.indexOf(' attack: ');
  if (attack >= 0) {
    for (const part of text.slice(attack + 9).split(', ')) {
      const eq = part.indexOf('=');
      if (eq < 1 || eq > 40) continue;
      const key = part.slice(0, eq);
      setOwn(params, key === 'name' ? 'attack-name' : key, part.slice(eq + 1));
    }
  }
  return params;
}

function decode({ message, header }: DecodeInput): Decoded | undefined {
  const tagged = TAG.exec(message);
  const tag = tagged?.[1] ?? header.labels['syslog.msgid'] ?? '';
  const text = tagged?.[2] ?? message;
  const structured = structuredParams(header.labels);
  const flowKind = FLOW.exec(tag)?.[1];
  if (flowKind !== undefined) {
    const params = structured ?? flowText(flowKind, text);
    return params === undefined ? undefined : flow(flowKind, params);
  }
  if (tag.startsWith('RT_SCREEN_')) {
    const params = structured ?? screenText(text);
    const attack = params === undefined ? undefined : value(params, 'attack-name')?.replace(/!$/, '');
    return params === undefined ? undefined : threat('juniper.screen', attack, params);
  }
  if (tag.startsWith('IDP_ATTACK_LOG')) {
    const params = structured ?? idpText(text);
    return params === undefined ? undefined : threat('juniper.idp', value(params, 'attack-name'), params);
  }
  return undefined;
}

export const junosDecoder: ProgramDecoder = {
  programs: ['rt_flow', 'rt_screen', 'rt_idp'],
  // Only the messages read here are Junos security logs; another line of these programs stays plain syslog.
  dataset: () => undefined,
  decode,
};
