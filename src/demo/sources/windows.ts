import { MINUTE, SECOND } from '../clock.ts';
import type { Rng } from '../prng.ts';
import { officeCurve, type BenignGenerator, type Entry, type Source } from '../types.ts';
import {
  APP_SERVER, BENIGN_WORKSTATIONS, DC, DOMAIN, DOMAIN_SID, FILE_SERVER, NETBIOS, SCENARIO_WORKSTATIONS, SERVERS, SERVICES, STAFF,
  userSid, type Person, type WinHost,
} from '../world.ts';
import { IMAGES, explorerOf, spawn, systemAccount, userAccount, wellKnown, type Account, type Image, type Proc } from './processes.ts';
import {
  failed4625, logoff4634, logon4624, machineSubject, process4688, share5140, special4672, ticket4769, type Subject,
} from './security.ts';
import { dnsQuery, networkConnect, processCreate } from './sysmon.ts';
import { winlogbeatRenderer, type WinEvent } from './winlog.ts';

/** Benign Windows activity: staff apps, Windows services, logons, file shares and Kerberos. */

type Emit = (entry: Entry<WinEvent>) => void;

const USER_APPS: readonly (readonly [Image, string])[] = [
  [IMAGES.chrome, '"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" '],
  [IMAGES.msedge, '"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe" --profile-directory=Default'],
  [IMAGES.outlook, '"C:\\Program Files\\Microsoft Office\\Root\\Office16\\OUTLOOK.EXE" '],
  [IMAGES.winword, '"C:\\Program Files\\Microsoft Office\\Root\\Office16\\WINWORD.EXE" /n "C:\\Users\\%USER%\\Documents\\Q4 report.docx"'],
  [IMAGES.excel, '"C:\\Program Files\\Microsoft Office\\Root\\Office16\\EXCEL.EXE" "C:\\Users\\%USER%\\Documents\\budget-2027.xlsx"'],
  [IMAGES.teams, '"C:\\Program Files\\WindowsApps\\MSTeams_25275.2601.4002.2815_x64__8wekyb3d8bbwe\\ms-teams.exe" msteams:system-initiated'],
  [IMAGES.notepad, '"C:\\Windows\\system32\\NOTEPAD.EXE" C:\\Users\\%USER%\\Desktop\\notes.txt'],
];
const SERVICE_PROCS: readonly (readonly [Image, string, 'system' | 'network' | 'local'])[] = [
  [IMAGES.svchost, 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule', 'system'],
  [IMAGES.svchost, 'C:\\Windows\\System32\\svchost.exe -k LocalServiceNetworkRestricted -p -s EventLog', 'local'],
  [IMAGES.svchost, 'C:\\Windows\\system32\\svchost.exe -k NetworkService -p -s Dnscache', 'network'],
  [IMAGES.svchost, 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s wuauserv', 'system'],
  [IMAGES.wmiprvse, 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding', 'network'],
  [IMAGES.searchProtocolHost, '"C:\\Windows\\system32\\SearchProtocolHost.exe" Global\\UsGthrFltPipeMssGthrPipe_S-1-5-21 Global\\UsGthrCtrlFltPipeMssGthrPipe_S-1-5-21 1 -2147483646 "Software\\Microsoft\\Windows Search" "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT; MS Search 4.0 Robot)" "C:\\ProgramData\\Microsoft\\Search\\Data\\Temp\\usgthrsvc" "DownLevelDaemon"', 'system'],
];
const SHARES: readonly (readonly [string, string])[] = [
  ['Finance', '\\??\\D:\\Shares\\Finance'], ['Projects', '\\??\\D:\\Shares\\Projects'], ['Home', '\\??\\D:\\Home'],
  ['SYSVOL', '\\??\\C:\\Windows\\SYSVOL\\sysvol'],
];

function serviceAccount(host: WinHost, kind: 'system' | 'network' | 'local'): Account {
  if (kind === 'system') return systemAccount(host);
  const network = kind === 'network';
  return { ...systemAccount(host), name: `NT AUTHORITY\\${network ? 'NETWORK' : 'LOCAL'} SERVICE`, logonId: network ? '0x3e4' : '0x3e5' };
}

export function personSubject(p: Person, logonId: string): Subject {
  return { sid: userSid(p), name: p.user, domain: NETBIOS, logonId };
}

class WindowsGenerator implements BenignGenerator<WinEvent> {
  constructor(private readonly rng: Rng) {}

  activity(t: number, emit: Emit): void {
    const p = this.rng.pick(STAFF);
    const kind = this.rng.weighted([['app', 30], ['service', 16], ['net', 15], ['dns', 8], ['unlock', 5], ['share', 8],
      ['ticket', 6], ['serviceLogon', 4], ['failed', 1]] as const);
    const ws = p.workstation;
    if (kind === 'app') this.app(t, p, emit);
    else if (kind === 'service') this.service(t, emit);
    else if (kind === 'net' || kind === 'dns') this.network(t, p, kind === 'dns', emit);
    else if (kind === 'unlock') {
      emit({ t, p: logon4624(ws, { target: personSubject(p, userAccount(ws, p).logonId), logonType: this.rng.pick([2, 7, 7, 11]),
        ip: '127.0.0.1', port: 0, workstation: ws.name, package: 'Negotiate', subject: machineSubject(ws),
        process: ['0x3c8', 'C:\\Windows\\System32\\svchost.exe'], logonGuid: userAccount(ws, p).logonGuid }) });
    } else if (kind === 'share') this.share(t, p, emit);
    else if (kind === 'ticket') {
      const target = this.rng.pick([FILE_SERVER, APP_SERVER]);
      emit({ t, p: ticket4769(DC, p.user, DOMAIN.toUpperCase(), `${target.name}$`, `${DOMAIN_SID}-${1_000 + target.lsassPid}`,
        ws.ip, this.rng.int(49_152, 65_535)) });
    } else if (kind === 'serviceLogon') {
      const host = this.rng.pick(SERVERS);
      const system: Subject = { sid: 'S-1-5-18', name: 'SYSTEM', domain: 'NT AUTHORITY', logonId: '0x3e7' };
      emit({ t, p: logon4624(host, { target: system, logonType: 5, ip: '-', port: 0, workstation: '-', package: 'Negotiate',
        subject: machineSubject(host), process: [`0x${host.servicesPid.toString(16)}`, IMAGES.services.path] }) });
      emit({ t: t + 1_000, p: special4672(host, system) });
    } else {
      emit({ t, p: failed4625(ws, p.user, 2, ws.name, '127.0.0.1') });
    }
  }

  private app(t: number, p: Person, emit: Emit): void {
    const ws = p.workstation;
    const [img, cmd] = this.rng.pick(USER_APPS);
    const proc = spawn(this.rng, ws, img, cmd.replace('%USER%', p.user), userAccount(ws, p), `C:\\Users\\${p.user}\\`);
    emit({ t, p: processCreate(t, proc, explorerOf(ws, p)) });
    if (img === IMAGES.chrome && this.rng.chance(0.6)) {
      const child = spawn(this.rng, ws, img, `"${img.path}" --type=renderer --lang=en-US --num-raster-threads=4 --renderer-client-id=${this.rng.int(5, 90)} /prefetch:1`,
        userAccount(ws, p), `C:\\Users\\${p.user}\\`);
      const at = t + this.rng.int(40_000, 400_000);
      emit({ t: at, p: processCreate(at, child, proc) });
    }
  }

  private service(t: number, emit: Emit): void {
    const host = this.rng.pick([...BENIGN_WORKSTATIONS, ...SCENARIO_WORKSTATIONS, ...SERVERS]);
    const [img, cmd, kind] = this.rng.pick(SERVICE_PROCS);
    const services = wellKnown(host, 'services');
    const proc = spawn(this.rng, host, img, cmd, serviceAccount(host, kind));
    emit({ t, p: processCreate(t, proc, services) });
    if (host.server) emit({ t: t + 2_000, p: process4688(machineSubject(host), proc, services) });
  }

  private network(t: number, p: Person, dns: boolean, emit: Emit): void {
    const ws = p.workstation;
    const [img, cmd] = this.rng.pick(USER_APPS.slice(0, 3));
    const proc: Proc = spawn(this.rng, ws, img, cmd, userAccount(ws, p), `C:\\Users\\${p.user}\\`);
    const [name, address] = this.rng.pick(SERVICES);
    emit({ t, p: dns ? dnsQuery(t, proc, name, `::ffff:${address};`)
      : networkConnect(t, proc, this.rng.int(49_152, 65_535), address, 443, name) });
  }

  /** A mapped drive touching the file server: network logon, share access, logoff. */
  private share(t: number, p: Person, emit: Emit): void {
    const logonId = `0x${this.rng.int(0x100000, 0xffffff).toString(16)}`;
    const target = personSubject(p, logonId);
    const port = this.rng.int(49_152, 65_535);
    emit({ t, p: logon4624(FILE_SERVER, { target, logonType: 3, ip: p.workstation.ip, port, workstation: '-', package: 'Kerberos',
      logonGuid: this.rng.guid() }) });
    const [share, local] = this.rng.pick(SHARES);
    emit({ t: t + 3_000, p: share5140(FILE_SERVER, target, p.workstation.ip, port, share, local) });
    const end = t + Math.round(5 * SECOND + this.rng.exp(3 * MINUTE));
    emit({ t: end, p: logoff4634(FILE_SERVER, target, 3) });
  }
}

export const windowsSource: Source<WinEvent> = {
  key: 'windows',
  path: 'windows.jsonl',
  format: 'windows-json',
  share: 0.18,
  weight: officeCurve(0.15),
  benign: (rng) => new WindowsGenerator(rng),
  renderer: () => winlogbeatRenderer(),
};
