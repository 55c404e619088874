import { MINUTE, SECOND } from '../clock.ts';
import type { Rng } from '../prng.ts';
import { officeCurve, type BenignGenerator, type Entry, type Source } from '../types.ts';
import { BASTION, DB, LINUX_HOSTS, LINUX_STAFF, WEB, type LinuxHost, type Person } from '../world.ts';
import { msg, syslog } from './syslog.ts';

/** auth.log of the Linux hosts: staff SSH sessions through the bastion, sudo, su and cron. */

type Emit = (entry: Entry<string>) => void;

const SUDO_COMMANDS: Record<string, readonly string[]> = {
  'bastion-01': ['/usr/bin/apt update', '/usr/bin/apt list --upgradable', '/usr/sbin/ufw status verbose',
    '/usr/bin/journalctl -u ssh --since today'],
  'web-01': ['/usr/bin/systemctl restart nginx', '/usr/bin/systemctl reload nginx', '/usr/sbin/nginx -t',
    '/usr/bin/tail -n 200 /var/log/nginx/error.log', '/usr/bin/docker ps', '/usr/bin/certbot renew --dry-run'],
  'db-01': ['/usr/bin/systemctl status postgresql', '/usr/bin/du -sh /var/lib/postgresql',
    '/usr/bin/journalctl -u postgresql --since -1h', '/usr/bin/df -h'],
};

const LOGIND_PID: Record<string, number> = { 'bastion-01': 612, 'web-01': 598, 'db-01': 640 };
const CRON_USERS: readonly (readonly [LinuxHost, string, number, number])[] = [
  // host, user, uid, minute step: hourly root jobs everywhere, the shop's job twice an hour.
  [BASTION, 'root', 0, 60], [WEB, 'root', 0, 60], [DB, 'root', 0, 60], [WEB, 'www-data', 33, 30],
];

class AuthGenerator implements BenignGenerator<string> {
  private pid: number;
  private session = new Map<string, number>();

  constructor(private readonly rng: Rng) {
    this.pid = rng.int(20_000, 60_000);
  }

  private nextPid(): number {
    this.pid += this.rng.int(1, 60);
    if (this.pid > 4_194_000) this.pid = 1000;
    return this.pid;
  }

  private nextSession(host: string): number {
    const id = (this.session.get(host) ?? this.rng.int(300, 2000)) + 1;
    this.session.set(host, id);
    return id;
  }

  activity(t: number, emit: Emit): void {
    const user = this.rng.pick(LINUX_STAFF);
    const kind = this.rng.weighted([['session', 40], ['sudo', 40], ['su', 8], ['typo', 4]] as const);
    if (kind === 'session') this.sshSession(t, user, emit, 'key');
    else if (kind === 'typo') this.typoLogin(t, user, emit);
    else if (kind === 'sudo') this.sudo(t, user, emit);
    else this.su(t, user, emit);
  }

  /** An interactive session: to the bastion from the VPN, or onwards from the bastion. */
  private sshSession(t: number, p: Person, emit: Emit, method: 'key' | 'password'): void {
    const direct = this.rng.chance(0.6);
    const host = direct ? BASTION : this.rng.pick([WEB, DB]);
    const ip = direct ? p.vpnIp : BASTION.ip;
    const tag = `sshd[${this.nextPid()}]`;
    const logind = `systemd-logind[${LOGIND_PID[host.name] ?? 600}]`;
    const port = this.rng.int(32_768, 60_999);
    const id = this.nextSession(host.name);
    const line = (at: number, name: string, text: string) => emit({ t: at, p: syslog(at, host.name, name, text) });
    const accepted = method === 'key' ? msg.acceptedKey(p.user, ip, port) : msg.acceptedPassword(p.user, ip, port);
    line(t, tag, accepted);
    line(t + 4_000, tag, msg.sessionOpened('sshd', p.user, p.uid ?? 1000));
    line(t + 9_000, logind, msg.newSession(id, p.user));
    const end = t + Math.round(30 * SECOND + this.rng.exp(25 * MINUTE));
    line(end, tag, msg.receivedDisconnect(ip, port));
    line(end + 1_000, tag, msg.disconnected(p.user, ip, port));
    line(end + 2_000, tag, msg.sessionClosed('sshd', p.user));
    line(end + 6_000, logind, msg.loggedOut(id));
    line(end + 9_000, logind, msg.removedSession(id));
  }

