import { zeekHeaderStamp, zeekInterval, zeekTime } from '../clock.ts';
import type { Rng } from '../prng.ts';

/** Zeek TSV logs (conn.log, dns.log) with the exact header and footer Zeek writes. */

const CONN_FIELDS = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service', 'duration',
  'orig_bytes', 'resp_bytes', 'conn_state', 'local_orig', 'local_resp', 'missed_bytes', 'history', 'orig_pkts',
  'orig_ip_bytes', 'resp_pkts', 'resp_ip_bytes', 'tunnel_parents'];
const CONN_TYPES = ['time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'string', 'interval', 'count', 'count',
  'string', 'bool', 'bool', 'count', 'string', 'count', 'count', 'count', 'count', 'set[string]'];
const DNS_FIELDS = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'trans_id', 'rtt', 'query',
  'qclass', 'qclass_name', 'qtype', 'qtype_name', 'rcode', 'rcode_name', 'AA', 'TC', 'RD', 'RA', 'Z', 'answers', 'TTLs',
  'rejected'];
const DNS_TYPES = ['time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'count', 'interval', 'string', 'count',
  'string', 'count', 'string', 'count', 'string', 'bool', 'bool', 'bool', 'bool', 'count', 'vector[string]',
  'vector[interval]', 'bool'];

export function zeekHeader(path: 'conn' | 'dns', startUs: number): string[] {
  const [fields, types] = path === 'conn' ? [CONN_FIELDS, CONN_TYPES] : [DNS_FIELDS, DNS_TYPES];
  return ['#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', `#path\t${path}`,
    `#open\t${zeekHeaderStamp(startUs)}`, `#fields\t${fields.join('\t')}`, `#types\t${types.join('\t')}`];
}

export function zeekFooter(endUs: number): string[] {
  return [`#close\t${zeekHeaderStamp(endUs)}`];
}

/** A connection uid: `C` and 17 base62 characters. */
export function zeekUid(rng: Rng): string {
  return `C${rng.alnum(17)}`;
}

export interface Conn {
  uid: string;
  orig: string;
  origPort: number;
  resp: string;
  respPort: number;
  proto: 'tcp' | 'udp';
  service?: string;
  /** µs; unset for single-packet attempts. */
  duration?: number;
  origBytes?: number;
  respBytes?: number;
  state: string;
  history: string;
  origPkts: number;
  respPkts: number;
}

function isLocal(address: string): boolean {
  return address.startsWith('10.');
}

function opt(n: number | undefined): string {
  return n === undefined ? '-' : String(n);
}

export function connLine(t: number, c: Conn): string {
  const header = c.proto === 'tcp' ? 40 : 28;
  const origIp = (c.origBytes ?? 0) + c.origPkts * header + (c.proto === 'tcp' && c.origPkts > 0 ? 4 : 0);
  const respIp = c.respPkts === 0 ? 0 : (c.respBytes ?? 0) + c.respPkts * header;
  return [zeekTime(t), c.uid, c.orig, c.origPort, c.resp, c.respPort, c.proto, c.service ?? '-',
    c.duration === undefined ? '-' : zeekInterval(c.duration), opt(c.origBytes), opt(c.respBytes), c.state,
    isLocal(c.orig) ? 'T' : 'F', isLocal(c.resp) ? 'T' : 'F', 0, c.history, c.origPkts, origIp, c.respPkts, respIp, '-',
  ].join('\t');
}

/** A completed TCP session with payload in both directions. */
export function tcpSession(rng: Rng, base: Pick<Conn, 'orig' | 'origPort' | 'resp' | 'respPort'> & { service?: string },
  durationUs: number, origBytes: number, respBytes: number): Conn {
  const conn: Conn = {
    ...base, uid: zeekUid(rng), proto: 'tcp', duration: durationUs, origBytes, respBytes, state: 'SF',
    history: 'ShADadFf', origPkts: Math.ceil(origBytes / 1_200) + 3, respPkts: Math.ceil(respBytes / 1_400) + 2,
  };
  return conn;
}

export interface DnsQuery {
  uid: string;
  orig: string;
  origPort: number;
  resp: string;
  transId: number;
  rttUs?: number;
  query: string;
  qtype: number;
  rcode: number;
  answers: readonly string[];
  ttls: readonly number[];
}

const QTYPE: Record<number, string> = { 1: 'A', 12: 'PTR', 28: 'AAAA', 33: 'SRV', 16: 'TXT' };
const RCODE: Record<number, string> = { 0: 'NOERROR', 2: 'SERVFAIL', 3: 'NXDOMAIN' };

export function dnsLine(t: number, q: DnsQuery): string {
  const answered = q.answers.length > 0;
  return [zeekTime(t), q.uid, q.orig, q.origPort, q.resp, 53, 'udp', q.transId,
    q.rttUs === undefined ? '-' : zeekInterval(q.rttUs), q.query, 1, 'C_INTERNET', q.qtype, QTYPE[q.qtype] ?? '-',
    q.rcode, RCODE[q.rcode] ?? '-', 'F', 'F', 'T', 'T', 0, answered ? q.answers.join(',') : '-',
    answered ? q.ttls.map((ttl) => zeekInterval(ttl * 1_000_000)).join(',') : '-', 'F',
  ].join('\t');
}
