import { SECOND } from '../clock.ts';
import type { Rng } from '../prng.ts';
import type { BenignGenerator, Entry, Source, Span } from '../types.ts';
import { BASTION, DB, DNS_SERVER, GATEWAY_MAC, WEB, publicIp, type LinuxHost } from '../world.ts';
import { syslog } from './syslog.ts';

/**
 * UFW kernel lines from the Linux hosts. web-01 and bastion-01 log at `low` (blocked packets only);
 * db-01 logs at `medium`, so its allowed new connections appear too.
 */

export interface Packet {
  /** true: arriving on eth0 (IN=eth0 OUT= MAC=…); false: leaving (IN= OUT=eth0, no MAC). */
  inbound: boolean;
  src: string;
  dst: string;
  proto: 'TCP' | 'UDP' | 'ICMP';
  spt?: number;
  dpt?: number;
  ttl: number;
  id: number;
  len: number;
  df?: boolean;
  window?: number;
}

/** Boot times sit a fixed number of days before the data set, so printk stamps stay consistent. */
const BOOT_DAYS: Record<string, number> = { 'web-01': 23.41, 'bastion-01': 61.07, 'db-01': 9.88 };

function printk(t: number, host: LinuxHost, span: Span): string {
  const uptimeUs = t - span.start + Math.round((BOOT_DAYS[host.name] ?? 1) * 86_400 * SECOND);
  const sec = String(Math.floor(uptimeUs / SECOND)).padStart(5, ' ');
  return `[${sec}.${String(uptimeUs % SECOND).padStart(6, '0')}] `;
}

/** Field order and trailing space as the kernel's nf_log prints them. */
export function ufwLine(t: number, host: LinuxHost, span: Span, action: 'BLOCK' | 'ALLOW', pkt: Packet): string {
  const iface = pkt.inbound ? `IN=eth0 OUT= MAC=${host.mac}:${GATEWAY_MAC}:08:00` : 'IN= OUT=eth0';
  let text = `[UFW ${action}] ${iface} SRC=${pkt.src} DST=${pkt.dst} LEN=${pkt.len} TOS=0x00 PREC=0x00 TTL=${pkt.ttl} ID=${pkt.id} ${pkt.df === true ? 'DF ' : ''}PROTO=${pkt.proto} `;
  if (pkt.proto === 'TCP') {
    text += `SPT=${pkt.spt ?? 0} DPT=${pkt.dpt ?? 0} WINDOW=${pkt.window ?? 64240} RES=0x00 SYN URGP=0 `;
  } else if (pkt.proto === 'UDP') {
    text += `SPT=${pkt.spt ?? 0} DPT=${pkt.dpt ?? 0} LEN=${pkt.len - 20} `;
  } else {
    text += `TYPE=8 CODE=0 ID=${pkt.id % 65_536} SEQ=1 `;
  }
  return syslog(t, host.name, 'kernel', `${host.kernelStamp ? printk(t, host, span) : ''}${text}`);
}

const NOISE_TCP = [23, 2323, 445, 3389, 1433, 5900, 6379, 81, 8081, 5555, 25, 110, 139, 3306, 5432, 9200,
  27017, 11211, 37215, 52869, 60001, 8888, 7547, 2375];
const NOISE_UDP = [5060, 161, 1900, 123, 53, 11211, 389];
const MIRRORS = ['185.125.190.36', '185.125.190.39', '91.189.91.83'];

type Emit = (entry: Entry<string>) => void;

class FirewallGenerator implements BenignGenerator<string> {
  constructor(private readonly rng: Rng, private readonly span: Span) {}

  activity(t: number, emit: Emit): void {
    const kind = this.rng.weighted([['noise', 60], ['db', 30], ['outbound', 10]] as const);
    if (kind === 'noise') this.noise(t, emit);
    else if (kind === 'db') this.dbAllow(t, emit);
    else this.outbound(t, emit);
  }

  private id(): number {
    return this.rng.int(1, 65_535);
  }

  /** Internet background radiation hitting the exposed hosts. */
  private noise(t: number, emit: Emit): void {
    const host = this.rng.chance(0.55) ? WEB : BASTION;
    const src = publicIp(this.rng);
    const kind = this.rng.weighted([['TCP', 80], ['UDP', 15], ['ICMP', 5]] as const);
    const base = { inbound: true, src, dst: host.ip, ttl: this.rng.int(38, 245), id: this.id() };
    const pkt: Packet = kind === 'TCP'
      ? { ...base, proto: 'TCP', len: this.rng.pick([40, 44, 60]), spt: this.rng.int(1024, 65_535),
        dpt: this.rng.pick(NOISE_TCP), window: this.rng.pick([1024, 65_535, 29_200, 14_600]), df: this.rng.chance(0.3) }
      : kind === 'UDP'
        ? { ...base, proto: 'UDP', len: this.rng.int(48, 420), spt: this.rng.int(1024, 65_535), dpt: this.rng.pick(NOISE_UDP) }
        : { ...base, proto: 'ICMP', len: 84 };
    emit({ t, p: ufwLine(t, host, this.span, 'BLOCK', pkt) });
  }

  /** The shop's database connections and admin SSH from the bastion. */
  private dbAllow(t: number, emit: Emit): void {
    const ssh = this.rng.chance(0.15);
    const pkt: Packet = { inbound: true, src: ssh ? BASTION.ip : WEB.ip, dst: DB.ip, proto: 'TCP', len: 60, ttl: 64,
      id: this.id(), df: true, spt: this.rng.int(32_768, 60_999), dpt: ssh ? 22 : 5432, window: 64_240 };
    emit({ t, p: ufwLine(t, DB, this.span, 'ALLOW', pkt) });
  }

  private outbound(t: number, emit: Emit): void {
    const ntp = this.rng.chance(0.4);
    const pkt: Packet = ntp
      ? { inbound: false, src: DB.ip, dst: DNS_SERVER, proto: 'UDP', len: 76, ttl: 64, id: this.id(), df: true,
        spt: this.rng.int(32_768, 60_999), dpt: 123 }
      : { inbound: false, src: DB.ip, dst: this.rng.pick(MIRRORS), proto: 'TCP', len: 60, ttl: 64, id: this.id(),
        df: true, spt: this.rng.int(32_768, 60_999), dpt: this.rng.pick([80, 443]), window: 64_240 };
    emit({ t, p: ufwLine(t, DB, this.span, 'ALLOW', pkt) });
  }
}

export const firewallSource: Source<string> = {
  key: 'firewall',
  path: 'firewall.log',
  format: 'syslog',
  share: 0.12,
  weight: () => 1,
  benign: (rng, span) => new FirewallGenerator(rng, span),
  renderer: () => (entry) => entry.p,
};
