import { MINUTE, SECOND } from '../clock.ts';
import { IMAGES, explorerOf, spawn, systemAccount, userAccount, wellKnown } from '../sources/processes.ts';
import { logoff4634, logon4624, service4697, service7045, share5140, special4672, type Subject } from '../sources/security.ts';
import { networkConnect, processCreate } from '../sources/sysmon.ts';
import { personSubject } from '../sources/windows.ts';
import { connLine, tcpSession } from '../sources/zeek.ts';
import { Bundle } from '../types.ts';
import { FILE_SERVER, VICTIMS } from '../world.ts';
import type { Scenario } from './scenario.ts';

const ADMIN = VICTIMS.lateral;
const SOURCE = ADMIN.workstation;
const TARGET = FILE_SERVER;

/** Scenario 7: stolen admin credentials used with PsExec from an IT workstation to the file server. */
export const psexec: Scenario = {
  id: 7,
  slug: 'psexec-lateral-movement',
  name: 'Lateral movement with PsExec (ADMIN$ share, PSEXESVC service)',
  technique: 'T1569.002',
  techniques: ['T1569.002', 'T1021.002'],
  place: 0.61,
  duration: 10 * MINUTE,
  build({ rng, at }) {
    const bundle = new Bundle();
    let t = at;
    const step = (min: number, max: number) => (t += rng.int(min, max));
    const port = rng.int(49_700, 60_000);

    // On the source workstation: the operator runs PsExec against the file server.
    const tool = spawn(rng, SOURCE, IMAGES.psexec, 'PsExec64.exe \\\\fs-01 -accepteula cmd.exe /c "whoami /groups & ipconfig /all"',
      userAccount(SOURCE, ADMIN, true), 'C:\\Tools\\');
    bundle.win(t, processCreate(t, tool, explorerOf(SOURCE, ADMIN)));
    step(300_000, 900_000);
    bundle.win(t, networkConnect(t, tool, port, TARGET.ip, 445, 'fs-01.corp.example.com'));
    bundle.add('conn', t, connLine(t, tcpSession(rng, { orig: SOURCE.ip, origPort: port, resp: TARGET.ip, respPort: 445,
      service: 'gssapi,smb' }, rng.int(20, 60) * SECOND, rng.int(420_000, 520_000), rng.int(30_000, 60_000))));

    // On the target: network logon, ADMIN$ write, service install and start, the command, logoff.
    const logonId = `0x${rng.int(0x1000000, 0x7ffffff).toString(16)}`;
    const target: Subject = personSubject(ADMIN, logonId);
    step(20_000, 200_000);
    bundle.win(t, logon4624(TARGET, { target, logonType: 3, ip: SOURCE.ip, port, workstation: SOURCE.name, package: 'NTLM', elevated: true }));
    bundle.win(t + 1_000, special4672(TARGET, target));
    step(100_000, 500_000);
    bundle.win(t, share5140(TARGET, target, SOURCE.ip, port, 'ADMIN$', '\\??\\C:\\Windows'));
    step(200_000, 900_000);
    bundle.win(t, service4697(TARGET, target, 'PSEXESVC', '%SystemRoot%\\PSEXESVC.exe'));
    bundle.win(t + 2_000, service7045(TARGET, target, 'PSEXESVC', '%SystemRoot%\\PSEXESVC.exe'));
    const service = spawn(rng, TARGET, IMAGES.psexesvc, 'C:\\Windows\\PSEXESVC.exe', systemAccount(TARGET));
    step(100_000, 400_000);
    bundle.win(t, processCreate(t, service, wellKnown(TARGET, 'services')));
    const remoteAccount = { ...userAccount(TARGET, ADMIN, true), logonId };
    const shell = spawn(rng, TARGET, IMAGES.cmd, 'cmd.exe /c "whoami /groups & ipconfig /all"', remoteAccount);
    step(300_000, 1_200_000);
    bundle.win(t, processCreate(t, shell, service));
    const whoami = spawn(rng, TARGET, IMAGES.whoami, 'whoami /groups', remoteAccount);
    step(20_000, 90_000);
    bundle.win(t, processCreate(t, whoami, shell));
    step(15 * SECOND, 40 * SECOND);
    bundle.win(t, logoff4634(TARGET, target, 3));
    return {
      bundle, sourceIps: [SOURCE.ip], destinationIps: [TARGET.ip], users: [ADMIN.user], hosts: [SOURCE.name, TARGET.name],
      markers: [SOURCE.ip, ADMIN.user, 'PSEXESVC'],
    };
  },
};
