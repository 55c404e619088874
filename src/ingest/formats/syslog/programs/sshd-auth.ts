import type { EventFields } from '../../../../schema/event.ts';
import { authFailure } from '../pam.ts';
import type { Rule } from '../rules.ts';
import { endpoint, labelsOf, userName } from '../util.ts';

/** sshd messages about authentication attempts (`Failed password`, `Accepted publickey`, `Invalid user` …). */

type Outcome = 'success' | 'failure';

function auth(action: string, outcome: Outcome | undefined, type = 'start'): EventFields['event'] {
  return { category: ['authentication'], type: [type], action, outcome };
}

const invalidLabel = (invalid: string | undefined) => (invalid === undefined ? undefined : 'true');

// User names are attacker-chosen and may contain ` from `: the greedy `(.*)` binds the LAST ` from IP port N`.
const FAILED = /^Failed (\S+) for (invalid user )?(.*) from (\S+) port (\d+)(?: ssh\d?)?(?:: (.*))?$/s;
const ACCEPTED = /^Accepted (\S+) for (.*) from (\S+) port (\d+)(?: ssh\d?)?(?:: (.*))?$/s;
const INVALID = /^Invalid user (.*) from (\S+)(?: port (\d+))?$/s;
const USERAUTH_INVALID = /^input_userauth_request: invalid user (.*)$/s;
const NOT_ALLOWED = /^User (.*) from (\S+) not allowed because (.*)$/s;
const MAX_EXCEEDED = /^maximum authentication attempts exceeded for (invalid user )?(.*) from (\S+) port (\d+)(?: ssh\d?)?$/s;
const TOO_MANY = /^Disconnecting: Too many authentication failures(?: for (invalid user )?(.*))?$/s;
const PAM_MORE = /^PAM (\d{1,6}) more authentication failures?; (.*)$/s;
const TIMEOUT = /^Timeout before authentication for (\S+)(?: port (\d+))?$/;

function failed(m: RegExpExecArray): EventFields {
  const [, method, invalid, user, host, port, key] = m;
  // `Failed none` is the client asking which methods exist, not a guess: kept apart from ssh-login.
  const event = method === 'none' ? auth('ssh-auth-none', 'failure', 'info') : auth('ssh-login', 'failure');
  return {
    event,
    user: { name: userName(user) },
    source: endpoint(host, port),
    labels: labelsOf({ 'ssh.method': method, 'ssh.invalid_user': invalidLabel(invalid), 'ssh.key': key }),
  };
}

export const AUTH_RULES: readonly Rule[] = [
  { prefix: 'Failed ', re: FAILED, build: failed },
  {
    prefix: 'Accepted ',
    re: ACCEPTED,
    build: ([, method, user, host, port, key]) => ({
      event: auth('ssh-login', 'success'),
      user: { name: userName(user) },
      source: endpoint(host, port),
      labels: labelsOf({ 'ssh.method': method, 'ssh.key': key }),
    }),
  },
  {
    prefix: 'Invalid user ',
    re: INVALID,
    build: ([, user, host, port]) => ({
      event: auth('ssh-invalid-user', 'failure', 'info'),
      user: { name: userName(user) },
      source: endpoint(host, port),
    }),
  },
  {
    // The same attempt as the `Invalid user` line, without the address: the user only, no action.
    prefix: 'input_userauth_request: ',
    re: USERAUTH_INVALID,
    build: ([, user]) => ({ event: { category: ['authentication'] }, user: { name: userName(user) } }),
  },
  {
    prefix: 'User ',
    re: NOT_ALLOWED,
    build: ([, user, host, reason]) => ({
      event: { ...auth('ssh-user-not-allowed', 'failure'), reason },
      user: { name: userName(user) },
      source: endpoint(host),
    }),
  },
  {
    prefix: 'maximum authentication attempts exceeded ',
    re: MAX_EXCEEDED,
    build: ([, invalid, user, host, port]) => ({
      event: auth('ssh-max-auth-exceeded', 'failure', 'info'),
      user: { name: userName(user) },
      source: endpoint(host, port),
      labels: labelsOf({ 'ssh.invalid_user': invalidLabel(invalid) }),
    }),
  },
  {
    prefix: 'Disconnecting: Too many authentication failures',
    re: TOO_MANY,
    build: ([, invalid, user]) => ({
      event: auth('ssh-max-auth-exceeded', 'failure', 'info'),
      user: { name: userName(user) },
      labels: labelsOf({ 'ssh.invalid_user': invalidLabel(invalid) }),
    }),
  },
  {
    prefix: 'PAM ',
    re: PAM_MORE,
    build: ([, count, rest]) => authFailure(rest ?? '', 'login', Number(count) || undefined),
  },
  {
    prefix: 'Timeout before authentication ',
    re: TIMEOUT,
    build: ([, host, port]) => ({ event: auth('ssh-auth-timeout', 'failure', 'info'), source: endpoint(host, port) }),
  },
];
