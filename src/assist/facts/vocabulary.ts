/**
 * What the fact queries count as what, in the store's action vocabulary (src/ingest). One place, so the plan's
 * steps and the queries say the same thing.
 *
 * A login attempt is one record of a credential check with a result: sshd `Failed/Accepted <method>`
 * (`ssh-login`; `Failed none` is a method query and is left out), generic authentication records (`login`),
 * Windows 4624/4625 (`logon`, `logon-failed`), `su`, HTTP authentication failures. Kerberos pre-authentication
 * (4771) and NTLM validation (4776) are left out: a domain controller logs them for the same attempt a member
 * server logs as 4625, and they would count it twice. PAM `authentication failure` lines count only on hosts
 * that log none of those records (old `sshd(pam_unix)[pid]` logs): elsewhere a PAM line accompanies every
 * `Failed password` line and is the same attempt again.
 *
 * Conditions are written so the store's indexes answer them without reading event rows: `outcome = …` first
 * (the failed-outcome index is partial on it), then the action list.
 */

export const LOGIN_ACTIONS = ['ssh-login', 'login', 'logon', 'logon-failed', 'su-login', 'http-auth-failed'] as const;
export const PAM_FAILURE = 'pam-auth-failure';

const IN_LIST = LOGIN_ACTIONS.map((a) => `'${a}'`).join(', ');

function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** SQL: a failed login attempt (alias `e`); `pamHosts`: the hosts whose PAM failures count. */
export function loginFailureSql(pamHosts: readonly string[], alias = 'e'): string {
  if (pamHosts.length === 0) return `(${alias}.outcome = 'failure' AND ${alias}.action IN (${IN_LIST}))`;
  return `(${alias}.outcome = 'failure' AND ${alias}.action IN (${IN_LIST}, '${PAM_FAILURE}') AND (${alias}.action <> '${PAM_FAILURE}' OR ${alias}.host_name IN (${pamHosts.map(literal).join(', ')})))`;
}

/** SQL: a successful login (alias `e`). */
export function loginSuccessSql(alias = 'e'): string {
  return `(${alias}.outcome = 'success' AND ${alias}.action IN (${IN_LIST}))`;
}

export const LOGIN_DESCRIPTION = `failed login attempts (actions ${LOGIN_ACTIONS.join(', ')} with outcome failure, and PAM authentication failures on hosts that log no other login record; a "message repeated N times" record counts N)`;

/** SQL: failed attempts that name an account the system said does not exist (sshd `Invalid user`). */
export const UNKNOWN_ACCOUNT_ACTIONS = ['ssh-invalid-user'] as const;
/** Windows 4625 with status 0xC0000064 (the reason normalisation writes). */
export const UNKNOWN_ACCOUNT_REASON = 'user name does not exist';

/** Failures within this window from one source, at least BURST_MIN of them, make a burst (as the built-in rules count). */
export const BURST_WINDOW_MS = 10 * 60_000;
export const BURST_MIN = 10;

/** ATT&CK Brute Force and its sub-techniques. */
export const BRUTE_FORCE_TECHNIQUE = 'T1110';

/** Actions worth a line in a timeline even without an alert: account, privilege, log and service changes. */
export const NOTABLE_ACTIONS = [
  'user-created',
  'user-deleted',
  'group-member-added',
  'group-created',
  'password-changed',
  'password-reset',
  'log-cleared',
  'service-installed',
  'user-locked-out',
  'sudo-auth-failure',
] as const;

/**
 * Address classes counted as external. Documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
 * 2001:db8::/32) stand for internet addresses in sample data, exercises and sanitised logs.
 */
export const EXTERNAL_CLASSES: ReadonlySet<string> = new Set(['public', 'documentation']);

/** A success after at least this many failures is what timelines and rankings treat as a possible compromise. */
export const SUCCESS_AFTER_MIN = 3;
