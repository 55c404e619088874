import type { EventFields } from '../../../schema/event.ts';
import { ip, str } from '../../values.ts';
import { kvPairs } from '../kv/pairs.ts';
import { labelsOf } from '../syslog/util.ts';
import { client, login, type ServiceDecoder } from './login.ts';

/**
 * Asterisk (the PBX): its security events (`res_security_log`: `SecurityEvent="InvalidPassword",…,
 * RemoteAddress="IPV4/UDP/203.0.113.9/5060"`) and the notices of its SIP, PJSIP, IAX2 and manager (AMI) modules
 * that fail2ban's asterisk filter reads (`Registration from '…' failed for '203.0.113.9:5060' - Wrong password`).
 * A message starts with its level and thread (`SECURITY[77]:`, `NOTICE[12][C-0000001a]`) and its source file and
 * function (`chan_sip.c:25904 in handle_request_register:`), in the full log and in syslog alike.
 */

const PREFIX = /^(?:([A-Z]{4,8})\[(\d{1,10})\](?:\[C-[0-9a-f]{1,16}\])?:? )?(?:[\w./-]{1,96}\.c(?::\d{1,6})?(?: in)?(?: \w{1,128})?:? )?/;
/** `IPV4/UDP/203.0.113.9/5060`, `IPV6/TLS/2001:db8::9/5061`. */
const ADDRESS = /^IPV[46]\/([A-Z]{2,4})\/(.{2,45})\/(\d{1,5})$/;

/** Security events that are failed logins (fail2ban's list, and a disallowed method), and those whose account does not exist. */
const FAILED_LOGINS = new Set(['InvalidAccountID', 'ChallengeResponseFailed', 'InvalidPassword', 'FailedACL', 'AuthMethodNotAllowed']);
const UNKNOWN_ACCOUNT = new Set(['InvalidAccountID']);
const MAPPED_KEYS = new Set(['SecurityEvent', 'Service', 'AccountID', 'RemoteAddress', 'LocalAddress', 'SessionID', 'Severity']);

function address(text: string | undefined): { ip?: string; port?: number; transport?: string } | undefined {
  const m = text === undefined ? null : ADDRESS.exec(text);
  const valid = ip(m?.[2]);
  if (m === null || valid === undefined) return undefined;
  return { ip: valid, port: Number(m[3]), transport: m[1]!.toLowerCase() };
}

/** The account of a security event: `<unknown>` is Asterisk's word for none; a SIP URI gives its user part. */
function account(text: string | undefined): string | undefined {
  const value = str(text);
  if (value === undefined || value === '<unknown>') return undefined;
  return /^<?sips?:([^@>;]{1,256})@/.exec(value)?.[1] ?? value;
}

/** `ChallengeResponseFailed` → `challenge response failed` (joined by `separator`); `EventTV` → `event tv`. */
function words(name: string, separator: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, `$1${separator}$2`).toLowerCase();
}

/** `udp`/`tcp` as they are; TLS and WebSockets run over TCP. */
function transportOf(transport: string | undefined): string | undefined {
  if (transport === undefined) return undefined;
  return transport === 'udp' || transport === 'tcp' ? transport : 'tcp';
}

/** The protocol of a security event's service: `SIP` and `PJSIP` are SIP; `IAX2` and `AMI` (the manager) are themselves. */
function protocolOf(service: string | undefined): string | undefined {
  if (service === undefined) return undefined;
  return service === 'PJSIP' ? 'sip' : service.toLowerCase();
}

function securityEvent(text: string): EventFields | undefined {
  const { values } = kvPairs(text);
  const name = str(values.SecurityEvent);
  if (name === undefined) return undefined;
  const remote = address(values.RemoteAddress);
  const local = address(values.LocalAddress);
  const labels: Record<string, string | undefined> = { 'asterisk.service': str(values.Service), 'asterisk.session_id': str(values.SessionID), 'asterisk.severity': str(values.Severity) };
  for (const [key, value] of Object.entries(values)) if (!MAPPED_KEYS.has(key)) labels[`asterisk.${words(key, '_')}`] = value;
  const source = remote === undefined ? undefined : { ip: remote.ip, port: remote.port };
  const user = account(values.AccountID);
  const base: EventFields = {
    destination: local === undefined ? undefined : { ip: local.ip, port: local.port },
    network: { transport: transportOf(remote?.transport ?? local?.transport), protocol: protocolOf(str(values.Service)) },
  };
  if (FAILED_LOGINS.has(name) || name === 'SuccessfulAuth') {
    const failed = name !== 'SuccessfulAuth';
    return { ...base, ...login({ outcome: failed ? 'failure' : 'success', user, source, reason: failed ? words(name, ' ') : undefined, unknownUser: UNKNOWN_ACCOUNT.has(name), labels }) };
  }
  return { ...base, event: { category: ['authentication'], type: ['info'], action: `asterisk-${words(name, '-')}` }, user: user === undefined ? undefined : { name: user }, source, labels: labelsOf(labels) };
}

