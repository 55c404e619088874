import { createHash } from 'node:crypto';
import { hash32, type Rng } from '../prng.ts';
import { NETBIOS, type Person, type WinHost } from '../world.ts';

/** Windows executables and running processes, as Sysmon describes them. */

export interface Image {
  path: string;
  version: string;
  description: string;
  product: string;
  company: string;
  original: string;
}

const MS = 'Microsoft Corporation';
const WIN = 'Microsoft® Windows® Operating System';
const OS_VERSION = '10.0.22621.4460 (WinBuild.160101.0800)';

function image(path: string, description: string, original: string, product = WIN, company = MS, version = OS_VERSION): Image {
  return { path, description, original, product, company, version };
}

const OFFICE = 'C:\\Program Files\\Microsoft Office\\root\\Office16\\';

export const IMAGES = {
  explorer: image('C:\\Windows\\explorer.exe', 'Windows Explorer', 'EXPLORER.EXE'),
  userinit: image('C:\\Windows\\System32\\userinit.exe', 'Userinit Logon Application', 'USERINIT.EXE'),
  services: image('C:\\Windows\\System32\\services.exe', 'Services and Controller app', 'services.exe'),
  lsass: image('C:\\Windows\\System32\\lsass.exe', 'Local Security Authority Process', 'lsass.exe'),
  svchost: image('C:\\Windows\\System32\\svchost.exe', 'Host Process for Windows Services', 'svchost.exe'),
  taskhostw: image('C:\\Windows\\System32\\taskhostw.exe', 'Host Process for Windows Tasks', 'taskhostw.exe'),
  searchProtocolHost: image('C:\\Windows\\System32\\SearchProtocolHost.exe', 'Microsoft Windows Search Protocol Host', 'SearchProtocolHost.exe'),
  wmiprvse: image('C:\\Windows\\System32\\wbem\\WmiPrvSE.exe', 'WMI Provider Host', 'Wmiprvse.exe'),
  conhost: image('C:\\Windows\\System32\\conhost.exe', 'Console Window Host', 'CONHOST.EXE'),
  notepad: image('C:\\Windows\\System32\\notepad.exe', 'Notepad', 'NOTEPAD.EXE'),
  cmd: image('C:\\Windows\\System32\\cmd.exe', 'Windows Command Processor', 'Cmd.Exe'),
  powershell: image('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'Windows PowerShell', 'PowerShell.EXE'),
  rundll32: image('C:\\Windows\\System32\\rundll32.exe', 'Windows host process (Rundll32)', 'RUNDLL32.EXE'),
  reg: image('C:\\Windows\\System32\\reg.exe', 'Registry Console Tool', 'reg.exe'),
  net: image('C:\\Windows\\System32\\net.exe', 'Net Command', 'net.exe'),
  net1: image('C:\\Windows\\System32\\net1.exe', 'Net Command', 'net1.exe'),
  wevtutil: image('C:\\Windows\\System32\\wevtutil.exe', 'Eventing Command Line Utility', 'wevtutil.exe'),
  whoami: image('C:\\Windows\\System32\\whoami.exe', 'whoami - displays logged on user information', 'whoami.exe'),
  chrome: image('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'Google Chrome', 'chrome.exe', 'Google Chrome', 'Google LLC', '142.0.7444.60'),
  msedge: image('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe', 'Microsoft Edge', 'msedge.exe', 'Microsoft Edge', MS, '142.0.3595.53'),
  outlook: image(`${OFFICE}OUTLOOK.EXE`, 'Microsoft Outlook', 'Outlook.exe', 'Microsoft Outlook', MS, '16.0.18129.20158'),
  winword: image(`${OFFICE}WINWORD.EXE`, 'Microsoft Word', 'WinWord.exe', 'Microsoft Office', MS, '16.0.18129.20158'),
  excel: image(`${OFFICE}EXCEL.EXE`, 'Microsoft Excel', 'Excel.exe', 'Microsoft Office', MS, '16.0.18129.20158'),
  teams: image('C:\\Program Files\\WindowsApps\\MSTeams_25275.2601.4002.2815_x64__8wekyb3d8bbwe\\ms-teams.exe', 'Microsoft Teams', 'ms-teams.exe', 'Microsoft Teams', MS, '25275.2601.4002.2815'),
  psexec: image('C:\\Tools\\PsExec64.exe', 'Execute processes remotely', 'psexec.c', 'Sysinternals PsExec', 'Sysinternals - www.sysinternals.com', '2.43'),
  psexesvc: image('C:\\Windows\\PSEXESVC.exe', 'PsExec Service', 'psexesvc.exe', 'Sysinternals PsExec', 'Sysinternals', '2.43'),
  mimikatz: image('C:\\Users\\Public\\Downloads\\mimikatz.exe', 'mimikatz for Windows', 'mimikatz.exe', 'mimikatz', 'gentilkiwi (Benjamin DELPY)', '2.2.0.0'),
};

/** Stable file hashes per executable path (Sysmon `Hashes`, with MD5, SHA256 and IMPHASH configured). */
export function hashesOf(img: Image): string {
  const h = (algo: string) => createHash(algo).update(`vigil-demo:${img.path}`).digest('hex').toUpperCase();
  return `MD5=${h('md5')},SHA256=${h('sha256')},IMPHASH=${h('md5').split('').reverse().join('')}`;
}

/** Who a process runs as. */
export interface Account {
  /** `DOMAIN\name` as Sysmon prints it. */
  name: string;
  logonId: string;
  logonGuid: string;
  integrity: 'Low' | 'Medium' | 'High' | 'System';
  session: string;
}

function derivedGuid(host: WinHost, key: string): string {
  const a = hash32(`${host.name}|${key}|1`).toString(16).padStart(8, '0');
  const b = hash32(`${host.name}|${key}|2`).toString(16).padStart(8, '0');
  return `{${host.guidPrefix}-${a.slice(0, 4)}-${a.slice(4)}-${b.slice(0, 4)}-0000${b}}`;
}

export function systemAccount(host: WinHost): Account {
  return { name: 'NT AUTHORITY\\SYSTEM', logonId: '0x3e7', logonGuid: derivedGuid(host, 'system'), integrity: 'System', session: '0' };
}

export function userAccount(host: WinHost, p: Person, elevated = false): Account {
  const id = 0x20000 + (hash32(`${host.name}|${p.user}`) % 0xfffff);
  return {
    name: `${NETBIOS}\\${p.user}`, logonId: `0x${(elevated ? id + 1 : id).toString(16)}`,
    logonGuid: derivedGuid(host, p.user), integrity: elevated ? 'High' : 'Medium', session: host.server ? '2' : '1',
  };
}

/** The logon id of an account, for Security events (`SubjectLogonId`). */
export function logonIdOf(host: WinHost, p: Person): string {
  return userAccount(host, p).logonId;
}

export interface Proc {
  host: WinHost;
  image: Image;
  pid: number;
  guid: string;
  cmd: string;
  account: Account;
  cwd: string;
}

export function spawn(rng: Rng, host: WinHost, img: Image, cmd: string, account: Account, cwd = 'C:\\Windows\\system32\\'): Proc {
  const guid = `{${host.guidPrefix}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-0000${rng.hex(8)}}`;
  return { host, image: img, pid: rng.int(1_000, 16_000) * 4, guid, cmd, account, cwd };
}

/** Long-running processes with fixed ids per host. */
export function wellKnown(host: WinHost, which: 'services' | 'lsass'): Proc {
  const img = which === 'services' ? IMAGES.services : IMAGES.lsass;
  return {
    host, image: img, pid: which === 'services' ? host.servicesPid : host.lsassPid, guid: derivedGuid(host, which),
    cmd: which === 'services' ? 'C:\\Windows\\system32\\services.exe' : 'C:\\Windows\\system32\\lsass.exe',
    account: systemAccount(host), cwd: 'C:\\Windows\\system32\\',
  };
}

export function explorerOf(host: WinHost, p: Person): Proc {
  return {
    host, image: IMAGES.explorer, pid: 4_000 + (hash32(`${host.name}|${p.user}|explorer`) % 2_000) * 4,
    guid: derivedGuid(host, `${p.user}|explorer`), cmd: 'C:\\Windows\\Explorer.EXE', account: userAccount(host, p),
    cwd: 'C:\\Windows\\system32\\',
  };
}
