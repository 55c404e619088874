import type { EventFields } from '../../../schema/event.ts';
import { ip, ipPort } from '../../values.ts';
import { login } from '../services/login.ts';
import { labelsOf } from './util.ts';

/**
 * WireGuard's kernel module messages (`wireguard: wg0: …`; its debug messages, enabled by dynamic debug, are
 * the ones that name peers and their endpoints). A handshake that fails its cryptographic checks comes from a
 * client that holds no configured key: a failed login of an unknown peer, as fail2ban and CrowdSec count them.
 * A known peer's packet from an address outside its allowed IPs is refused traffic, not a login.
 */

const LINE = /^wireguard: ([\w.@-]{1,32}): (.*)$/s;
/** Endpoints are written `203.0.113.9:51820` or `[2001:db8::9]:51820`. */
const ENDPOINT = String.raw`(\[[0-9A-Fa-f:.]{2,45}\]:\d{1,5}|[\d.]{7,15}:\d{1,5})`;
const INVALID = new RegExp(String.raw`^(Invalid handshake initiation|Invalid handshake response|Invalid MAC of handshake, dropping packet|Invalid cookie reply|Unable to parse cookie) from ${ENDPOINT}$`, 's');
const UNALLOWED = new RegExp(String.raw`^Packet has unallowed src IP \(([^)]{2,45})\) from peer (\d{1,20}) \(${ENDPOINT}\)$`, 's');
const PEER_EVENT = new RegExp(String.raw`^(Receiving handshake initiation|Receiving handshake response|Sending handshake initiation|Sending handshake response|Handshake for) (?:from |to )?peer (\d{1,20}) \(${ENDPOINT}\)(?: did not complete after (\d{1,4}) attempts, giving up)?`, 's');

/** `Receiving handshake initiation` → `wireguard-receiving-handshake-initiation`. */
function action(phrase: string): string {
  return `wireguard-${phrase.toLowerCase().replace(/ /g, '-')}`;
}

/** The fields of a WireGuard kernel message, or undefined when the text is not one. */
export function parseWireGuard(text: string): EventFields | undefined {
  const line = LINE.exec(text);
  if (line === null) return undefined;
  const [, device, message = ''] = line;
  const network = { protocol: 'wireguard', transport: 'udp', interface: { in: device } };
  const invalid = INVALID.exec(message);
  const source = invalid === null ? undefined : ipPort(invalid[2]);
  if (invalid !== null && source?.ip !== undefined) {
    const phrase = invalid[1]!.replace(/, dropping packet$/, '');
    const failed = login({ outcome: 'failure', source, reason: `${phrase[0]!.toLowerCase()}${phrase.slice(1)}`, unknownUser: true });
    return { ...failed, network };
  }
  const unallowed = UNALLOWED.exec(message);
  if (unallowed !== null) {
    return {
      event: { category: ['network'], type: ['denied'], action: 'wireguard-unallowed-source', outcome: 'failure', reason: 'source address outside the peer\'s allowed IPs' },
      source: ipPort(unallowed[3]),
      network,
      labels: labelsOf({ 'wireguard.peer': unallowed[2], 'wireguard.inner_source_ip': ip(unallowed[1]) }),
    };
  }
  const peer = PEER_EVENT.exec(message);
  if (peer !== null) {
    const gaveUp = peer[4] !== undefined;
    const endpoint = ipPort(peer[3]);
    // The peer sends what this host receives; this host sends to, and gives up on, the peer.
    const received = peer[1]!.startsWith('Receiving');
    return {
      event: { category: ['network'], type: ['connection'], action: gaveUp ? 'wireguard-handshake-timeout' : action(peer[1]!), outcome: gaveUp ? 'failure' : undefined },
      source: received ? endpoint : undefined,
      destination: received ? undefined : endpoint,
      network: { ...network, interface: received ? { in: device } : { out: device } },
      labels: labelsOf({ 'wireguard.peer': peer[2], 'wireguard.attempts': peer[4] }),
    };
  }
  return { network };
}
