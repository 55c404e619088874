import { credentialDumping } from './credential-dumping.ts';
import { encodedPowershell } from './encoded-powershell.ts';
import { logClearing } from './log-clearing.ts';
import { newAdminUser } from './new-admin-user.ts';
import { portScan } from './port-scan.ts';
import { psexec } from './psexec.ts';
import type { Scenario } from './scenario.ts';
import { sshBruteForce } from './ssh-brute-force.ts';
import { sshBruteSuccess } from './ssh-brute-success.ts';
import { sshSpraying } from './ssh-spraying.ts';
import { webScan } from './web-scan.ts';

export type { Scenario, ScenarioContext, ScenarioOutput } from './scenario.ts';

/** Every labelled attack the demo data set contains, in id order. */
export const SCENARIOS: readonly Scenario[] = [
  sshBruteForce, sshBruteSuccess, sshSpraying, portScan, webScan, credentialDumping, psexec, encodedPowershell,
  newAdminUser, logClearing,
];
