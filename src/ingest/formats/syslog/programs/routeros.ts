import type { EventFields } from '../../../../schema/event.ts';
import { int, ip, port } from '../../../values.ts';
import { firewallEvent } from '../../firewall-verdict.ts';
import type { Decoded, DecodeInput, ProgramDecoder } from '../types.ts';
import { labelsOf } from '../util.ts';

/**
 * MikroTik RouterOS messages (the syslog header reads their topics: `firewall,info`, `system,error,critical`):
 * - firewall rules with `log=yes`: `[prefix] chain: in:ether1 out:(unknown 0), connection-state:new src-mac …, proto
 *   TCP (SYN), 203.0.113.5:40000->198.51.100.1:22, [NAT (…)->…,] len 60`; the verdict is read from the rule's log
 *   prefix, as for netfilter (`drop-tcp` is denied), else the connection is only logged;
 * - logins: `login failure for user admin from 10.0.0.5 via winbox`, `user admin logged in from 10.0.0.5 via ssh`,
 *   `user admin logged out from 10.0.0.5 via web`.
 */

const FIREWALL = /^(?:(.*?) )?([A-Za-z][\w-]*): in:(.*?) out:(.*?), (.*)$/;
const ENDPOINTS = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]>-]+)(?::(\d{1,5}))?->(\[[0-9a-fA-F:.]+\]|[^\s:[\]>-]+)(?::(\d{1,5}))?$/;
/** The protocol follows the connection state and source MAC, with or without a comma before it. */
const PROTO = /(?:^|[ ,])proto ([A-Za-z0-9-]+)(?: \(([^)]*)\))?(?:,|$)/;
const DENIED = /block|drop|reject|deny|denied|tarpit/i;
const ALLOWED = /allow|accept|permit/i;
const LOGIN_FAILURE = /^login failure for user (.+?) from (\S+) via (\S+)$/;
const LOGIN = /^user (.+?) logged (in|out)(?: from (\S+))? via (\S+)$/;

/** The interface as RouterOS writes it: a name, or `(unknown 0)` for none. */
function iface(text: string): string | undefined {
  const name = text.trim();
  return name === '' || name.startsWith('(unknown') ? undefined : name;
}

function firewall(message: string): Decoded | undefined {
  const m = FIREWALL.exec(message);
  if (m === null) return undefined;
  const [, prefix, chain, inIf, outIf, rest] = m;
  const parts = rest!.split(', ');
  const proto = PROTO.exec(rest!);
  let endpoints: RegExpExecArray | null = null;
  let length: string | undefined;
  let nat: string | undefined;
  for (const part of parts) {
    if (endpoints === null && part.includes('->') && !part.startsWith('NAT')) endpoints = ENDPOINTS.exec(part);
    if (part.startsWith('NAT ')) nat = part.slice(4);
    if (part.startsWith('len ')) length = part.slice(4);
  }
  if (proto === null || endpoints === null) return undefined;
  // ip() reads a bracketed IPv6 address as the address.
  const source = ip(endpoints[1]);
  const destination = ip(endpoints[3]);
  if (source === undefined || destination === undefined) return undefined;
  const words = prefix ?? '';
  const transport = proto[1]!.toLowerCase();
  const fields: EventFields = {
    event: firewallEvent(DENIED.test(words) ? 'denied' : ALLOWED.test(words) ? 'allowed' : undefined),
    source: { ip: source, port: port(endpoints[2]), mac: /src-mac ([0-9A-Fa-f:]{17})/.exec(rest!)?.[1]?.toLowerCase() },
    destination: { ip: destination, port: port(endpoints[4]) },
    network: { transport, interface: { in: iface(inIf!), out: iface(outIf!) } },
    labels: labelsOf({
      'routeros.prefix': prefix,
      'routeros.chain': chain,
      'routeros.connection_state': /connection-state:([\w,-]+)/.exec(rest!)?.[1],
      'routeros.flags': proto[2],
      'routeros.nat': nat,
      'routeros.len': int(length) === undefined ? undefined : length,
    }),
  };
  return { fields, dataset: 'routeros.firewall' };
}

function login(message: string): Decoded | undefined {
  const failure = LOGIN_FAILURE.exec(message);
  if (failure !== null) {
    return {
      fields: {
        event: { category: ['authentication'], type: ['start'], action: 'login', outcome: 'failure' },
        user: { name: failure[1] },
        source: { ip: ip(failure[2]) },
        labels: labelsOf({ 'routeros.via': failure[3] }),
      },
    };
  }
  const session = LOGIN.exec(message);
  if (session === null) return undefined;
  const start = session[2] === 'in';
  return {
    fields: {
      event: start ? { category: ['authentication'], type: ['start'], action: 'login', outcome: 'success' } : { category: ['session'], type: ['end'], action: 'logout' },
      user: { name: session[1] },
      source: { ip: session[3] === undefined ? undefined : ip(session[3]) },
      labels: labelsOf({ 'routeros.via': session[4] }),
    },
  };
}

function decode({ message, header }: DecodeInput): Decoded | undefined {
  const topics = (header.labels['routeros.topics'] ?? '').split(',');
  if (topics.includes('firewall')) return firewall(message);
  return login(message);
}

export const routerOsDecoder: ProgramDecoder = {
  programs: ['routeros'],
  dataset: () => 'routeros',
  decode,
};
