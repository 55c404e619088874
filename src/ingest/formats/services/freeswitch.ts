import type { EventFields } from '../../../schema/event.ts';
import { labelsOf } from '../syslog/util.ts';
import { client, login, type ServiceDecoder } from './login.ts';

/**
 * FreeSWITCH (the softswitch): the messages of its SIP module (sofia) and event socket that fail2ban's freeswitch
 * filter and CrowdSec read. A message starts with its source file (`sofia_reg.c:3223 `), in FreeSWITCH's own log
 * (after the time, the idle CPU and the level) and in syslog alike:
 * - `SIP auth failure (REGISTER) on sofia profile 'internal' for [1001@pbx.example] from ip 203.0.113.9`: a failed login;
 * - `Can't find user [2501@203.0.113.9] from 203.0.113.9`: a login to an account that does not exist;
 * - `IP 203.0.113.9 Rejected by register acl "domains"` (sofia) or `by acl "loopback.auto"` (the event socket): a
 *   client the access lists refuse, counted as a failed login as Asterisk's `FailedACL` is;
 * - `SIP auth challenge (INVITE) on sofia profile … from ip …`: the digest challenge every client gets first, kept as an
 *   event of its own, not a failure.
 */

const SOURCE_FILE = /^([\w.-]{1,96}\.c):\d{1,6} /;
const AUTH = /^SIP auth (failure|challenge) \(([A-Z]{2,16})\) on sofia profile '([^']{0,128})' for \[([^\]]{0,256})\] from ip (\S{2,64})$/s;
const UNKNOWN_USER = /^Can't find user \[([^\]]{0,256})\] from (\S{2,64})$/s;
const ACL = /^IP (\S{2,64}) Rejected by (register )?acl(?: "?([^"]{0,128})"?)?$/s;

/** `1001@pbx.example` → the user and the realm (a SIP URI's user part and domain). */
function account(text: string): { user?: string; realm?: string } {
  const at = text.lastIndexOf('@');
  return at < 0 ? { user: text } : { user: text.slice(0, at), realm: text.slice(at + 1) };
}

export function decodeFreeswitch(message: string): EventFields | undefined {
  const file = SOURCE_FILE.exec(message);
  const body = file === null ? message : message.slice(file[0].length);
  const sip = { network: { protocol: 'sip' } };
  const auth = AUTH.exec(body);
  if (auth !== null) {
    const [, kind, method, profile, who, from] = auth;
    const { user, realm } = account(who!);
    const labels = { 'sip.method': method, 'freeswitch.profile': profile, 'sip.realm': realm };
    if (kind === 'failure') return { ...sip, ...login({ outcome: 'failure', user, source: client(from), reason: 'SIP auth failure', labels }) };
    return { ...sip, event: { category: ['authentication'], type: ['info'], action: 'sip-auth-challenge' }, user: user === undefined || user === '' ? undefined : { name: user }, source: client(from), labels: labelsOf(labels) };
  }
  const unknown = UNKNOWN_USER.exec(body);
  if (unknown !== null) {
    const { user, realm } = account(unknown[1]!);
    return { ...sip, ...login({ outcome: 'failure', user, source: client(unknown[2]), reason: "can't find user", unknownUser: true, labels: { 'sip.realm': realm } }) };
  }
  const acl = ACL.exec(body);
  if (acl !== null) {
    const register = acl[2] !== undefined;
    return {
      network: { protocol: register ? 'sip' : 'esl' },
      ...login({ outcome: 'failure', source: client(acl[1]), reason: register ? 'rejected by register acl' : 'rejected by acl', labels: { 'freeswitch.acl': acl[3] } }),
    };
  }
  return undefined;
}

export const freeswitchDecoder: ServiceDecoder = {
  service: 'freeswitch',
  programs: ['freeswitch'],
  decode: decodeFreeswitch,
};
