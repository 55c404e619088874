import { SECOND } from '../clock.ts';
import type { Rng } from '../prng.ts';
import { msg, syslog } from '../sources/syslog.ts';
import { connLine, tcpSession } from '../sources/zeek.ts';
import type { Bundle } from '../types.ts';
import { BASTION, type LinuxHost } from '../world.ts';

/**
 * One remote SSH client as sshd on the bastion logs it: every TCP connection gets its own sshd
 * child (pid) and source port, and the Zeek sensor logs one conn record per connection.
 */
export class SshAttacker {
  private pid: number;

  constructor(private readonly rng: Rng, private readonly bundle: Bundle, readonly ip: string,
    readonly host: LinuxHost = BASTION) {
    this.pid = rng.int(100_000, 400_000);
  }

  line(t: number, tag: string, text: string): void {
    this.bundle.add('auth', t, syslog(t, this.host.name, tag, text));
  }

  private open(): { tag: string; port: number } {
    this.pid += this.rng.int(2, 30);
    return { tag: `sshd[${this.pid}]`, port: this.rng.int(32_768, 60_999) };
  }

  private conn(t: number, port: number, end: number, bytesOut: number, bytesIn: number): void {
    const start = t - SECOND - this.rng.below(SECOND);
    const conn = tcpSession(this.rng, { orig: this.ip, origPort: port, resp: this.host.ip, respPort: 22, service: 'ssh' },
      end - start, bytesOut, bytesIn);
    this.bundle.add('conn', start, connLine(start, conn));
  }

  /** A connection with one or two password guesses; returns when it closed. */
  guess(t: number, user: string, valid: boolean, tries: 1 | 2): number {
    const { tag, port } = this.open();
    let at = t;
    if (!valid) this.line(at, tag, msg.invalidUser(user, this.ip, port));
    this.line(at += 80_000, tag, msg.authFailure(this.ip, valid ? user : undefined));
    const failed = msg.failedPassword(user, this.ip, port, !valid);
    this.line(at += 2 * SECOND + this.rng.below(SECOND), tag, failed);
    if (tries === 2) this.line(at += 2 * SECOND + this.rng.below(SECOND), tag, msg.repeated(1, failed));
    const close = valid ? msg.closedAuthenticating(user, this.ip, port) : msg.closedInvalid(user, this.ip, port);
    this.line(at += 300_000, tag, close);
    this.conn(t, port, at, 1_500 + tries * 300, 2_100 + tries * 100);
    return at;
  }

  /** Six guesses on one connection until sshd's MaxAuthTries cuts it; rsyslog folds the repeats. */
  burst(t: number, user: string): number {
    const { tag, port } = this.open();
    let at = t;
    const failed = msg.failedPassword(user, this.ip, port);
    this.line(at, tag, msg.authFailure(this.ip, user));
    this.line(at += 2 * SECOND, tag, failed);
    at += 10 * SECOND + this.rng.below(3 * SECOND);
    this.line(at, tag, msg.repeated(5, failed));
    this.line(at, tag, msg.maxAttempts(user, this.ip, port));
    this.line(at, tag, msg.tooMany(user, this.ip, port));
    this.line(at, tag, msg.pamMore(5, this.ip, user));
    this.conn(t, port, at, 3_400, 2_900);
    return at;
  }

  /** A successful login; returns the sshd tag and port so the caller can log the session. */
  login(t: number, user: string, uid: number, method: 'password' | 'key', session: number): { tag: string; port: number } {
    const { tag, port } = this.open();
    const accepted = method === 'password' ? msg.acceptedPassword(user, this.ip, port) : msg.acceptedKey(user, this.ip, port);
    this.line(t, tag, accepted);
    this.line(t + 5_000, tag, msg.sessionOpened('sshd', user, uid));
    this.line(t + 11_000, 'systemd-logind[612]', msg.newSession(session, user));
    return { tag, port };
  }

  /** The end of a session started with `login` (logind's own lines name neither user nor IP). */
  logout(start: number, end: number, user: string, tag: string, port: number): void {
    this.line(end, tag, msg.receivedDisconnect(this.ip, port));
    this.line(end + 1_000, tag, msg.disconnected(user, this.ip, port));
    this.line(end + 2_000, tag, msg.sessionClosed('sshd', user));
    this.conn(start, port, end + 2_000, this.rng.int(9_000, 40_000), this.rng.int(20_000, 400_000));
  }
}
