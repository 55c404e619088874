import { ianaTransport } from '../../iana-transport.ts';
import type { EventFields } from '../../../schema/event.ts';
import { int, ip, port } from '../../values.ts';
import { firewallEvent } from '../firewall-verdict.ts';
import type { Decoded } from './types.ts';
import { labelsOf } from './util.ts';

/**
 * Netfilter LOG / NFLOG lines as the kernel writes them: `[prefix] IN=eth0 OUT= MAC=… SRC=… DST=… LEN=…
 * PROTO=TCP SPT=… DPT=… …`. The prefix is whatever the rule author chose (`[UFW BLOCK]`, `IPTABLES-DROP:`,
 * firewalld's `FINAL_REJECT:` / `filter_IN_public_REJECT:`), so the verdict is read from its words; UniFi's
 * (`[WAN_LOCAL-D-2147483647]`) name it by a letter.
 */

const KEY = /^[A-Z]{2,10}$/;
/** The first `KEY=` word ends the prefix (fields come in any order). */
const FIRST_FIELD = /^[A-Z]{2,10}=/;
const DENIED = /block|drop|reject|deny|denied/i;
const ALLOWED = /allow|accept/i;
/**
 * UniFi gateways' rule prefixes: the rule set, the action (A accept, D drop, R reject, B block) and the rule's index
 * (`default` for the set's default action), in that order on UniFi OS (`[WAN_LOCAL-D-2147483647]`), rule before
 * action on the older USG (`[WAN_LOCAL-default-D]`, `[LAN_IN-2000-A]`).
 */
const UNIFI = /^([A-Z][A-Z0-9_]*)-(?:([ADRB])-(\d{1,10}|default)|(\d{1,10}|default)-([ADRB]))$/;
/** UniFi's description of the rule, quoted and with spaces: `DESCR="[WAN_LOCAL]Block All Traffic"`. */
const UNIFI_DESCR = /\bDESCR="([^"]{0,256})"/;
const FIREWALLD = /^(?:FINAL_REJECT|STATE_INVALID_\w+|(?:filter|nat|mangle|raw|security)_\w+|\w+_(?:IN|FWD|OUT)_\w+)$/;

/** Cheap pre-check used before splitting a kernel message. */
export function looksLikeNetfilter(text: string): boolean {
  return text.includes('SRC=') && text.includes('DST=') && (text.includes('IN=') || text.includes('OUT='));
}

export function parseNetfilter(text: string): Decoded | undefined {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const start = words.findIndex((w) => FIRST_FIELD.test(w));
  if (start < 0) return undefined;
  const kv: Record<string, string> = {};
  for (const word of words.slice(start)) {
    const eq = word.indexOf('=');
    const key = eq > 0 ? word.slice(0, eq) : '';
    if (KEY.test(key) && !Object.hasOwn(kv, key)) kv[key] = word.slice(eq + 1);
  }
  const source = ip(kv.SRC);
  const destination = ip(kv.DST);
  if (source === undefined || destination === undefined) return undefined;
  const prefix = cleanPrefix(words.slice(0, start).join(' '));
  const fields = fieldsOf(kv, prefix, source, destination);
  const unifi = UNIFI.exec(prefix);
  if (unifi !== null) {
    const action = unifi[2] ?? unifi[5];
    fields.event = firewallEvent(action === 'A' ? 'allowed' : 'denied');
    fields.rule = { name: prefix, id: unifi[3] ?? unifi[4] };
    fields.labels = { ...fields.labels, ...labelsOf({ 'unifi.ruleset': unifi[1], 'unifi.description': UNIFI_DESCR.exec(text)?.[1] }) };
  }
  return { dataset: datasetOf(prefix), fields };
}

function fieldsOf(kv: Record<string, string>, prefix: string, source: string, destination: string): EventFields {
  const macs = splitMac(kv.MAC);
  const inIf = kv.IN || undefined;
  const outIf = kv.OUT || undefined;
  const proto = kv.PROTO?.toLowerCase();
  return {
    event: verdict(prefix),
    source: { ip: source, port: port(kv.SPT), mac: macs?.source },
    destination: { ip: destination, port: port(kv.DPT), mac: macs?.destination },
    network: {
      transport: proto === undefined ? undefined : (ianaTransport(proto) ?? proto),
      bytes: int(kv.LEN),
      packets: 1,
      interface: { in: inIf, out: outIf },
      direction: inIf !== undefined && outIf === undefined ? 'ingress' : outIf !== undefined && inIf === undefined ? 'egress' : undefined,
    },
    rule: { name: prefix || undefined },
    labels: labelsOf({
      'netfilter.physin': kv.PHYSIN, 'netfilter.physout': kv.PHYSOUT, 'netfilter.ttl': kv.TTL ?? kv.HOPLIMIT,
      'netfilter.icmp_type': kv.TYPE, 'netfilter.icmp_code': kv.CODE,
    }),
  };
}

function verdict(prefix: string): EventFields['event'] {
  return firewallEvent(DENIED.test(prefix) ? 'denied' : ALLOWED.test(prefix) ? 'allowed' : undefined);
}

/** `[UFW BLOCK]` → `UFW BLOCK`, `IPTABLES-DROP:` → `IPTABLES-DROP`. */
function cleanPrefix(prefix: string): string {
  let p = prefix.trim();
  if (p.endsWith(':')) p = p.slice(0, -1).trimEnd();
  if (p.startsWith('[') && p.endsWith(']')) p = p.slice(1, -1).trim();
  return p;
}

function datasetOf(prefix: string): string {
  if (prefix.startsWith('UFW ')) return 'ufw';
  if (FIREWALLD.test(prefix)) return 'firewalld';
  return 'iptables';
}

/** Ethernet header as logged: destination MAC, source MAC, ethertype (14 octets) → ECS `AA-BB-…`. */
function splitMac(mac: string | undefined): { source: string; destination: string } | undefined {
  const octets = mac?.split(':');
  if (octets?.length !== 14 || !octets.every((o) => /^[0-9a-f]{2}$/i.test(o))) return undefined;
  const join = (part: string[]) => part.join('-').toUpperCase();
  return { destination: join(octets.slice(0, 6)), source: join(octets.slice(6, 12)) };
}
