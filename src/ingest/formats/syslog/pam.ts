import type { EventFields } from '../../../schema/event.ts';
import type { SyslogHeader } from './types.ts';
import { endpoint, labelsOf, userName, wordValue } from './util.ts';

/**
 * PAM messages as programs log them: `pam_unix(sshd:auth): authentication failure; … rhost=… user=…`,
 * or the old `sshd(pam_unix)[pid]: authentication failure; …` where the module sits in the tag.
 */

export interface PamLine {
  module: string;
  /** The PAM service (`sshd`, `su`, `sudo`, `cron`, `passwd`). */
  service?: string;
  /** The management group: auth, account, session, password/chauthtok. */
  group?: string;
  text: string;
}

/**
 * Who is who. `login`: the account in `user=` / `for user X` is the one logging in (sshd, login, cron).
 * `switch`: the caller (`ruser=`, `by alice`) becomes the target (`user=`, `for user root`) (su, sudo).
 */
export type PamRoles = 'login' | 'switch';

const PREFIX = /^(pam_[\w-]{1,32})\(([^:()\s]{0,64}):([\w-]{0,32})\): ?(.*)$/;
const SESSION = /^session (opened|closed) for user (\S+?)(?:\(uid=(\d+)\))?(?: by (\S*?)(?:\(uid=(\d+)\))?)?$/;
const PASSWORD_CHANGED = /^password changed for (\S+)$/;
const AUTH_FAILURE = 'authentication failure;';

export function pamLine(message: string, header: SyslogHeader): PamLine | undefined {
  if (message.startsWith('pam_')) {
    const m = PREFIX.exec(message);
    if (m !== null) return { module: m[1] ?? 'pam', service: m[2] || undefined, group: m[3] || undefined, text: m[4] ?? '' };
  }
  if (header.module?.startsWith('pam_')) return { module: header.module, service: header.program, text: message };
  return undefined;
}

/** Fields for a PAM line; labels only when the text is none of the known shapes. */
export function decodePam(line: PamLine, roles: PamRoles): EventFields {
  const labels: Record<string, string> = {};
  if (line.module !== '') labels['pam.module'] = line.module;
  if (line.service !== undefined && line.service !== '') labels['pam.service'] = line.service;
  if (line.group !== undefined && line.group !== '') labels['pam.group'] = line.group;
  const fields = known(line.text, roles) ?? {};
  // `known` builds a fresh object: completed in place (spreads of objects of many shapes are slow in V8).
  // Its labels have fixed names (`pam.tty`, `pam.by` …), never `__proto__`.
  const own = fields.labels;
  if (own !== undefined) for (const key in own) labels[key] = own[key]!;
  fields.labels = labels;
  return fields;
}

function known(text: string, roles: PamRoles): EventFields | undefined {
  if (text.startsWith(AUTH_FAILURE)) return authFailure(text.slice(AUTH_FAILURE.length), roles);
  if (text.startsWith('session ')) return session(text, roles);
  if (text === 'check pass; user unknown') {
    return { event: { category: ['authentication'], type: ['info'], action: 'pam-user-unknown', outcome: 'failure' } };
  }
  const changed = PASSWORD_CHANGED.exec(text);
  if (changed !== null) {
    return {
      event: { category: ['iam'], type: ['user', 'change'], action: 'password-changed', outcome: 'success' },
      user: { target: { name: changed[1] } },
    };
  }
  return undefined;
}

/**
 * `authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4 user=root` (also `PAM N more …`):
 * `pairs` is the text of the `key=value` words; only the five keys used are read from it, in place.
 */
export function authFailure(pairs: string, roles: PamRoles, count?: number): EventFields {
  const ruser = wordValue(pairs, 'ruser');
  const target = userName(wordValue(pairs, 'user'));
  const remote = endpoint(wordValue(pairs, 'rhost'));
  const labels: Record<string, string> = {};
  const tty = wordValue(pairs, 'tty');
  if (tty !== undefined && tty !== '') labels['pam.tty'] = tty;
  if (roles === 'login' && ruser !== undefined && ruser !== '') labels['pam.ruser'] = ruser;
  return {
    event: { category: ['authentication'], type: ['start'], action: 'pam-auth-failure', outcome: 'failure', count },
    user: roles === 'switch' ? { name: userName(ruser) ?? userName(wordValue(pairs, 'logname')), target: { name: target } } : { name: target },
    source: { ip: remote.ip, domain: remote.domain },
    labels,
  };
}

function session(text: string, roles: PamRoles): EventFields | undefined {
  const m = SESSION.exec(text);
  if (m === null) return undefined;
  const [, state, forUser, forUid, byUser, byUid] = m;
  const opened = state === 'opened';
  const event = {
    category: ['session'],
    type: [opened ? 'start' : 'end'],
    action: opened ? 'session-opened' : 'session-closed',
    outcome: 'success' as const,
  };
  if (roles === 'switch') return { event, user: { name: userName(byUser), id: byUid, target: { name: forUser } } };
  return { event, user: { name: forUser, id: forUid }, labels: labelsOf({ 'pam.by': byUser }) };
}
