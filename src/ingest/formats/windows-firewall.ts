import { ianaTransport } from '../iana-transport.ts';
import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, META, parsedLineShare, reject, spacedRow, type FormatParser, type ParseOutcome, type Sample } from '../format.ts';
import { compact, ip, port } from '../values.ts';
import { firewallEvent } from './firewall-verdict.ts';
import { labelsOf } from './syslog/util.ts';
import { w3cTime } from './web/iis-fields.ts';

/**
 * Windows Defender Firewall's log (`%SystemRoot%\System32\LogFiles\Firewall\pfirewall.log`): W3C-style directives
 * (`#Software: Microsoft Windows Firewall`, `#Time Format: Local`, `#Fields: date time action protocol src-ip
 * dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path [pid]`) over
 * space-separated rows, `-` for none. `DROP` and `ALLOW` are the firewall's verdicts, `path` the direction
 * (`RECEIVE` inbound, `SEND` outbound); `INFO-EVENTS-LOST` rows count the events the log missed. The time is the
 * machine's local time unless the header says UTC, so `--tz` applies.
 */

const DEFAULT_FIELDS: readonly string[] = [
  'date', 'time', 'action', 'protocol', 'src-ip', 'dst-ip', 'src-port', 'dst-port', 'size', 'tcpflags', 'tcpsyn',
  'tcpack', 'tcpwin', 'icmptype', 'icmpcode', 'info', 'path',
];
const SOFTWARE = '#Software: Microsoft Windows Firewall';
const SPACES = / +/;
const DIRECTIONS: ReadonlyMap<string, string> = new Map([['RECEIVE', 'ingress'], ['SEND', 'egress'], ['FORWARD', 'forward']]);
/** The protocol column: a name (ICMPv6 is IANA's `ipv6-icmp`), or an IANA number for the others. */
const NAMES: ReadonlyMap<string, string> = new Map([['ICMPV6', 'ipv6-icmp']]);

interface State {
  fields: readonly string[];
  utc: boolean;
}

const value = (row: ReadonlyMap<string, string>, name: string): string | undefined => {
  const text = row.get(name);
  return text === undefined || text === '-' || text === '' ? undefined : text;
};

const number = (text: string | undefined): number | undefined => (text !== undefined && /^\d{1,10}$/.test(text) ? Number(text) : undefined);

function directive(text: string, state: State): ParseOutcome {
  if (text.startsWith('#Fields:')) {
    const names = text.slice('#Fields:'.length).trim().split(SPACES).filter((name) => name !== '');
    if (names.length > 0) state.fields = names;
  } else if (text.startsWith('#Time Format:')) {
    state.utc = text.slice('#Time Format:'.length).trim().toUpperCase() === 'UTC';
  }
  return META;
}

function fieldsOf(row: ReadonlyMap<string, string>): EventFields | undefined {
  const action = value(row, 'action')?.toUpperCase();
  const source = ip(value(row, 'src-ip'));
  const destination = ip(value(row, 'dst-ip'));
  if (action === undefined) return undefined;
  const protocol = value(row, 'protocol');
  const transport = protocol === undefined ? undefined : (NAMES.get(protocol.toUpperCase()) ?? ianaTransport(protocol) ?? (number(protocol) === undefined ? protocol.toLowerCase() : undefined));
  const unnamed = protocol !== undefined && transport === undefined ? protocol : undefined;
  const lost = action === 'INFO-EVENTS-LOST';
  const event = lost ? { category: ['network'], type: ['info'], action: 'firewall-events-lost' } : firewallEvent(action === 'DROP' ? 'denied' : action === 'ALLOW' ? 'allowed' : undefined, `firewall-${action.toLowerCase()}`);
  const path = value(row, 'path')?.toUpperCase();
  return {
    event,
    source: { ip: source, port: port(number(value(row, 'src-port'))) },
    destination: { ip: destination, port: port(number(value(row, 'dst-port'))) },
    // Allowed connections are logged with size 0: no packet was measured.
    network: { transport, bytes: number(value(row, 'size')) || undefined, direction: path === undefined ? undefined : DIRECTIONS.get(path) },
    process: { pid: number(value(row, 'pid')) },
    labels: labelsOf({
      'windows_firewall.action': action,
      'windows_firewall.protocol': unnamed,
      'windows_firewall.path': path,
      'windows_firewall.tcpflags': value(row, 'tcpflags'),
      'windows_firewall.tcpsyn': value(row, 'tcpsyn'),
      'windows_firewall.tcpack': value(row, 'tcpack'),
      'windows_firewall.tcpwin': value(row, 'tcpwin'),
      'windows_firewall.icmptype': value(row, 'icmptype'),
      'windows_firewall.icmpcode': value(row, 'icmpcode'),
      'windows_firewall.info': value(row, 'info'),
    }),
  };
}

function parseLine(text: string, state: State): ParseOutcome {
  if (text.startsWith('#')) return directive(text, state);
  if (text.trim() === '') return META;
  const row = spacedRow(text, state.fields);
  if (typeof row === 'string') return reject(row);
  const time = w3cTime(value(row, 'date'), value(row, 'time'));
  if (time === undefined) return reject('date/time columns are not yyyy-mm-dd HH:MM:SS');
  const fields = fieldsOf(row);
  if (fields === undefined) return reject('no action column');
  return events({ time, timeIsUtc: state.utc, dataset: 'windows.firewall', fields: compact(fields) });
}

function createParser(): FormatParser {
  const state: State = { fields: DEFAULT_FIELDS, utc: false };
  return { parse: (record) => parseLine(record.text, state) };
}

/** Its own `#Software:` line, or a layout naming the firewall's columns; then how many rows parse. */
function sniff(sample: Sample): number {
  const software = sample.lines.some((line) => line.startsWith(SOFTWARE));
  const layout = sample.lines.some((line) => line.startsWith('#Fields:') && line.includes(' src-ip ') && line.includes(' action '));
  if (!software && !layout) return 0;
  return (software ? 0.5 : 0.4) + 0.5 * parsedLineShare(sample, createParser());
}

export const windowsFirewallFormat = defineFormat({
  id: 'windows-firewall',
  title: 'Windows Defender Firewall log (pfirewall.log)',
  description:
    "Windows Firewall's pfirewall.log: `#Fields:` directives over space-separated rows; DROP and ALLOW verdicts with " +
    'addresses, ports, protocol, size, direction (path) and process id; local time (--tz) unless the header says UTC',
  framing: 'lines',
  sniff,
  createParser,
  logsources: [{ category: 'firewall' }],
});
