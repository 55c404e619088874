import { hash32, type Rng } from './prng.ts';

/** The fictional company the demo data describes: its hosts, staff, networks and the internet. */

export const DOMAIN = 'corp.example.com';
export const NETBIOS = 'CORP';
export const DOMAIN_SID = 'S-1-5-21-1004336348-1177238915-682003330';
export const DNS_SERVER = '10.10.10.10';

export interface LinuxHost {
  name: string;
  ip: string;
  /** rsyslog via imklog prefixes kernel lines with the printk uptime stamp; journald-forwarded lines lack it. */
  kernelStamp: boolean;
  mac: string;
}

export const BASTION: LinuxHost = { name: 'bastion-01', ip: '10.10.0.5', kernelStamp: false, mac: '52:54:00:3a:1f:05' };
export const WEB: LinuxHost = { name: 'web-01', ip: '10.10.1.10', kernelStamp: true, mac: '52:54:00:8c:41:10' };
export const DB: LinuxHost = { name: 'db-01', ip: '10.10.2.30', kernelStamp: true, mac: '52:54:00:c2:07:30' };
export const LINUX_HOSTS: readonly LinuxHost[] = [BASTION, WEB, DB];
/** MAC of the gateway in front of every Linux host (the source MAC of routed packets). */
export const GATEWAY_MAC = '00:1c:73:00:00:99';

export interface WinHost {
  name: string;
  ip: string;
  server: boolean;
  lsassPid: number;
  servicesPid: number;
  sysmonPid: number;
  localSid: string;
  /** First GUID group Sysmon reuses for every process GUID on this machine. */
  guidPrefix: string;
}

function winHost(name: string, ip: string, server = false): WinHost {
  const h = hash32(name);
  return {
    name, ip, server,
    lsassPid: 600 + (h % 200) * 4,
    servicesPid: 500 + ((h >>> 8) % 100) * 4,
    sysmonPid: 2000 + ((h >>> 16) % 900) * 4,
    localSid: `S-1-5-21-${hash32(`${name}a`)}-${hash32(`${name}b`)}-${hash32(`${name}c`)}`,
    guidPrefix: hash32(`${name}guid`).toString(16).padStart(8, '0'),
  };
}

export function fqdn(host: WinHost): string {
  return `${host.name}.${DOMAIN}`;
}

export const DC: WinHost = winHost('DC-01', '10.10.10.10', true);
export const FILE_SERVER: WinHost = winHost('FS-01', '10.10.10.20', true);
export const APP_SERVER: WinHost = winHost('SRV-APP-02', '10.10.10.30', true);

export interface Person {
  user: string;
  rid: number;
  /** Linux uid on the jump host, when the person has an account there. */
  uid?: number;
  workstation: WinHost;
  /** Address the VPN hands out to this person (the source of their SSH sessions). */
  vpnIp: string;
}

function person(user: string, rid: number, ws: string, wsIp: string, vpnIp: string, uid?: number): Person {
  const p: Person = { user, rid, workstation: winHost(ws, wsIp), vpnIp };
  if (uid !== undefined) p.uid = uid;
  return p;
}

/** Staff whose ordinary work fills the benign background. */
export const STAFF: readonly Person[] = [
  person('a.martin', 1105, 'WS-OPS-01', '10.10.40.11', '10.10.20.11', 1001),
  person('j.smith', 1106, 'WS-OPS-02', '10.10.40.12', '10.10.20.12', 1002),
  person('p.nguyen', 1107, 'WS-ENG-21', '10.10.40.21', '10.10.20.21', 1003),
  person('s.kowalski', 1108, 'WS-ENG-22', '10.10.40.22', '10.10.20.22', 1004),
  person('t.yamamoto', 1109, 'WS-ENG-24', '10.10.40.24', '10.10.20.24', 1006),
  person('m.garcia', 1110, 'WS-FIN-03', '10.10.40.31', '10.10.20.31'),
  person('d.okafor', 1111, 'WS-SAL-05', '10.10.40.35', '10.10.20.35'),
  person('e.larsen', 1112, 'WS-MKT-08', '10.10.40.38', '10.10.20.38'),
  person('h.schmidt', 1113, 'WS-HR-02', '10.10.40.42', '10.10.20.42'),
  person('c.dubois', 1114, 'WS-LEG-01', '10.10.40.45', '10.10.20.45'),
];

export const LINUX_STAFF: readonly Person[] = STAFF.filter((p) => p.uid !== undefined);

/** Accounts only the attack scenarios use, so their names mark scenario lines. */
export const VICTIMS = {
  dumping: person('r.ortiz', 1120, 'WS-FIN-07', '10.10.40.107', '10.10.20.107'),
  powershell: person('l.chen', 1121, 'WS-MKT-12', '10.10.40.112', '10.10.20.112'),
  newAdmin: person('b.ward', 1122, 'WS-HR-04', '10.10.40.104', '10.10.20.104'),
  lateral: person('adm.kpatel', 1123, 'WS-IT-03', '10.10.30.77', '10.10.20.123'),
  clearing: person('adm.jrossi', 1124, 'WS-IT-09', '10.10.30.79', '10.10.20.124'),
  linuxAdmin: person('k.ivanova', 1125, 'WS-OPS-05', '10.10.40.15', '10.10.20.125', 1005),
};

/** Workstations that produce benign Windows events (scenario hosts only run SYSTEM background work). */
export const BENIGN_WORKSTATIONS: readonly WinHost[] = STAFF.map((p) => p.workstation);
export const SCENARIO_WORKSTATIONS: readonly WinHost[] = [
  VICTIMS.dumping.workstation, VICTIMS.powershell.workstation, VICTIMS.newAdmin.workstation,
];
export const SERVERS: readonly WinHost[] = [DC, FILE_SERVER, APP_SERVER];

export function userSid(p: Person): string {
  return `${DOMAIN_SID}-${p.rid}`;
}

/** Well-known internet services: name and one stable address each. */
export const SERVICES: readonly (readonly [string, string])[] = [
  ['www.google.com', '142.250.74.100'],
  ['outlook.office365.com', '52.97.146.162'],
  ['login.microsoftonline.com', '20.190.159.4'],
  ['teams.microsoft.com', '52.113.194.132'],
  ['github.com', '140.82.121.4'],
  ['api.github.com', '140.82.121.6'],
  ['slack.com', '54.192.18.22'],
  ['www.bbc.co.uk', '151.101.0.81'],
  ['ocsp.digicert.com', '93.184.220.29'],
  ['ctldl.windowsupdate.com', '13.107.4.50'],
  ['zoom.us', '170.114.52.2'],
  ['cdn.jsdelivr.net', '104.16.85.20'],
];

/** First octets of ordinary ISP space; never the documentation ranges the attackers use. */
const CLIENT_OCTETS = [24, 31, 37, 46, 62, 66, 71, 73, 76, 78, 79, 81, 82, 84, 86, 88, 90, 91, 93, 94, 95,
  98, 99, 108, 109, 151, 176, 178, 185, 188, 193, 195, 212, 213, 217];

export function publicIp(rng: Rng): string {
  return `${rng.pick(CLIENT_OCTETS)}.${rng.int(1, 254)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

export function publicPool(rng: Rng, size: number): string[] {
  const pool = new Set<string>();
  while (pool.size < size) pool.add(publicIp(rng));
  return [...pool];
}