  /** A mistyped password straight before a successful password login. */
  private typoLogin(t: number, p: Person, emit: Emit): void {
    const tag = `sshd[${this.nextPid()}]`;
    const port = this.rng.int(32_768, 60_999);
    emit({ t, p: syslog(t, BASTION.name, tag, msg.authFailure(p.vpnIp, p.user)) });
    const failed = t + 2 * SECOND + this.rng.below(SECOND);
    emit({ t: failed, p: syslog(failed, BASTION.name, tag, msg.failedPassword(p.user, p.vpnIp, port)) });
    emit({ t: failed + 1000, p: syslog(failed + 1000, BASTION.name, tag, msg.closedAuthenticating(p.user, p.vpnIp, port)) });
    this.sshSession(failed + 4 * SECOND + this.rng.below(10 * SECOND), p, emit, 'password');
  }

  private sudo(t: number, p: Person, emit: Emit): void {
    const host = this.rng.pick(LINUX_HOSTS);
    const command = this.rng.pick(SUDO_COMMANDS[host.name] ?? ['/usr/bin/id']);
    const tty = `pts/${this.rng.below(4)}`;
    emit({ t, p: syslog(t, host.name, 'sudo', msg.sudo(p.user, tty, `/home/${p.user}`, command)) });
    emit({ t: t + 3_000, p: syslog(t + 3_000, host.name, 'sudo', msg.sessionOpened('sudo', 'root', 0, p.user, p.uid)) });
    const end = t + 200_000 + this.rng.below(8 * SECOND);
    emit({ t: end, p: syslog(end, host.name, 'sudo', msg.sessionClosed('sudo', 'root')) });
  }

  private su(t: number, p: Person, emit: Emit): void {
    const tag = `su[${this.nextPid()}]`;
    const tty = `pts/${this.rng.below(4)}`;
    emit({ t, p: syslog(t, DB.name, tag, msg.su('postgres', p.user, tty)) });
    emit({ t: t + 2_000, p: syslog(t + 2_000, DB.name, tag, msg.sessionOpened('su', 'postgres', 113, p.user, p.uid)) });
    const end = t + Math.round(20 * SECOND + this.rng.exp(4 * MINUTE));
    emit({ t: end, p: syslog(end, DB.name, tag, msg.sessionClosed('su', 'postgres')) });
  }

  periodic(from: number, to: number, emit: Emit): void {
    const firstMinute = Math.ceil(from / MINUTE) * MINUTE;
    for (let m = firstMinute; m < to; m += MINUTE) {
      const minute = Math.floor(m / MINUTE) % 60;
      for (const [host, user, uid, step] of CRON_USERS) {
        if (step === 60 ? minute !== 17 : minute % step !== 0) continue;
        const tag = `CRON[${this.nextPid()}]`;
        const at = m + this.rng.below(400_000);
        emit({ t: at, p: syslog(at, host.name, tag, msg.sessionOpened('cron', user, uid)) });
        const end = at + 50_000 + this.rng.below(2 * SECOND);
        emit({ t: end, p: syslog(end, host.name, tag, msg.sessionClosed('cron', user)) });
      }
    }
  }
}

export const authSource: Source<string> = {
  key: 'auth',
  path: 'auth.log',
  format: 'syslog',
  share: 0.15,
  weight: officeCurve(0.12),
  benign: (rng) => new AuthGenerator(rng),
  renderer: () => (entry) => entry.p,
};
