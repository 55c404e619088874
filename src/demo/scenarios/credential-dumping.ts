import { MINUTE, SECOND } from '../clock.ts';
import { IMAGES, explorerOf, spawn, userAccount, wellKnown } from '../sources/processes.ts';
import { fileCreate, processAccess, processCreate } from '../sources/sysmon.ts';
import { Bundle } from '../types.ts';
import { VICTIMS } from '../world.ts';
import type { Scenario } from './scenario.ts';

const VICTIM = VICTIMS.dumping;

/** Scenario 6: an intruder on a finance workstation dumps LSASS three ways and saves the SAM hive. */
export const credentialDumping: Scenario = {
  id: 6,
  slug: 'credential-dumping',
  name: 'LSASS credential dumping (mimikatz, comsvcs MiniDump) and SAM hive export',
  technique: 'T1003.001',
  techniques: ['T1003.001', 'T1003.002'],
  place: 0.55,
  duration: 15 * MINUTE,
  build({ rng, at }) {
    const bundle = new Bundle();
    const host = VICTIM.workstation;
    const admin = userAccount(host, VICTIM, true);
    const lsass = wellKnown(host, 'lsass');
    const downloads = `C:\\Users\\Public\\Downloads\\`;
    let t = at;
    const step = (min: number, max: number) => (t += rng.int(min, max));

    const browser = spawn(rng, host, IMAGES.chrome, `"${IMAGES.chrome.path}" `, userAccount(host, VICTIM), `C:\\Users\\${VICTIM.user}\\`);
    bundle.win(t, fileCreate(t, browser, `${downloads}mimikatz.exe`));
    const cmd = spawn(rng, host, IMAGES.cmd, '"C:\\Windows\\system32\\cmd.exe" ', admin, 'C:\\Windows\\system32\\');
    step(20 * SECOND, 60 * SECOND);
    bundle.win(t, processCreate(t, cmd, explorerOf(host, VICTIM)));

    const mimikatz = spawn(rng, host, IMAGES.mimikatz, 'mimikatz.exe "privilege::debug" "sekurlsa::logonpasswords" exit', admin, downloads);
    step(15 * SECOND, 40 * SECOND);
    bundle.win(t, processCreate(t, mimikatz, cmd));
    step(200_000, 900_000);
    bundle.win(t, processAccess(t, mimikatz, lsass, '0x1010',
      `C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|C:\\Windows\\System32\\KERNELBASE.dll+2c13e|${downloads}mimikatz.exe+c4a8e|${downloads}mimikatz.exe+c4dfc|${downloads}mimikatz.exe+84ae5|C:\\Windows\\System32\\KERNEL32.DLL+17344|C:\\Windows\\SYSTEM32\\ntdll.dll+526b1`,
      rng.int(1_000, 9_000) * 4));

    const minidump = spawn(rng, host, IMAGES.rundll32, `rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump ${lsass.pid} C:\\Users\\Public\\lsass.dmp full`, admin);
    step(1 * MINUTE, 3 * MINUTE);
    bundle.win(t, processCreate(t, minidump, cmd));
    step(100_000, 400_000);
    bundle.win(t, processAccess(t, minidump, lsass, '0x1FFFFF',
      'C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|C:\\Windows\\System32\\KERNELBASE.dll+2c13e|C:\\Windows\\System32\\comsvcs.dll+3d8a1|C:\\Windows\\System32\\dbgcore.DLL+6a57|C:\\Windows\\System32\\rundll32.exe+3bc4|C:\\Windows\\System32\\KERNEL32.DLL+17344|C:\\Windows\\SYSTEM32\\ntdll.dll+526b1',
      rng.int(1_000, 9_000) * 4));
    step(1 * SECOND, 4 * SECOND);
    bundle.win(t, fileCreate(t, minidump, 'C:\\Users\\Public\\lsass.dmp'));

    for (const hive of ['SAM', 'SYSTEM']) {
      const reg = spawn(rng, host, IMAGES.reg, `reg save HKLM\\${hive} C:\\Users\\Public\\${hive.toLowerCase()}.save`, admin);
      step(30 * SECOND, 90 * SECOND);
      bundle.win(t, processCreate(t, reg, cmd));
      step(200_000, 2 * SECOND);
      bundle.win(t, fileCreate(t, reg, `C:\\Users\\Public\\${hive.toLowerCase()}.save`));
    }
    return { bundle, sourceIps: [], destinationIps: [], users: [VICTIM.user], hosts: [host.name], markers: [VICTIM.user] };
  },
};
