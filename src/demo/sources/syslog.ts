import { createHash } from 'node:crypto';
import { syslogStamp } from '../clock.ts';

/** An RFC 3164 line as rsyslog writes it to /var/log/auth.log: `Mmm d HH:MM:SS host tag: message`. */
export function syslog(t: number, host: string, tag: string, message: string): string {
  return `${syslogStamp(t)} ${host} ${tag}: ${message}`;
}

/** Message texts of OpenSSH 8/9, Linux-PAM, sudo, su and shadow-utils, exactly as they log them. */
export const msg = {
  acceptedKey: (user: string, ip: string, port: number) =>
    `Accepted publickey for ${user} from ${ip} port ${port} ssh2: ED25519 SHA256:${keyFingerprint(user)}`,
  acceptedPassword: (user: string, ip: string, port: number) =>
    `Accepted password for ${user} from ${ip} port ${port} ssh2`,
  failedPassword: (user: string, ip: string, port: number, invalid = false) =>
    `Failed password for ${invalid ? 'invalid user ' : ''}${user} from ${ip} port ${port} ssh2`,
  invalidUser: (user: string, ip: string, port: number) => `Invalid user ${user} from ${ip} port ${port}`,
  /** pam_unix puts two spaces before `user=`, and omits it for unknown users. */
  authFailure: (ip: string, user?: string) =>
    `pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip}${user === undefined ? '' : `  user=${user}`}`,
  pamMore: (n: number, ip: string, user: string) =>
    `PAM ${n} more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip}  user=${user}`,
  repeated: (n: number, message: string) => `message repeated ${n} times: [ ${message}]`,
  maxAttempts: (user: string, ip: string, port: number) =>
    `error: maximum authentication attempts exceeded for ${user} from ${ip} port ${port} ssh2 [preauth]`,
  tooMany: (user: string, ip: string, port: number) =>
    `Disconnecting authenticating user ${user} ${ip} port ${port}: Too many authentication failures [preauth]`,
  closedAuthenticating: (user: string, ip: string, port: number) =>
    `Connection closed by authenticating user ${user} ${ip} port ${port} [preauth]`,
  closedInvalid: (user: string, ip: string, port: number) =>
    `Connection closed by invalid user ${user} ${ip} port ${port} [preauth]`,
  sessionOpened: (service: string, user: string, uid: number, by?: string, byUid = 0) =>
    `pam_unix(${service}:session): session opened for user ${user}(uid=${uid}) by ${by ?? ''}(uid=${byUid})`,
  sessionClosed: (service: string, user: string) => `pam_unix(${service}:session): session closed for user ${user}`,
  receivedDisconnect: (ip: string, port: number) => `Received disconnect from ${ip} port ${port}:11: disconnected by user`,
  disconnected: (user: string, ip: string, port: number) => `Disconnected from user ${user} ${ip} port ${port}`,
  newSession: (id: number, user: string) => `New session ${id} of user ${user}.`,
  loggedOut: (id: number) => `Session ${id} logged out. Waiting for processes to exit.`,
  removedSession: (id: number) => `Removed session ${id}.`,
  /** sudo right-aligns the invoking user in eight columns. */
  sudo: (user: string, tty: string, pwd: string, command: string, runAs = 'root') =>
    `${user.padStart(8)} : TTY=${tty} ; PWD=${pwd} ; USER=${runAs} ; COMMAND=${command}`,
  notInSudoers: (user: string, tty: string, pwd: string, command: string) =>
    `${user.padStart(8)} : user NOT in sudoers ; TTY=${tty} ; PWD=${pwd} ; USER=root ; COMMAND=${command}`,
  su: (target: string, user: string, tty: string) => `(to ${target}) ${user} on ${tty}`,
};

/** A stable, realistic-looking SHA256 key fingerprint per user (43 base64 characters). */
export function keyFingerprint(user: string): string {
  return createHash('sha256').update(`vigil-demo-key:${user}`).digest('base64').replace(/=+$/, '');
}
