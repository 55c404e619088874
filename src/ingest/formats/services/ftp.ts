import type { EventFields } from '../../../schema/event.ts';
import { ip } from '../../values.ts';
import { labelsOf } from '../syslog/util.ts';
import { client, login, type ServiceDecoder } from './login.ts';

/** FTP servers' logins: vsftpd, ProFTPD and Pure-FTPd, as their own log files or syslog write them. */

// vsftpd: `[user] FAIL LOGIN: Client "::ffff:203.0.113.9"`, `[user] OK UPLOAD: Client "…", "/path", 1234 bytes, …`.
const VSFTPD = /^(?:\[([^\]]*)\] )?(?:(OK|FAIL) )?([A-Z][A-Z ]*?|FTP response|FTP command): Client "([^"]*)"(?:, "(.*?)")?(?:, (\d+) bytes)?.*$/s;

const FILE_TYPES: Readonly<Record<string, string>> = { UPLOAD: 'creation', MKDIR: 'creation', DELETE: 'deletion', RMDIR: 'deletion', RENAME: 'change', CHMOD: 'change' };

function vsftpd(message: string): EventFields | undefined {
  const m = VSFTPD.exec(message);
  if (m === null) return undefined;
  const [, user, verdict, what, address, detail, bytes] = m;
  const source = { ip: ip(address) };
  if (what === 'LOGIN') return login({ outcome: verdict === 'OK' ? 'success' : 'failure', user, source, labels: { 'ftp.server': 'vsftpd' } });
  const action = `ftp-${what!.toLowerCase().replace(/\s+/g, '-')}`;
  const outcome = verdict === 'OK' ? 'success' : verdict === 'FAIL' ? 'failure' : undefined;
  const isFile = detail !== undefined && detail.startsWith('/');
  if (what === 'CONNECT') return { event: { category: ['network'], type: ['connection'], action, outcome }, source };
  return {
    event: { category: ['file'], type: [FILE_TYPES[what!] ?? 'access'], action, outcome },
    user: user === undefined ? undefined : { name: user },
    source,
    file: isFile ? { path: detail } : undefined,
    labels: labelsOf({ 'ftp.bytes': bytes, 'ftp.response': isFile ? undefined : detail }),
  };
}

// ProFTPD: `server (name[203.0.113.9])[ -]: USER bob (Login failed): Incorrect password`, `USER bob: Login successful.`,
// `USER bob: no such user found from 203.0.113.9 [203.0.113.9] to 10.0.0.1:21`.
const PROFTPD = /^(\S+) \(([^[\s]*)\[([0-9A-Fa-f.:]+)\]\)(?: -|:)? (.*)$/s;
const PROFTPD_USER = /^USER (.*?)(?: \(Login failed\): (.*)|: (no such user found)\b.*|: (Login successful)\.?)$/s;

function proftpd(message: string): EventFields | undefined {
  const m = PROFTPD.exec(message);
  if (m === null) return undefined;
  const [, server, name, address, rest] = m;
  const source = { ip: ip(address), domain: name === '' || name === address || ip(name) !== undefined ? undefined : name?.toLowerCase() };
  const labels = { 'ftp.server': 'proftpd', 'ftp.server_name': server };
  const user = PROFTPD_USER.exec(rest!);
  if (user !== null) {
    const [, account, failure, unknown, success] = user;
    if (success !== undefined) return login({ outcome: 'success', user: account, source, labels });
    const reason = failure ?? unknown!;
    return login({ outcome: 'failure', user: account, source, reason, unknownUser: /no such user/i.test(reason), labels });
  }
  if (rest!.startsWith('SECURITY VIOLATION') || rest!.startsWith('Maximum login attempts')) {
    return { event: { category: ['authentication'], type: ['info'], action: 'ftp-login-refused', outcome: 'failure', reason: rest }, source, labels: labelsOf(labels) };
  }
  return { source, labels: labelsOf(labels) };
}

// Pure-FTPd: `(?@203.0.113.9) [WARNING] Authentication failed for user [root]`, `(?@…) [INFO] bob is now logged in`.
const PURE = /^\(([^@()]*)@([^)]*)\) \[([A-Z]+)\] (.*)$/s;
const PURE_FAILED = /^Authentication failed for user \[(.*)\]$/s;
const PURE_OK = /^(.*) is now logged in$/s;

function pureFtpd(message: string): EventFields | undefined {
  const m = PURE.exec(message);
  if (m === null) return undefined;
  const [, who, host, level, text] = m;
  const source = client(host);
  const labels = { 'ftp.server': 'pure-ftpd', 'pure-ftpd.level': level };
  const failed = PURE_FAILED.exec(text!);
  if (failed !== null) return login({ outcome: 'failure', user: failed[1], source, labels });
  const ok = PURE_OK.exec(text!);
  if (ok !== null) return login({ outcome: 'success', user: ok[1], source, labels });
  return { user: who === '?' || who === '' ? undefined : { name: who! }, source, labels: labelsOf(labels) };
}

export const vsftpdDecoder: ServiceDecoder = { service: 'vsftpd', programs: ['vsftpd'], decode: vsftpd };
export const proftpdDecoder: ServiceDecoder = { service: 'proftpd', programs: ['proftpd'], decode: proftpd };
export const pureFtpdDecoder: ServiceDecoder = { service: 'pure-ftpd', programs: ['pure-ftpd'], decode: pureFtpd };
