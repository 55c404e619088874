import type { EventFields } from '../../../../schema/event.ts';
import { ip, ipPort, macAddress, setOwn } from '../../../values.ts';
import type { Decoded, DecodeInput, ProgramDecoder } from '../types.ts';

/**
 * dnsmasq's query log (`log-queries`), to syslog or its own file: Pi-hole's `pihole.log` is the same lines, with no
 * host. A client's question (`query[A] name from 192.168.1.23`) is a DNS query event, which Sigma's `dns` rules read;
 * what dnsmasq did with it (`forwarded name to 1.1.1.1`, `dnssec-query[DS] name to …`) and the answer it gave
 * (`reply name is 93.184.216.34`, `cached …`, `/etc/hosts …`, `config …`: an address, a name, `NXDOMAIN`, `NODATA`,
 * `<CNAME>`) are events of their own, as are Pi-hole's blocks (`gravity blocked name is 0.0.0.0`, `regex
 * blacklisted`, `exactly denied`, `special domain`). `log-queries=extra` prefixes each line with the query's serial
 * and the client's address and port. dnsmasq-dhcp's leases (`DHCPACK(br0) 192.168.1.23 aa:bb:… laptop-alice`) tie an
 * address to a device's MAC and name.
 */

const EXTRA = /^(\d{1,10}) ([0-9A-Fa-f:.]{2,45})\/(\d{1,5}) (.*)$/s;
const QUERY = /^query\[([A-Za-z0-9=]{1,16})\] (\S{1,1024}) from ([0-9A-Fa-f:.]{2,45})$/;
const FORWARDED = /^(forwarded|dnssec-query\[([A-Za-z0-9=]{1,16})\]) (\S{1,1024}) to (\S{2,64})$/;
const ANSWER = /^(\S.{0,80}?) (\S{1,1024}) is (\S.{0,1023})$/s;
/** Where an answer came from, as dnsmasq words it; a path is a hosts file (`/etc/hosts`, `/etc/pihole/local.list`). */
const SOURCES = new Set(['reply', 'cached', 'cached-stale', 'config', 'DHCP']);
/** Pi-hole's words for a query it answered itself rather than resolving it. */
const BLOCKED = /\b(?:blocked|blacklisted|denied)\b|^special domain$|^Apple iCloud Private Relay domain$/;
const RESPONSE_CODES = new Set(['NXDOMAIN', 'SERVFAIL', 'REFUSED', 'NOTIMP', 'FORMERR']);

const dnsEvent = (action: string, type: string[] = ['protocol']): EventFields['event'] => ({ category: ['network'], type, action });

function query(type: string, name: string, client: string): EventFields {
  return {
    event: dnsEvent('dns-query'),
    source: { ip: ip(client) },
    dns: { question: { name: name.toLowerCase(), type } },
    network: { protocol: 'dns' },
  };
}

function forwarded(kind: string, type: string | undefined, name: string, server: string): EventFields {
  const to = ipPort(server.replace('#', ':'));
  return {
    event: dnsEvent(kind === 'forwarded' ? 'dns-forward' : 'dnssec-query'),
    destination: { ip: to.ip, port: to.port },
    dns: { question: { name: name.toLowerCase(), type } },
    network: { protocol: 'dns' },
  };
}

function answer(source: string, name: string, value: string): EventFields | undefined {
  const blocked = BLOCKED.test(source);
  if (!blocked && !SOURCES.has(source) && !source.startsWith('/')) return undefined;
  const labels: Record<string, string> = {};
  setOwn(labels, 'dnsmasq.answer_source', source);
  setOwn(labels, 'dnsmasq.answer', value);
  const code = RESPONSE_CODES.has(value) ? value : undefined;
  const address = ip(value);
  // A name answers a reverse (PTR) question; `<CNAME>` says a CNAME comes on the next line, `NODATA` no record.
  const host = address === undefined && code === undefined && /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,252}$/.test(value) && !value.startsWith('NODATA') ? value.toLowerCase() : undefined;
  const answers = address ?? host;
  return {
    event: blocked ? { ...dnsEvent('dns-blocked', ['protocol', 'denied']), outcome: 'failure', reason: source } : dnsEvent('dns-answer'),
    // `reply error is SERVFAIL`: dnsmasq names no question when an upstream fails.
    dns: { question: name === 'error' ? undefined : { name: name.toLowerCase() }, answers: answers === undefined ? undefined : [answers], response_code: code ?? (value.startsWith('NODATA') || answers !== undefined ? 'NOERROR' : undefined) },
    network: { protocol: 'dns' },
    labels,
  };
}

