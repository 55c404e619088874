import { MINUTE, SECOND } from '../clock.ts';
import { Bundle } from '../types.ts';
import { BASTION, LINUX_STAFF, STAFF } from '../world.ts';
import type { Scenario } from './scenario.ts';
import { SshAttacker } from './ssh-attacker.ts';

const IP = '192.0.2.147';
/** Names that do not exist on the bastion (sshd says `Invalid user`). */
const GUESSED = ['admin', 'test', 'guest', 'ubuntu', 'support', 'deploy', 'jenkins', 'postgres', 'git', 'ftpuser',
  'user', 'pi', 'ansible', 'dev'];

/** Scenario 3: one common password tried slowly against many accounts, one or two tries each. */
export const sshSpraying: Scenario = {
  id: 3,
  slug: 'ssh-password-spraying',
  name: 'SSH password spraying across many accounts',
  technique: 'T1110.003',
  techniques: ['T1110.003'],
  place: 0.25,
  duration: 25 * MINUTE,
  build({ rng, at }) {
    const bundle = new Bundle();
    const attacker = new SshAttacker(rng, bundle, IP);
    // Real staff names (harvested from the website) mixed with generic ones.
    const real = rng.sample(STAFF.map((p) => p.user), 6);
    const targets = rng.sample([...real, ...rng.sample(GUESSED, 12)], 18);
    const valid = new Set(LINUX_STAFF.map((p) => p.user));
    let t = at;
    for (const user of targets) {
      const tries = rng.chance(0.3) ? 2 : 1;
      t = attacker.guess(t, user, valid.has(user), tries) + rng.int(25 * SECOND, 50 * SECOND);
    }
    return { bundle, sourceIps: [IP], destinationIps: [BASTION.ip], users: targets, hosts: [BASTION.name], markers: [IP] };
  },
};
