import { MINUTE, SECOND } from '../clock.ts';
import type { Rng } from '../prng.ts';
import { IMAGES, explorerOf, spawn, userAccount, type Proc } from '../sources/processes.ts';
import { accountChange, groupAdd4732, userCreated4720 } from '../sources/security.ts';
import { processCreate } from '../sources/sysmon.ts';
import { msg } from '../sources/syslog.ts';
import { personSubject } from '../sources/windows.ts';
import { Bundle } from '../types.ts';
import { BASTION, VICTIMS } from '../world.ts';
import type { Scenario } from './scenario.ts';
import { SshAttacker } from './ssh-attacker.ts';

const IP = '192.0.2.66';
const LINUX_ADMIN = VICTIMS.linuxAdmin;
const WIN_ADMIN = VICTIMS.newAdmin;
const NEW_LINUX_USER = 'sysupd';
const NEW_WIN_USER = 'supp0rt';

/** Linux: a stolen key for an admin, then a new account in the sudo group. */
function linux(rng: Rng, bundle: Bundle, at: number): number {
  const attacker = new SshAttacker(rng, bundle, IP);
  const user = LINUX_ADMIN.user;
  const uid = LINUX_ADMIN.uid ?? 1005;
  const { tag, port } = attacker.login(at, user, uid, 'key', rng.int(6_000, 6_900));
  let t = at;
  const step = (min: number, max: number) => (t += rng.int(min, max));
  let lastPid = rng.int(100_000, 300_000);
  const pid = () => (lastPid += rng.int(3, 40));
  const sudo = (command: string) => {
    attacker.line(t, 'sudo', msg.sudo(user, 'pts/2', `/home/${user}`, command));
    attacker.line(t + 4_000, 'sudo', msg.sessionOpened('sudo', 'root', 0, user, uid));
    t += 30_000;
  };
  step(30 * SECOND, 80 * SECOND);
  sudo(`/usr/sbin/groupadd ${NEW_LINUX_USER}`);
  const groupadd = `groupadd[${pid()}]`;
  attacker.line(t, groupadd, `group added to /etc/group: name=${NEW_LINUX_USER}, GID=1011`);
  attacker.line(t, groupadd, `group added to /etc/gshadow: name=${NEW_LINUX_USER}`);
  attacker.line(t, groupadd, `new group: name=${NEW_LINUX_USER}, GID=1011`);
  step(10 * SECOND, 30 * SECOND);
  sudo(`/usr/sbin/useradd -m -g ${NEW_LINUX_USER} -s /bin/bash ${NEW_LINUX_USER}`);
  attacker.line(t, `useradd[${pid()}]`, `new user: name=${NEW_LINUX_USER}, UID=1011, GID=1011, home=/home/${NEW_LINUX_USER}, shell=/bin/bash, from=/dev/pts/2`);
  step(10 * SECOND, 30 * SECOND);
  sudo(`/usr/bin/passwd ${NEW_LINUX_USER}`);
  step(5 * SECOND, 12 * SECOND);
  attacker.line(t, `passwd[${pid()}]`, `pam_unix(passwd:chauthtok): password changed for ${NEW_LINUX_USER}`);
  step(10 * SECOND, 30 * SECOND);
  sudo(`/usr/sbin/usermod -aG sudo ${NEW_LINUX_USER}`);
  const usermod = `usermod[${pid()}]`;
  attacker.line(t, usermod, `add '${NEW_LINUX_USER}' to group 'sudo'`);
  attacker.line(t, usermod, `add '${NEW_LINUX_USER}' to shadow group 'sudo'`);
  const end = t + rng.int(MINUTE, 3 * MINUTE);
  attacker.logout(at, end, user, tag, port);
  return end;
}

/** Windows: `net user /add` and `net localgroup administrators /add` from an elevated prompt. */
function windows(rng: Rng, bundle: Bundle, at: number): void {
  const host = WIN_ADMIN.workstation;
  const account = userAccount(host, WIN_ADMIN, true);
  const subject = personSubject(WIN_ADMIN, account.logonId);
  const newSid = `${host.localSid}-1003`;
  let t = at;
  const cmd = spawn(rng, host, IMAGES.cmd, '"C:\\Windows\\system32\\cmd.exe" ', account);
  bundle.win(t, processCreate(t, cmd, explorerOf(host, WIN_ADMIN)));
  const net = (args: string): Proc => {
    t += rng.int(10 * SECOND, 50 * SECOND);
    const outer = spawn(rng, host, IMAGES.net, `net ${args}`, account);
    bundle.win(t, processCreate(t, outer, cmd));
    const inner = spawn(rng, host, IMAGES.net1, `C:\\Windows\\system32\\net1  ${args}`, account);
    t += rng.int(20_000, 80_000);
    bundle.win(t, processCreate(t, inner, outer));
    return inner;
  };
  net(`user ${NEW_WIN_USER} Winter2026! /add`);
  bundle.win(t += 40_000, userCreated4720(host, subject, NEW_WIN_USER, newSid));
  bundle.win(t += 2_000, accountChange(host, 4722, subject, NEW_WIN_USER, newSid));
  bundle.win(t += 2_000, accountChange(host, 4724, subject, NEW_WIN_USER, newSid));
  net(`localgroup administrators ${NEW_WIN_USER} /add`);
  bundle.win(t += 30_000, groupAdd4732(host, subject, newSid));
}

/** Scenario 9: persistence through new privileged local accounts on a Linux host and a Windows host. */
export const newAdminUser: Scenario = {
  id: 9,
  slug: 'new-admin-user',
  name: 'New local administrator accounts (useradd + sudo group, net user + Administrators)',
  technique: 'T1136.001',
  techniques: ['T1136.001', 'T1098'],
  place: 0.68,
  duration: 25 * MINUTE,
  build({ rng, at }) {
    const bundle = new Bundle();
    const end = linux(rng, bundle, at);
    windows(rng, bundle, end + rng.int(MINUTE, 5 * MINUTE));
    return {
      bundle, sourceIps: [IP], destinationIps: [BASTION.ip],
      users: [LINUX_ADMIN.user, NEW_LINUX_USER, WIN_ADMIN.user, NEW_WIN_USER],
      hosts: [BASTION.name, WIN_ADMIN.workstation.name],
      markers: [IP, LINUX_ADMIN.user, NEW_LINUX_USER, WIN_ADMIN.user, NEW_WIN_USER],
    };
  },
};
