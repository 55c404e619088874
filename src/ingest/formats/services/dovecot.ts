import type { EventFields } from '../../../schema/event.ts';
import { ip } from '../../values.ts';
import { labelsOf, wordValue } from '../syslog/util.ts';
import { login, type ServiceDecoder } from './login.ts';

/**
 * Dovecot (IMAP/POP3 server): the login processes' verdicts (`imap-login: Login: user=<u>, …, rip=…` and
 * `Disconnected (auth failed, 2 attempts in 30 secs): user=<u>, …, rip=…`) and the auth process's reasons
 * (`auth-worker(7): pam(user,203.0.113.9): unknown user`, `sql(…): Password mismatch`).
 */

const PROCESS = /^([a-z0-9]+)-login: (?:Info: )?(.*)$/s;
const FAILED = /\((?:auth failed|authentication failed), (\d{1,6}) attempts?(?: in \d+ secs?)?\)/;
/** `passdb(user,address[,<session>]): reason`; the user name may hold anything but `,()`. */
const PASSDB = /\b(pam|passwd-file|passwd|shadow|sql|ldap|checkpassword|static|oauth2|bsdauth|lua|dict|imap)\(([^,()]*),([0-9A-Fa-f.:]+)(?:,<[^>]*>)?\): (.*)$/s;
/** Reasons that say the attempt failed; the given password (auth_verbose_passwords) is left out of the reason. */
const PASSDB_FAILURE = /^(unknown user|password mismatch|pam_authenticate\(\) failed: .*?|authentication failure|invalid password|.*?\bfailed\b.*?)(?: \((?:given password|SHA1 of given password)[^)]*\))?$/is;

function bracketed(text: string, key: string): string | undefined {
  const value = wordValue(text, key)?.replace(/,$/, '');
  if (value === undefined) return undefined;
  return value.startsWith('<') && value.endsWith('>') ? value.slice(1, -1) : value;
}

function loginProcess(protocol: string, text: string): EventFields | undefined {
  const rip = ip(bracketed(text, 'rip'));
  const user = bracketed(text, 'user');
  const labels = { 'mail.protocol': protocol, 'dovecot.method': bracketed(text, 'method'), 'dovecot.session': bracketed(text, 'session'), 'dovecot.local_ip': bracketed(text, 'lip') };
  if (text.startsWith('Login: ')) return login({ outcome: 'success', user, source: { ip: rip }, labels });
  const failed = FAILED.exec(text);
  // A connection closed without a verdict (`no auth attempts in 22 secs`): who connected is still worth keeping.
  if (failed === null) return rip === undefined ? undefined : { source: { ip: rip }, labels: labelsOf(labels) };
  const reason = text.slice(0, failed.index).replace(/^(?:Disconnected: )+|^Disconnected |^Aborted login /, '').replace(/[:\s]+$/, '');
  return login({ outcome: 'failure', user, source: { ip: rip }, reason: reason === '' ? 'auth failed' : reason, attempts: Number(failed[1]), labels });
}

function decode(message: string): EventFields | undefined {
  const process = PROCESS.exec(message);
  if (process !== null) return loginProcess(process[1]!, process[2]!);
  if (!message.startsWith('auth')) return undefined;
  const passdb = PASSDB.exec(message);
  const failure = passdb === null ? null : PASSDB_FAILURE.exec(passdb[4]!);
  if (passdb === null || failure === null) return undefined;
  const reason = failure[1]!;
  return login({
    outcome: 'failure', user: passdb[2], source: { ip: ip(passdb[3]) }, reason,
    unknownUser: /^unknown user$/i.test(reason), labels: { 'dovecot.passdb': passdb[1] },
  });
}

export const dovecotDecoder: ServiceDecoder = { service: 'dovecot', programs: ['dovecot'], decode };
