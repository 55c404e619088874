import { int, ip, port } from '../../../values.ts';
import { firewallEvent } from '../../firewall-verdict.ts';
import type { Decoded, ProgramDecoder } from '../types.ts';
import { labelsOf } from '../util.ts';

/**
 * pfSense and OPNsense firewall verdicts (`filterlog`): comma-separated, `rule,sub-rule,anchor,tracker,interface,
 * reason,action,direction,ip-version`, then the IP header (IPv4: tos,ecn,ttl,id,offset,flags,protocol id,protocol,
 * length,source,destination; IPv6: class,flow label,hop limit,protocol,protocol id,length,source,destination), then
 * for TCP and UDP the ports (https://docs.netgate.com/pfsense/en/latest/monitoring/logs/raw-filter-format.html).
 */

const PORTED = new Set(['tcp', 'udp', 'sctp']);

function decode({ message }: { message: string }): Decoded | undefined {
  const f = message.split(',');
  const [rule, , , tracker, iface, reason, action, direction, version] = f;
  let at: number;
  let protocol: string | undefined;
  let ttl: string | undefined;
  let length: string | undefined;
  if (version === '4') {
    [ttl, protocol, length] = [f[11], f[16]?.toLowerCase(), f[17]];
    at = 18;
  } else if (version === '6') {
    [ttl, protocol, length] = [f[11], f[12]?.toLowerCase(), f[14]];
    at = 15;
  } else {
    return undefined;
  }
  const source = ip(f[at]);
  const destination = ip(f[at + 1]);
  if (source === undefined || destination === undefined || action === undefined) return undefined;
  const ported = protocol !== undefined && PORTED.has(protocol);
  const inbound = direction === 'in';
  return {
    dataset: 'filterlog',
    fields: {
      event: firewallEvent(action === 'block' || action === 'reject' ? 'denied' : action === 'pass' ? 'allowed' : undefined),
      source: { ip: source, port: ported ? port(f[at + 2]) : undefined },
      destination: { ip: destination, port: ported ? port(f[at + 3]) : undefined },
      network: {
        transport: protocol,
        bytes: int(length),
        packets: 1,
        interface: inbound ? { in: iface || undefined } : { out: iface || undefined },
        direction: inbound ? 'ingress' : direction === 'out' ? 'egress' : undefined,
      },
      rule: { id: tracker || undefined, name: rule === undefined || rule === '' ? undefined : `rule ${rule}` },
      labels: labelsOf({ 'filterlog.rule': rule, 'filterlog.tracker': tracker, 'filterlog.reason': reason, 'filterlog.ttl': ttl, 'filterlog.tcp_flags': protocol === 'tcp' ? f[at + 5] : undefined }),
    },
  };
}

export const filterlogDecoder: ProgramDecoder = {
  programs: ['filterlog'],
  // Only verdicts are `filterlog` (firewall events); a line it cannot read stays plain syslog.
  dataset: () => undefined,
  decode,
};