function decodeDns(message: string): EventFields | undefined {
  const extra = EXTRA.exec(message);
  const text = extra === null ? message : extra[4]!;
  const fields = decodeLine(text);
  if (fields === undefined || extra === null) return fields;
  fields.labels ??= {};
  setOwn(fields.labels, 'dnsmasq.serial', extra[1]!);
  // The client of the query the line is about, whatever the line is (a reply goes back to it).
  if (fields.event?.action === 'dns-query') fields.source = { ip: ip(extra[2]) ?? fields.source?.ip, port: Number(extra[3]) };
  else setOwn(fields.labels, 'dnsmasq.client', `${extra[2]!}/${extra[3]!}`);
  return fields;
}

function decodeLine(text: string): EventFields | undefined {
  const asked = QUERY.exec(text);
  if (asked !== null) return query(asked[1]!, asked[2]!, asked[3]!);
  const sent = FORWARDED.exec(text);
  if (sent !== null) return forwarded(sent[1]!, sent[2], sent[3]!, sent[4]!);
  const answered = ANSWER.exec(text);
  return answered === null ? undefined : answer(answered[1]!, answered[2]!, answered[3]!);
}

export const dnsmasqDecoder: ProgramDecoder = {
  programs: ['dnsmasq', 'pihole-ftl'],
  dataset: () => 'dnsmasq',
  decode: ({ message }: DecodeInput): Decoded | undefined => {
    const fields = decodeDns(message);
    return fields === undefined ? undefined : { fields };
  },
};

/** `DHCPACK(br0) 192.168.1.23 aa:bb:cc:dd:ee:ff laptop-alice`, `DHCPDISCOVER(br0) aa:bb:… no address available`, DHCPv6's `DHCPREPLY(br0) addr duid name`. */
const DHCP = /^(DHCP[A-Z0-9]{3,12})\(([^)\s]{1,64})\)(?: (.{1,600}))?$/s;
const CLIENT_ID = /^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){6,127}$/;
const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,252}$/;
/** The messages after which dnsmasq writes the client's name (the others end in an error text). */
const NAMED = new Set(['DHCPACK', 'DHCPREPLY']);

function decodeDhcp(message: string): EventFields | undefined {
  const m = DHCP.exec(message);
  if (m === null) return undefined;
  const [, kind = '', iface = '', tail = ''] = m;
  const words = tail === '' ? [] : tail.split(' ');
  let at = 0;
  const address = ip(words[at]);
  if (address !== undefined) at++;
  const labels: Record<string, string> = {};
  setOwn(labels, 'dhcp.interface', iface);
  const hardware = words[at] ?? '';
  const mac = macAddress(hardware);
  if (mac === undefined && CLIENT_ID.test(hardware)) setOwn(labels, 'dhcp.client_id', hardware);
  if (mac !== undefined || labels['dhcp.client_id'] !== undefined) at++;
  const rest = words.slice(at).join(' ');
  const name = NAMED.has(kind) && HOST_NAME.test(rest) ? rest : undefined;
  if (rest !== '' && name === undefined) setOwn(labels, 'dhcp.detail', rest);
  return {
    event: { category: ['network'], type: ['protocol'], action: `dhcp-${kind.slice(4).toLowerCase()}` },
    source: { ip: address, mac, domain: name },
    network: { protocol: 'dhcp' },
    labels,
  };
}

export const dnsmasqDhcpDecoder: ProgramDecoder = {
  programs: ['dnsmasq-dhcp'],
  dataset: () => 'dnsmasq.dhcp',
  decode: ({ message }: DecodeInput): Decoded | undefined => {
    const fields = decodeDhcp(message);
    return fields === undefined ? undefined : { fields };
  },
};
