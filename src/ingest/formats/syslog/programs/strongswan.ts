import { ip } from '../../../values.ts';
import { login } from '../../services/login.ts';
import type { IkeSa } from '../memory.ts';
import type { Decoded, DecodeInput, ProgramDecoder } from '../types.ts';

/**
 * strongSwan's IKE daemon (`charon`, `charon-systemd`; pfSense and OPNsense log it as `charon`):
 * `06[IKE] <con1|62> XAuth authentication of 'bob' failed`. The client's address is on other lines of the
 * same IKE SA (`received packet: from 198.51.100.7[4500] to …`, `sending packet: … to 198.51.100.7[4500]`,
 * `198.51.100.7 is initiating an IKE_SA`), and
 * EAP names the user before the verdict, so both are remembered per SA (`<name|id>`) for the file being read.
 * Client logins that fail or succeed (EAP, XAuth, pre-shared keys, certificates) are login attempts; the server's
 * own authentication (`authentication of 'vpn.example.org' (myself) …`) is not.
 */

const LINE = /^(?:\d{1,3})?\[([A-Z]{2,5})\] (?:<(?:[^|>]{0,128}\|)?(\d{1,10})> )?(.*)$/s;
const RECEIVED = /^received packet: from ([^\s[]{2,45})\[(\d{1,5})\] to /;
const SENT = /^sending packet: from [^\s[]{2,45}\[\d{1,5}\] to ([^\s[]{2,45})\[(\d{1,5})\]/;
const INITIATING = /^([^\s[]{2,45}) is initiating an? (?:IKE_SA|Main Mode|Aggressive Mode)/;
const HALF_OPEN = /^deleting half open IKE_SA with ([^\s[]{2,45}) after timeout/;
const EAP_IDENTITY = /^(?:EAP-MS-CHAPv2 username|received EAP identity): '([^']{1,256})'$/;
const NO_EAP_KEY = /^no EAP key found for hosts '[^']{0,256}' - '([^']{1,256})'/;
const EAP_VERIFICATION_FAILED = /^EAP-MS-CHAPv2 verification failed/;
const EAP_METHOD_FAILED = /^EAP method (\S{1,64}) failed for peer (\S{1,256})/;
const XAUTH_FAILED = /^XAuth authentication of '([^']{1,256})' failed/;
const XAUTH_OK = /^XAuth authentication of '([^']{1,256})' (?:successful|succeeded)/;
const PEER_AUTH = /^authentication of '([^']{1,256})' with (\S{1,64}) (successful|failed)$/;
const PSK_MISMATCH = /^tried \d{1,4} shared keys? for '[^']{0,256}' - '([^']{1,256})', but MAC mismatched/;

function learnPeer(sa: IkeSa, address: string | undefined, port?: string): void {
  const valid = ip(address);
  if (valid === undefined) return;
  sa.ip = valid;
  if (port !== undefined) sa.port = Number(port);
}

function attempt(outcome: 'success' | 'failure', sa: IkeSa | undefined, user: string | undefined, reason?: string): Decoded {
  const source = sa?.ip === undefined ? undefined : { ip: sa.ip, ...(sa.port === undefined ? {} : { port: sa.port }) };
  const unknownUser = outcome === 'failure' && sa?.unknownUser === true;
  return { fields: { ...login({ outcome, user: user ?? sa?.user, source, reason, unknownUser }), network: { protocol: 'ike' } } };
}

/** Updates what the SA's memory knows from one message; true when the message said nothing else. */
function learn(text: string, sa: IkeSa): boolean {
  const received = RECEIVED.exec(text);
  if (received !== null) {
    learnPeer(sa, received[1], received[2]);
    return true;
  }
  const sent = SENT.exec(text);
  if (sent !== null) {
    learnPeer(sa, sent[1], sent[2]);
    return true;
  }
  const initiating = INITIATING.exec(text);
  if (initiating !== null) {
    learnPeer(sa, initiating[1]);
    return true;
  }
  const identity = EAP_IDENTITY.exec(text);
  if (identity !== null) {
    sa.user = identity[1];
    return true;
  }
  const noKey = NO_EAP_KEY.exec(text);
  if (noKey !== null) {
    sa.user ??= noKey[1];
    sa.unknownUser = true;
    return true;
  }
  return false;
}

function verdict(text: string, sa: IkeSa | undefined): Decoded | undefined {
  if (EAP_VERIFICATION_FAILED.test(text)) return attempt('failure', sa, undefined, text);
  if (EAP_METHOD_FAILED.test(text)) return attempt('failure', sa, undefined, text);
  const xauthFailed = XAUTH_FAILED.exec(text);
  if (xauthFailed !== null) return attempt('failure', sa, xauthFailed[1], text);
  const xauthOk = XAUTH_OK.exec(text);
  if (xauthOk !== null) return attempt('success', sa, xauthOk[1]);
  const peer = PEER_AUTH.exec(text);
  if (peer !== null) return peer[3] === 'successful' ? attempt('success', sa, peer[1]) : attempt('failure', sa, peer[1], text);
  const psk = PSK_MISMATCH.exec(text);
  if (psk !== null) return attempt('failure', sa, psk[1], text);
  return undefined;
}

function decode({ message, memory }: DecodeInput): Decoded | undefined {
  const m = LINE.exec(message);
  if (m === null) return undefined;
  const [, , id, text = ''] = m;
  const sa = id === undefined || memory === undefined ? undefined : memory.ikeSa(id);
  // A peer named on this very line (a half-open SA deleted) is also this line's source.
  const half = HALF_OPEN.exec(text);
  if (half !== null) {
    const address = ip(half[1]);
    if (sa !== undefined) learnPeer(sa, address);
    return address === undefined ? undefined : { fields: { source: { ip: address }, event: { action: 'ike-half-open-timeout' }, network: { protocol: 'ike' } } };
  }
  if (sa !== undefined && learn(text, sa)) return undefined;
  return verdict(text, sa);
}

export const strongSwanDecoder: ProgramDecoder = {
  programs: ['charon', 'charon-systemd'],
  dataset: () => 'strongswan',
  decode,
};
