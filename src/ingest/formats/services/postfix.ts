import type { EventFields } from '../../../schema/event.ts';
import { ip, port } from '../../values.ts';
import { labelsOf, wordValue } from '../syslog/util.ts';
import { login, type ServiceDecoder } from './login.ts';

/**
 * Postfix's SMTP server (`postfix/smtpd`, `postfix/submission/smtpd`, postscreen): SASL logins that failed
 * (`warning: unknown[203.0.113.4]: SASL LOGIN authentication failed: …`) or succeeded (`client=…[…],
 * sasl_method=PLAIN, sasl_username=bob`), refused recipients (`NOQUEUE: reject: RCPT from …: 554 5.7.1 …: Relay
 * access denied; from=<…> to=<…>`), non-SMTP commands (a web scanner on port 25) and connections.
 */

/** `name[address]` (the name is `unknown` when the address has no reverse DNS); the address may be IPv6. */
const PEER = '([^\\s\\[\\]]+)\\[([0-9A-Fa-f.:]+)\\](?::(\\d{1,5}))?';
const SASL_FAILED = new RegExp(`^warning: ${PEER}: SASL (\\S+) authentication failed: ?(.*?)(?:, sasl_username=(.*))?$`, 's');
const SASL_OK = new RegExp(`^(?:[0-9A-Za-z]+: )?client=${PEER}, sasl_method=(\\S+), sasl_username=(.*)$`, 's');
const REJECT = new RegExp(`^(?:[0-9A-Za-z]+|NOQUEUE): (reject|discard|hold|warn): (\\S+) from ${PEER}: (\\d{3}) (\\d\\.\\d{1,3}\\.\\d{1,3} )?(.*)$`, 's');
const NON_SMTP = new RegExp(`^warning: non-SMTP command from ${PEER}: (.*)$`, 's');
const CONNECT = new RegExp(`^(connect|disconnect|lost connection after \\S+|timeout after \\S+) from ${PEER}`);

function peer(name: string | undefined, address: string | undefined, portText?: string): EventFields['source'] {
  const domain = name === undefined || name === 'unknown' ? undefined : name.toLowerCase();
  return { ip: ip(address), port: port(portText), domain };
}

function rejected(m: RegExpExecArray): EventFields {
  const [, verdict, stage, name, address, portText, code, , rest] = m;
  // `<recipient>: Relay access denied; from=<a> to=<b> proto=ESMTP helo=<h>`: the reason between the first `: ` and `;`.
  const semicolon = rest!.indexOf('; from=');
  const text = semicolon >= 0 ? rest!.slice(0, semicolon) : rest!;
  const colon = text.indexOf('>: ');
  const reason = colon >= 0 && text.startsWith('<') ? text.slice(colon + 3) : text;
  const tail = semicolon >= 0 ? rest!.slice(semicolon + 2) : '';
  const unbracket = (value: string | undefined) => value?.replace(/^<(.*)>$/, '$1');
  return {
    event: { category: ['email'], type: ['denied'], action: `smtp-${verdict!}`, outcome: 'failure', reason },
    source: peer(name, address, portText),
    labels: labelsOf({
      'smtp.stage': stage, 'smtp.code': code, 'mail.from': unbracket(wordValue(tail, 'from')), 'mail.to': unbracket(wordValue(tail, 'to')),
      'smtp.helo': unbracket(wordValue(tail, 'helo')), 'smtp.proto': wordValue(tail, 'proto'),
    }),
  };
}

function connectAction(what: string): string {
  if (what.startsWith('lost')) return 'smtp-lost-connection';
  if (what.startsWith('timeout')) return 'smtp-timeout';
  return `smtp-${what}`;
}

function decode(message: string): EventFields | undefined {
  if (message.startsWith('warning: ')) {
    const sasl = SASL_FAILED.exec(message);
    if (sasl !== null) {
      const [, name, address, portText, method, reason, user] = sasl;
      return login({ outcome: 'failure', user, source: peer(name, address, portText), reason: reason === '' ? undefined : reason, labels: { 'mail.protocol': 'smtp', 'sasl.method': method } });
    }
    const nonSmtp = NON_SMTP.exec(message);
    if (nonSmtp !== null) {
      return { event: { category: ['network'], type: ['protocol'], action: 'smtp-non-smtp-command', outcome: 'failure' }, source: peer(nonSmtp[1], nonSmtp[2], nonSmtp[3]), labels: { 'smtp.command': nonSmtp[4]!.slice(0, 256) } };
    }
    return undefined;
  }
  const ok = SASL_OK.exec(message);
  if (ok !== null) return login({ outcome: 'success', user: ok[5], source: peer(ok[1], ok[2], ok[3]), labels: { 'mail.protocol': 'smtp', 'sasl.method': ok[4] } });
  const reject = REJECT.exec(message);
  if (reject !== null) return rejected(reject);
  const connect = CONNECT.exec(message);
  if (connect !== null) return { event: { category: ['network'], type: ['connection'], action: connectAction(connect[1]!) }, source: peer(connect[2], connect[3], connect[4]) };
  return undefined;
}

export const postfixDecoder: ServiceDecoder = { service: 'postfix', programs: ['smtpd', 'postscreen'], decode };
