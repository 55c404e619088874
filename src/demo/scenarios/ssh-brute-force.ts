import { MINUTE, SECOND } from '../clock.ts';
import { Bundle } from '../types.ts';
import { BASTION } from '../world.ts';
import type { Scenario } from './scenario.ts';
import { SshAttacker } from './ssh-attacker.ts';

const IP = '203.0.113.45';

/** Scenario 1: a password-guessing tool hammering root on the bastion, never getting in. */
export const sshBruteForce: Scenario = {
  id: 1,
  slug: 'ssh-brute-force',
  name: 'SSH brute force against root (no success)',
  technique: 'T1110.001',
  techniques: ['T1110.001'],
  place: 0.1,
  duration: 15 * MINUTE,
  build({ rng, at }) {
    const bundle = new Bundle();
    const attacker = new SshAttacker(rng, bundle, IP);
    let t = at;
    // A few full-length connections first (6 guesses each), then one guess per connection.
    for (let i = 0; i < 4; i++) t = attacker.burst(t, 'root') + rng.int(SECOND, 4 * SECOND);
    for (let i = 0; i < 40; i++) t = attacker.guess(t, 'root', true, 1) + rng.int(2 * SECOND, 12 * SECOND);
    return { bundle, sourceIps: [IP], destinationIps: [BASTION.ip], users: ['root'], hosts: [BASTION.name], markers: [IP] };
  },
};