// ---- The notices fail2ban's asterisk filter reads.
const REGISTRATION = /^Registration from '([^']{0,512})' failed for '([^']{2,64})' - (.{1,128}?)\.?$/s;
const REQUEST = /^Request '([A-Z]{2,16})' from '([^']{0,512})' failed for '([^']{2,64})' \(callid: [^)]{0,256}\) - (.{1,128}?)\.?$/s;
const CALL_REJECTED = /^Call from '([^']{0,256})' \(([^)]{2,64})\) to extension '([^']{0,256})' rejected because extension not found in context '([^']{0,128})'/s;
const IAX_OR_AMI_FAILED = /^(?:Host )?(\S{2,64}) failed (?:to authenticate|MD5 authentication)(?: (?:as|for) '?([^'\s]{1,256})'?)?/s;
const NONEXISTENT_USER = /^(\S{2,64}) tried to authenticate with nonexistent user '([^']{0,256})'/s;
const NO_REGISTRATION = /^No registration for peer '([^']{0,256})' \(from (\S{2,64})\)/s;
const HACKING = /^hacking attempt detected '([^']{2,64})'/s;
const UNKNOWN_CONNECTION = /^Rejecting unknown SIP connection from (\S{2,64})/s;
const MANAGER_LOGON = /^Manager '([^']{1,256})' logged on from (\S{2,64})/s;
/** Registration and request failures whose account does not exist. */
const NO_SUCH_ACCOUNT = /^(?:No matching (?:peer|endpoint) found|Username\/auth name mismatch)/;

/** `"100" <sip:100@pbx.example.org>` → `100`. */
function sipUser(from: string): string | undefined {
  return /sips?:([^@>;]{1,256})@/.exec(from)?.[1] ?? str(/^"([^"]{1,256})"/.exec(from)?.[1]);
}

function notice(body: string): EventFields | undefined {
  const sip = { network: { protocol: 'sip' } };
  const registration = REGISTRATION.exec(body);
  if (registration !== null) {
    const reason = registration[3]!;
    return { ...sip, ...login({ outcome: 'failure', user: sipUser(registration[1]!), source: client(registration[2]), reason, unknownUser: NO_SUCH_ACCOUNT.test(reason), labels: { 'sip.method': 'REGISTER' } }) };
  }
  const request = REQUEST.exec(body);
  if (request !== null) {
    const reason = request[4]!;
    return { ...sip, ...login({ outcome: 'failure', user: sipUser(request[2]!), source: client(request[3]), reason, unknownUser: NO_SUCH_ACCOUNT.test(reason), labels: { 'sip.method': request[1] } }) };
  }
  const call = CALL_REJECTED.exec(body);
  if (call !== null) {
    return { ...sip, event: { category: ['network'], type: ['denied'], action: 'asterisk-call-rejected', outcome: 'failure', reason: 'extension not found' }, source: client(call[2]), labels: labelsOf({ 'sip.from': str(call[1]), 'asterisk.extension': call[3], 'asterisk.context': call[4] }) };
  }
  const failed = IAX_OR_AMI_FAILED.exec(body);
  if (failed !== null) return login({ outcome: 'failure', user: failed[2], source: client(failed[1]), reason: 'failed to authenticate' });
  const nonexistent = NONEXISTENT_USER.exec(body);
  if (nonexistent !== null) return login({ outcome: 'failure', user: nonexistent[2], source: client(nonexistent[1]), reason: 'nonexistent user', unknownUser: true });
  const noRegistration = NO_REGISTRATION.exec(body);
  if (noRegistration !== null) return login({ outcome: 'failure', user: noRegistration[1], source: client(noRegistration[2]), reason: 'no registration for peer', unknownUser: true });
  const hacking = HACKING.exec(body) ?? UNKNOWN_CONNECTION.exec(body);
  if (hacking !== null) return { ...sip, event: { category: ['intrusion_detection'], type: ['denied'], action: 'asterisk-rejected-connection', outcome: 'failure' }, source: client(hacking[1]) };
  const manager = MANAGER_LOGON.exec(body);
  if (manager !== null) return login({ outcome: 'success', user: manager[1], source: client(manager[2]), labels: { 'asterisk.service': 'AMI' } });
  return undefined;
}

/** The level and thread of a message, and what follows its source file and function. */
export function asteriskMessage(message: string): { level?: string; thread?: string; body: string } {
  const m = PREFIX.exec(message);
  const body = m === null ? message : message.slice(m[0].length);
  return { level: m?.[1], thread: m?.[2], body };
}

export function decodeAsterisk(message: string): EventFields | undefined {
  const { level, thread, body } = asteriskMessage(message);
  const fields = (body.startsWith('SecurityEvent=') ? securityEvent(body) : notice(body)) ?? {};
  if (level === undefined && fields.event === undefined) return undefined;
  fields.labels = { ...fields.labels, ...labelsOf({ 'asterisk.level': level, 'asterisk.thread': thread }) };
  return fields;
}

export const asteriskDecoder: ServiceDecoder = {
  service: 'asterisk',
  programs: ['asterisk'],
  decode: decodeAsterisk,
};
