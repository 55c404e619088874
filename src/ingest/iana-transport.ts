/**
 * IANA's assigned internet protocol numbers of the transports logs write as numbers (netfilter's `PROTO=`, CEF's
 * `proto`, VPC Flow Logs, FortiGate, Windows Filtering Platform and Firewall), as ECS `network.transport` names.
 * One table for every reader, so protocol 51 is `ah` whichever log says it.
 */
const IANA_TRANSPORTS: ReadonlyMap<string, string> = new Map([
  ['1', 'icmp'],
  ['2', 'igmp'],
  ['4', 'ipv4'],
  ['6', 'tcp'],
  ['17', 'udp'],
  ['41', 'ipv6'],
  ['47', 'gre'],
  ['50', 'esp'],
  ['51', 'ah'],
  ['58', 'ipv6-icmp'],
  ['89', 'ospf'],
  ['103', 'pim'],
  ['112', 'vrrp'],
  ['132', 'sctp'],
]);

/** The transport name of an IANA protocol number (`6` → `tcp`); undefined for a number not in the table or a name. */
export function ianaTransport(number: string): string | undefined {
  return IANA_TRANSPORTS.get(number);
}

/** A transport as `network.transport` holds it: an IANA number's name, else the text in lower case. */
export function transportName(value: string | undefined): string | undefined {
  return value === undefined ? undefined : (ianaTransport(value) ?? value.toLowerCase());
}

/** The names `ianaTransport` gives. */
export const IANA_TRANSPORT_NAMES: ReadonlySet<string> = new Set(IANA_TRANSPORTS.values());
