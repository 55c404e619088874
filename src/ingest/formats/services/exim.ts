import type { EventFields } from '../../../schema/event.ts';
import { ip, port } from '../../values.ts';
import { labelsOf, wordValue } from '../syslog/util.ts';
import { login, type ServiceDecoder } from './login.ts';

/**
 * Exim's main log (or syslog under `exim`): failed SMTP AUTH (`dovecot_login authenticator failed for (helo)
 * [203.0.113.4]:55379: 535 Incorrect authentication data (set_id=bob)`), authenticated arrivals (`<= sender
 * H=… A=dovecot_login:bob`), refused recipients, senders and connections (`H=host (helo) [address]:port …`).
 */

/** `[name ][(helo) ][address][:port]`, as Exim writes a remote host. */
const HOST = '(?:([^\\s()\\[\\]]+) )?(?:\\(([^)]*)\\) )?\\[([0-9A-Fa-f.:]+)\\](?::(\\d{1,5}))?';
const AUTH_FAILED = new RegExp(`^(\\S+) authenticator failed for ${HOST}: (\\d{3}) (.*?)(?: \\(set_id=(.*)\\))?$`, 's');
const FROM_HOST = new RegExp(`^H=${HOST} (.*)$`, 's');
const ARRIVAL = /^[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4} <= (\S+) (.*)$/s;
const ARRIVAL_HOST = new RegExp(`\\bH=${HOST}`);
const AUTHENTICATOR = /\bA=([^\s:]+):(\S+)/;
const RCPT = /^(?:.*? )?F=<([^>]*)> (temporarily )?rejected RCPT <([^>]*)>: (.*)$/s;
const CONNECTION = /^(temporarily )?rejected (connection|EHLO|HELO|MAIL|AUTH) (?:in|from) .*?: "?(.*?)"?$/s;
const SENDER_VERIFY = /^sender verify (fail|defer) for <([^>]*)>: (.*)$/s;

function remote(m: RegExpExecArray, at: number): EventFields['source'] {
  const name = m[at];
  return { ip: ip(m[at + 2]), port: port(m[at + 3]), domain: name === undefined ? undefined : name.toLowerCase() };
}

function refused(action: string, source: EventFields['source'], reason: string, labels: Record<string, string | undefined>): EventFields {
  return { event: { category: ['email'], type: ['denied'], action, outcome: 'failure', reason }, source, labels: labelsOf(labels) };
}

function fromHost(m: RegExpExecArray): EventFields {
  const source = remote(m, 1);
  const helo = m[2];
  const rest = m[5]!;
  const rcpt = RCPT.exec(rest);
  if (rcpt !== null) return refused('smtp-reject', source, rcpt[4]!, { 'smtp.stage': 'RCPT', 'mail.from': rcpt[1], 'mail.to': rcpt[3], 'smtp.helo': helo });
  const verify = SENDER_VERIFY.exec(rest);
  if (verify !== null) return refused('smtp-sender-verify-failed', source, verify[3]!, { 'mail.from': verify[2], 'smtp.helo': helo });
  const connection = CONNECTION.exec(rest);
  if (connection !== null) return refused('smtp-reject', source, connection[3]!, { 'smtp.stage': connection[2], 'smtp.helo': helo });
  return { source, labels: labelsOf({ 'smtp.helo': helo }) };
}

function decode(message: string): EventFields | undefined {
  const failed = AUTH_FAILED.exec(message);
  if (failed !== null) {
    const [, driver, , helo, , , code, reason, user] = failed;
    return login({ outcome: 'failure', user, source: remote(failed, 2), reason, labels: { 'mail.protocol': 'smtp', 'exim.authenticator': driver, 'smtp.code': code, 'smtp.helo': helo } });
  }
  const host = FROM_HOST.exec(message);
  if (host !== null) return fromHost(host);
  const arrival = ARRIVAL.exec(message);
  if (arrival === null) return undefined;
  const authenticated = AUTHENTICATOR.exec(arrival[2]!);
  const from = ARRIVAL_HOST.exec(arrival[2]!);
  const source = from === null ? undefined : remote(from, 1);
  const labels = { 'mail.from': arrival[1], 'exim.protocol': wordValue(arrival[2]!, 'P') };
  if (authenticated === null) return { event: { category: ['email'], type: ['info'], action: 'smtp-message-received' }, source, labels: labelsOf(labels) };
  return login({ outcome: 'success', user: authenticated[2], source, labels: { ...labels, 'mail.protocol': 'smtp', 'exim.authenticator': authenticated[1] } });
}

export const eximDecoder: ServiceDecoder = { service: 'exim', programs: ['exim', 'exim4'], decode };
