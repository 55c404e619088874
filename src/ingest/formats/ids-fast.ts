import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, lineShare, reject, stateless, type ParseOutcome } from '../format.ts';
import { compact, ip, str } from '../values.ts';

/**
 * IDS alerts in the "fast" one-line form Suricata (fast.log) and Snort (alert_fast) write:
 * `07/11/2022-10:29:01.860293  [**] [1:2008578:4] ET SCAN Sipvicious Scan [**] [Classification: Attempted
 * Information Leak] [Priority: 2] {UDP} 89.248.163.216:5116 -> 172.31.18.55:5060`. Suricata writes the year, Snort
 * only with `-y` (two digits), else it is inferred as for syslog; the time is the sensor's local time (--tz). In
 * IPS mode a `[Drop]` (or `[wDrop]`) comes before the first `[**]`. ICMP alerts carry the ICMP type and code where
 * the ports would be (Suricata) or nothing (Snort).
 */

const LINE =
  /^(\d{2})\/(\d{2})(?:\/(\d{4}|\d{2}))?-(\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)\s+(?:\[([A-Za-z]+)\]\s+)?\[\*\*\]\s+\[(\d+):(\d+):(\d+)\]\s+(.*?)\s*\[\*\*\]\s+(?:\[Classification:\s*([^\]]*?)\s*\]\s+)?\[Priority:\s*(\d+)\]\s+\{([^}]+)\}\s+(\S+)\s+->\s+(\S+)\s*$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const PORTED = new Set(['tcp', 'udp', 'sctp']);
const DIGITS = /^\d{1,5}$/;

/** `address:port`, `[address]:port` or a bare address (Snort's ICMP alerts). */
function endpoint(text: string, ported: boolean): { ip?: string; number?: number } {
  const bracketed = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text);
  if (bracketed !== null) return { ip: ip(bracketed[1]), number: Number(bracketed[2]) };
  const bare = ported ? undefined : ip(text);
  if (bare !== undefined) return { ip: bare };
  const colon = text.lastIndexOf(':');
  const number = text.slice(colon + 1);
  // Suricata writes IPv6 addresses in full (eight groups), so the last `:` before a port is never the address's.
  if (colon > 0 && DIGITS.test(number)) {
    const address = ip(text.slice(0, colon));
    if (address !== undefined) return { ip: address, number: Number(number) };
  }
  return { ip: ip(text) };
}

/** The alert's time in a layout the time resolver reads: ISO without a zone, or syslog's when there is no year. */
function timeOf(month: string, day: string, year: string | undefined, clock: string): string | undefined {
  const m = Number(month);
  if (m < 1 || m > 12) return undefined;
  if (year === undefined) return `${MONTHS[m - 1]!} ${day} ${clock}`;
  return `${year.length === 2 ? `20${year}` : year}-${month}-${day} ${clock}`;
}

function parse(text: string): ParseOutcome {
  const m = LINE.exec(text);
  if (m === null) return reject('not an IDS fast alert line');
  const [, month, day, year, clock, action, gid, sid, rev, signature, classification, priority, protocol, from, to] = m;
  const time = timeOf(month!, day!, year, clock!);
  if (time === undefined) return reject('not a month in the alert time');
  const transport = protocol!.trim().toLowerCase();
  const ported = PORTED.has(transport);
  const source = endpoint(from!, ported);
  const destination = endpoint(to!, ported);
  const dropped = action !== undefined && /drop|reject/i.test(action);
  const fields: EventFields = {
    message: signature,
    event: { category: ['intrusion_detection'], type: [dropped ? 'denied' : 'info'], action: 'ids-alert', severity: Number(priority) },
    rule: { name: str(signature), id: sid, category: str(classification) },
    source: { ip: source.ip, port: ported ? source.number : undefined },
    destination: { ip: destination.ip, port: ported ? destination.number : undefined },
    network: { transport },
    labels: {
      gid: gid!, rev: rev!,
      ...(action === undefined ? {} : { ids_action: action.toLowerCase() }),
      ...(!ported && source.number !== undefined ? { icmp_type: String(source.number) } : {}),
      ...(!ported && destination.number !== undefined ? { icmp_code: String(destination.number) } : {}),
    },
  };
  return events({ time, dataset: 'ids.alert', fields: compact(fields) });
}

export const idsFastFormat = defineFormat({
  id: 'ids-fast',
  title: 'IDS alerts, fast format (Suricata, Snort)',
  description:
    'Suricata fast.log and Snort alert_fast lines: signature, its gid:sid:rev, classification and priority (event.severity, 1 the highest), ' +
    'protocol and both endpoints; IPS drops are denied.',
  framing: 'lines',
  sniff: (sample) => {
    const share = lineShare(sample, (line) => LINE.test(line));
    return share === 0 ? 0 : 0.5 + 0.45 * share;
  },
  createParser: stateless((record) => parse(record.text)),
  logsources: [{ category: 'ids' }],
  lineFallback: true,
});
