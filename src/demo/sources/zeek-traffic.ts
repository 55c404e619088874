import { SECOND } from '../clock.ts';
import type { Rng } from '../prng.ts';
import { officeCurve, type BenignGenerator, type Entry, type Source } from '../types.ts';
import { BASTION, DB, DC, DNS_SERVER, DOMAIN, FILE_SERVER, LINUX_STAFF, SERVICES, STAFF, WEB, publicPool } from '../world.ts';
import { connLine, dnsLine, tcpSession, zeekFooter, zeekHeader, zeekUid, type Conn } from './zeek.ts';

/** Benign network traffic the Zeek sensor sees: office clients, the DMZ and the internal services. */

type Emit = (entry: Entry<string>) => void;

function ephemeral(rng: Rng): number {
  return rng.int(49_152, 65_535);
}

class ConnGenerator implements BenignGenerator<string> {
  private readonly visitors: string[];

  constructor(private readonly rng: Rng) {
    this.visitors = publicPool(rng, 300);
  }

  activity(t: number, emit: Emit): void {
    const r = this.rng;
    const ws = r.pick(STAFF).workstation.ip;
    const kind = r.weighted([['web', 40], ['dns', 20], ['smb', 8], ['kerberos', 5], ['ldap', 5], ['ntp', 3],
      ['visitor', 12], ['ssh', 2], ['db', 4], ['dead', 1]] as const);
    let conn: Conn;
    if (kind === 'web') {
      const [, address] = r.pick(SERVICES);
      conn = tcpSession(r, { orig: ws, origPort: ephemeral(r), resp: address, respPort: 443, service: 'ssl' },
        Math.round(r.exp(20 * SECOND)), r.int(600, 40_000), r.int(3_000, 2_500_000));
    } else if (kind === 'dns' || kind === 'ntp') {
      const dns = kind === 'dns';
      conn = { uid: zeekUid(r), orig: ws, origPort: ephemeral(r), resp: DNS_SERVER, respPort: dns ? 53 : 123, proto: 'udp',
        service: dns ? 'dns' : 'ntp', duration: r.int(300, 20_000), origBytes: dns ? r.int(28, 60) : 48,
        respBytes: dns ? r.int(44, 320) : 48, state: 'SF', history: 'Dd', origPkts: 1, respPkts: 1 };
    } else if (kind === 'smb' || kind === 'kerberos' || kind === 'ldap') {
      const [resp, port, service] = kind === 'smb' ? [FILE_SERVER.ip, 445, 'gssapi,smb']
        : kind === 'kerberos' ? [DC.ip, 88, 'krb_tcp'] : [DC.ip, 389, 'ldap'];
      conn = tcpSession(r, { orig: ws, origPort: ephemeral(r), resp, respPort: port, service },
        Math.round(r.exp(kind === 'smb' ? 90 * SECOND : SECOND)), r.int(400, 90_000), r.int(400, 900_000));
    } else if (kind === 'visitor') {
      conn = tcpSession(r, { orig: r.pick(this.visitors), origPort: ephemeral(r), resp: WEB.ip, respPort: 443, service: 'ssl' },
        Math.round(r.exp(8 * SECOND)), r.int(700, 9_000), r.int(9_000, 700_000));
    } else if (kind === 'ssh') {
      conn = tcpSession(r, { orig: r.pick(LINUX_STAFF).vpnIp, origPort: ephemeral(r), resp: BASTION.ip, respPort: 22, service: 'ssh' },
        Math.round(r.exp(600 * SECOND)), r.int(4_000, 90_000), r.int(8_000, 900_000));
    } else if (kind === 'db') {
      conn = tcpSession(r, { orig: WEB.ip, origPort: ephemeral(r), resp: DB.ip, respPort: 5432 },
        Math.round(r.exp(30 * SECOND)), r.int(900, 60_000), r.int(2_000, 600_000));
    } else {
      // A workstation still trying a decommissioned printer.
      conn = { uid: zeekUid(r), orig: ws, origPort: ephemeral(r), resp: '10.10.50.20', respPort: 9100, proto: 'tcp',
        duration: r.int(100, 900), origBytes: 0, respBytes: 0, state: 'REJ', history: 'Sr', origPkts: 1, respPkts: 1 };
    }
    emit({ t, p: connLine(t, conn) });
  }
}

const INTERNAL_NAMES: readonly (readonly [string, number, readonly string[], number])[] = [
  [`dc-01.${DOMAIN}`, 1, [DC.ip], 1200],
  [`fs-01.${DOMAIN}`, 1, [FILE_SERVER.ip], 1200],
  [`_ldap._tcp.dc._msdcs.${DOMAIN}`, 33, [`dc-01.${DOMAIN}`], 600],
  [`_kerberos._tcp.${DOMAIN}`, 33, [`dc-01.${DOMAIN}`], 600],
  ['20.10.10.10.in-addr.arpa', 12, [`fs-01.${DOMAIN}`], 1200],
  [`wpad.${DOMAIN}`, 1, [], 0],
];

class DnsGenerator implements BenignGenerator<string> {
  constructor(private readonly rng: Rng) {}

  activity(t: number, emit: Emit): void {
    const r = this.rng;
    const base = { uid: zeekUid(r), orig: r.pick(STAFF).workstation.ip, origPort: ephemeral(r), resp: DNS_SERVER,
      transId: r.int(1, 65_535), rttUs: r.int(250, 40_000) };
    if (r.chance(0.3)) {
      const [query, qtype, answers, ttl] = r.pick(INTERNAL_NAMES);
      const line = dnsLine(t, { ...base, query, qtype, rcode: answers.length === 0 ? 3 : 0, answers,
        ttls: answers.map(() => ttl) });
      emit({ t, p: line });
      return;
    }
    const [query, address] = r.pick(SERVICES);
    const ttl = r.pick([60, 300, 300, 3600]);
    emit({ t, p: dnsLine(t, { ...base, query, qtype: 1, rcode: 0, answers: [address], ttls: [ttl] }) });
    if (r.chance(0.4)) {
      // Dual-stack clients ask for AAAA straight after A; these names answer empty over IPv4-only paths.
      const at = t + r.int(100, 3_000);
      emit({ t: at, p: dnsLine(at, { ...base, uid: zeekUid(r), origPort: ephemeral(r), transId: r.int(1, 65_535),
        query, qtype: 28, rcode: 0, answers: [], ttls: [] }) });
    }
  }
}

export const connSource: Source<string> = {
  key: 'conn',
  path: 'zeek/conn.log',
  format: 'zeek-tsv',
  share: 0.14,
  weight: officeCurve(0.25),
  header: (start) => zeekHeader('conn', start),
  footer: (end) => zeekFooter(end),
  benign: (rng) => new ConnGenerator(rng),
  renderer: () => (entry) => entry.p,
};

export const dnsSource: Source<string> = {
  key: 'dns',
  path: 'zeek/dns.log',
  format: 'zeek-tsv',
  share: 0.08,
  weight: officeCurve(0.2),
  header: (start) => zeekHeader('dns', start),
  footer: (end) => zeekFooter(end),
  benign: (rng) => new DnsGenerator(rng),
  renderer: () => (entry) => entry.p,
};
