import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, META, reject, type ParseOutcome, type Sample } from '../format.ts';
import { compact, ip } from '../values.ts';
import { labelsOf } from './syslog/util.ts';
import { exportTime } from './windows-csv.ts';

/**
 * The Windows DNS Server's debug log (`%SystemRoot%\System32\dns\dns.log`, "Log packets for debugging"): one line per
 * packet, `11/23/2024 10:00:00 AM 0E5C PACKET  000000B1F8A3D1A0 UDP Rcv 192.168.1.50    b4a2   Q [0001   D   NOERROR]
 * A      (3)www(7)example(3)com(0)`: the server's local time in its locale (`--tz`), thread, packet id, protocol,
 * direction, the remote address, transaction id, `R` for a response, opcode, flags, response code, question type and
 * name (length-prefixed labels). A query a client sent is `dns-query` (Sigma's `dns` category: the name asked); the
 * server's answer is `dns-response` with its code; what the server asks its forwarders and hears back is
 * `dns-forward` / `dns-forward-response`, so each client question counts once. Other timed lines (`EVENT` …) keep
 * their text; the header's field key and the detailed packet dumps (indented) are directives, not events.
 */

const PACKET =
  /^(\d{1,2}[/.-]\d{1,2}[/.-]\d{4} \d{1,2}:\d{2}:\d{2}(?: ?[AaPp]\.?[Mm]\.?)?) +([0-9A-Fa-f]{1,8}) +PACKET +([0-9A-Fa-f]{1,16}) +(UDP|TCP) +(Snd|Rcv) +(\S+) +([0-9A-Fa-f]{1,4}) +(?:(R) +)?([QNU?]) +\[([0-9A-Fa-f]{1,4}) +([ATDR]*) *([A-Z]+)\] +(\S+) +(\S+) *$/;
const TIMED = /^(\d{1,2}[/.-]\d{1,2}[/.-]\d{4} \d{1,2}:\d{2}:\d{2}(?: ?[AaPp]\.?[Mm]\.?)?) +([0-9A-Fa-f]{1,8}) +(\S+) *(.*)$/;
const LABEL = /\((\d{1,3})\)/g;
const OPCODES: ReadonlyMap<string, string> = new Map([['Q', 'query'], ['N', 'notify'], ['U', 'update'], ['?', 'unknown']]);

/** `(3)www(7)example(3)com(0)` → `www.example.com`; `(0)` alone is the root. */
export function questionName(wire: string): string | undefined {
  const name = wire.replace(LABEL, '.').replace(/^\.+|\.+$/g, '');
  return name === '' ? undefined : name.toLowerCase();
}

function actionOf(received: boolean, response: boolean): string {
  if (received) return response ? 'dns-forward-response' : 'dns-query';
  return response ? 'dns-response' : 'dns-forward';
}

function packet(m: RegExpExecArray): { time: string; fields: EventFields } {
  const [, time, thread, packetId, protocol, direction, remote, xid, responseMark, opcode, flagsHex, flags, rcode, qtype, qname] = m as unknown as string[];
  const received = direction === 'Rcv';
  const response = responseMark === 'R';
  const peer = { ip: ip(remote) };
  return {
    time: time!,
    fields: {
      event: { category: ['network'], type: ['protocol'], action: actionOf(received, response), outcome: response ? (rcode === 'NOERROR' ? 'success' : 'failure') : undefined },
      source: received ? peer : undefined,
      destination: received ? undefined : peer,
      network: { transport: protocol!.toLowerCase(), protocol: 'dns', direction: received ? 'ingress' : 'egress' },
      dns: { question: { name: questionName(qname!), type: qtype }, response_code: response ? rcode : undefined },
      labels: labelsOf({
        'windows_dns.thread': thread, 'windows_dns.packet': packetId, 'windows_dns.xid': xid, 'windows_dns.opcode': OPCODES.get(opcode!) ?? opcode,
        'windows_dns.flags': flagsHex, 'windows_dns.flag_codes': flags, 'windows_dns.question': qname,
      }),
    },
  };
}

export function parseDnsDebugLine(text: string): ParseOutcome {
  if (text.trim() === '' || /^\s/.test(text)) return META;
  const m = PACKET.exec(text);
  if (m !== null) {
    const { time, fields } = packet(m);
    return events({ time: exportTime(time), dataset: 'windows.dns_server', fields: compact(fields) });
  }
  const timed = TIMED.exec(text);
  if (timed !== null) {
    const [, time, thread, context, rest] = timed as unknown as string[];
    return events({ time: exportTime(time!), dataset: 'windows.dns_server', fields: compact({ message: rest === '' ? context : `${context!} ${rest!}`.trim(), labels: labelsOf({ 'windows_dns.thread': thread, 'windows_dns.context': context }) }) });
  }
  // The header: its first lines and the field key.
  if (/^(?:DNS Server log|Log file wrap|Message logging key|Field #|-------)/.test(text.trim())) return META;
  return reject('not a Windows DNS debug log line');
}

function sniff(sample: Sample): number {
  const header = sample.lines.some((line) => line.startsWith('DNS Server log file creation at') || line.startsWith('Message logging key (for packets'));
  const packets = sample.lines.filter((line) => PACKET.test(line)).length;
  if (packets === 0) return header ? 0.9 : 0;
  return Math.min(0.95, 0.6 + (packets / sample.lines.length) * 0.35 + (header ? 0.2 : 0));
}

export const windowsDnsFormat = defineFormat({
  id: 'windows-dns',
  title: 'Windows DNS Server debug log',
  description:
    "The Windows DNS Server's packet debug log (dns.log): client queries with their names and types, the server's responses and response codes, " +
    'forwarded queries, at the server\'s local time (--tz) in its locale',
  framing: 'lines',
  sniff,
  createParser: () => ({ parse: (record) => parseDnsDebugLine(record.text) }),
  logsources: [{ category: 'dns' }],
});
