import { MINUTE, SECOND } from '../clock.ts';
import { msg } from '../sources/syslog.ts';
import { Bundle } from '../types.ts';
import { BASTION } from '../world.ts';
import type { Scenario } from './scenario.ts';
import { SshAttacker } from './ssh-attacker.ts';

const IP = '198.51.100.61';
const USER = 'oracle';
const UID = 1010;

/** Scenario 2: guesses against a forgotten service account until the password falls, then a shell. */
export const sshBruteSuccess: Scenario = {
  id: 2,
  slug: 'ssh-brute-force-success',
  name: 'SSH brute force followed by a successful password login',
  technique: 'T1110.001',
  techniques: ['T1110.001', 'T1078.003'],
  place: 0.17,
  duration: 20 * MINUTE,
  build({ rng, at }) {
    const bundle = new Bundle();
    const attacker = new SshAttacker(rng, bundle, IP);
    let t = at;
    for (let i = 0; i < 26; i++) t = attacker.guess(t, USER, true, 1) + rng.int(3 * SECOND, 14 * SECOND);
    const login = t + rng.int(2 * SECOND, 9 * SECOND);
    const { tag, port } = attacker.login(login, USER, UID, 'password', rng.int(5_000, 5_900));
    const probe = login + rng.int(30 * SECOND, 90 * SECOND);
    // The intruder checks for root: the account is not a sudoer.
    attacker.line(probe, 'sudo', msg.notInSudoers(USER, 'pts/3', `/home/${USER}`, '/usr/bin/id'));
    attacker.line(probe + rng.int(15 * SECOND, 40 * SECOND), 'sudo', msg.notInSudoers(USER, 'pts/3', '/tmp', '/bin/bash'));
    attacker.logout(login, probe + rng.int(3 * MINUTE, 6 * MINUTE), USER, tag, port);
    return { bundle, sourceIps: [IP], destinationIps: [BASTION.ip], users: [USER], hosts: [BASTION.name], markers: [IP, USER] };
  },
};
