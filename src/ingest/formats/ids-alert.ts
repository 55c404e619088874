import type { EventFields } from '../../schema/event.ts';
import { ip, str } from '../values.ts';

/**
 * The alert of an intrusion detection system as Suricata and Snort write it, after its time (fast.log) or its
 * syslog header: `[Drop] [**] [1:2008578:4] ET SCAN Sipvicious Scan [**] [Classification: Attempted Information
 * Leak] [Priority: 2] {UDP} 89.248.163.216:5116 -> 172.31.18.55:5060`. The `[**]` markers are fast.log's (syslog
 * output has none); `[Drop]` (or `[wDrop]`) marks an IPS drop. ICMP alerts carry the ICMP type and code where the
 * ports would be (Suricata) or nothing (Snort).
 */

/** What comes before the signature: an IPS verdict, fast.log's `[**]`, and `[gid:sid:rev]`. */
const HEAD = /^(?:\[([A-Za-z]+)\]\s+)?(?:\[\*\*\]\s+)?\[(\d+):(\d+):(\d+)\]\s+/;
/** What comes after it, read from the last `[Priority:`: the protocol and both endpoints. */
const TAIL = /\[Priority:\s*(\d+)\]\s+\{([^}]+)\}\s+(\S+)\s+->\s+(\S+)\s*$/y;
const CLASSIFICATION = /^\[Classification:([^\]]*)\]\s*$/;
const PORTED = new Set(['tcp', 'udp', 'sctp']);
const DIGITS = /^\d{1,5}$/;

/** `address:port`, `[address]:port` or a bare address (Snort's ICMP alerts). */
function endpoint(text: string, ported: boolean): { ip?: string; number?: number } {
  const bracketed = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text);
  if (bracketed !== null) return { ip: ip(bracketed[1]), number: Number(bracketed[2]) };
  const bare = ported ? undefined : ip(text);
  if (bare !== undefined) return { ip: bare };
  const colon = text.lastIndexOf(':');
  const number = text.slice(colon + 1);
  // Suricata writes IPv6 addresses in full (eight groups), so the last `:` before a port is never the address's.
  if (colon > 0 && DIGITS.test(number)) {
    const address = ip(text.slice(0, colon));
    if (address !== undefined) return { ip: address, number: Number(number) };
  }
  return { ip: ip(text) };
}

/** The fields of an alert: signature, sid and classification as `rule`, priority as `event.severity` (1 the highest). */
export function idsAlertFields(text: string): EventFields | undefined {
  // Read in three anchored steps (head, tail from the last `[Priority:`, classification at the middle's end): a
  // single pattern with lazy parts backtracked without bound on lines made to defeat it.
  const head = HEAD.exec(text);
  const tailAt = text.lastIndexOf('[Priority:');
  if (head === null || tailAt < head[0].length) return undefined;
  TAIL.lastIndex = tailAt;
  const tail = TAIL.exec(text);
  if (tail === null) return undefined;
  let middle = text.slice(head[0].length, tailAt).trimEnd();
  const classAt = middle.lastIndexOf('[Classification:');
  const classified = classAt < 0 ? null : CLASSIFICATION.exec(middle.slice(classAt));
  if (classified !== null) middle = middle.slice(0, classAt).trimEnd();
  if (middle.endsWith('[**]')) middle = middle.slice(0, -4).trimEnd();
  const [, action, gid, sid, rev] = head;
  const [, priority, protocol, from, to] = tail;
  const signature = middle;
  const classification = classified?.[1]?.trim();
  const transport = protocol!.trim().toLowerCase();
  const ported = PORTED.has(transport);
  const source = endpoint(from!, ported);
  const destination = endpoint(to!, ported);
  const dropped = action !== undefined && /drop|reject/i.test(action);
  return {
    message: signature,
    event: { category: ['intrusion_detection'], type: [dropped ? 'denied' : 'info'], action: 'ids-alert', severity: Number(priority) },
    rule: { name: str(signature), id: sid, category: str(classification) },
    source: { ip: source.ip, port: ported ? source.number : undefined },
    destination: { ip: destination.ip, port: ported ? destination.number : undefined },
    network: { transport },
    labels: {
      gid: gid!, rev: rev!,
      ...(action === undefined ? {} : { ids_action: action.toLowerCase() }),
      ...(!ported && source.number !== undefined ? { icmp_type: String(source.number) } : {}),
      ...(!ported && destination.number !== undefined ? { icmp_code: String(destination.number) } : {}),
    },
  };
}
