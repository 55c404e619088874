import { MINUTE, SECOND } from '../clock.ts';
import { IMAGES, explorerOf, spawn, userAccount } from '../sources/processes.ts';
import { logCleared104, logon4624, machineSubject, securityCleared1102 } from '../sources/security.ts';
import { processCreate } from '../sources/sysmon.ts';
import { personSubject } from '../sources/windows.ts';
import { Bundle } from '../types.ts';
import { APP_SERVER, VICTIMS } from '../world.ts';
import type { Scenario } from './scenario.ts';

const ADMIN = VICTIMS.clearing;
const HOST = APP_SERVER;

/** Scenario 10: an admin session over RDP wipes the Security, System and PowerShell logs. */
export const logClearing: Scenario = {
  id: 10,
  slug: 'log-clearing',
  name: 'Windows event logs cleared with wevtutil',
  technique: 'T1070.001',
  techniques: ['T1070.001'],
  place: 0.76,
  duration: 10 * MINUTE,
  build({ rng, at }) {
    const bundle = new Bundle();
    const account = userAccount(HOST, ADMIN, true);
    const subject = personSubject(ADMIN, account.logonId);
    let t = at;
    bundle.win(t, logon4624(HOST, { target: subject, logonType: 10, ip: ADMIN.workstation.ip, port: 0, workstation: HOST.name,
      package: 'Negotiate', subject: machineSubject(HOST), process: ['0x1b4c', 'C:\\Windows\\System32\\svchost.exe'], elevated: true,
      logonGuid: account.logonGuid }));
    const cmd = spawn(rng, HOST, IMAGES.cmd, '"C:\\Windows\\system32\\cmd.exe" ', account);
    t += rng.int(MINUTE, 3 * MINUTE);
    bundle.win(t, processCreate(t, cmd, explorerOf(HOST, ADMIN)));
    for (const channel of ['Security', 'System', 'Windows PowerShell']) {
      const quoted = channel.includes(' ') ? `"${channel}"` : channel;
      const wevtutil = spawn(rng, HOST, IMAGES.wevtutil, `wevtutil cl ${quoted}`, account);
      t += rng.int(5 * SECOND, 25 * SECOND);
      bundle.win(t, processCreate(t, wevtutil, cmd));
      t += rng.int(30_000, 200_000);
      bundle.win(t, channel === 'Security' ? securityCleared1102(HOST, subject) : logCleared104(HOST, subject, channel));
    }
    return {
      bundle, sourceIps: [ADMIN.workstation.ip], destinationIps: [HOST.ip], users: [ADMIN.user], hosts: [HOST.name],
      markers: [ADMIN.user],
    };
  },
};
