import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, reject, sniffLines, stateless } from '../format.ts';
import { compact, int, ip, setOwn, str, sumOfKnown } from '../values.ts';
import { callingStation, login } from './services/login.ts';

/**
 * Network Policy Server's own accounting log in its default, DTS-compliant layout (`%SystemRoot%\System32\LogFiles\
 * IN2411.log`): one `<Event>` per line, each RADIUS attribute an element (`<User-Name data_type="1">CORP\alice</…>`).
 * An Access-Accept is a successful login and an Access-Reject a failed one (VPN, Wi-Fi, 802.1X), by the user from the
 * calling station (the VPN client's address or the device's MAC), the reason code in words; an Access-Request or
 * Access-Challenge is the request itself; accounting Start and Stop records open and close a session (the address the
 * VPN gave, its duration and bytes). The timestamp is the server's local time (`--tz`), month first. Every attribute
 * is a label `nps.<name>`. The legacy IAS and ODBC layouts (attribute numbers in comma-separated lines) are not read.
 */

const LINE = /^\s*<Event>(.*)<\/Event>\s*$/s;
const ELEMENT = /<([A-Za-z][\w-]{0,63})(?: data_type="\d{1,3}")?>([^<]{0,8192})<\/([A-Za-z][\w-]{0,63})>/g;
const TIMESTAMP = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})(\.\d{1,7})?$/;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** RFC 2865/2866 packet types. */
const PACKET_TYPES: ReadonlyMap<string, string> = new Map([
  ['1', 'Access-Request'], ['2', 'Access-Accept'], ['3', 'Access-Reject'], ['4', 'Accounting-Request'], ['5', 'Accounting-Response'], ['11', 'Access-Challenge'],
]);
/** NPS reason codes (the IAS_* constants) that say why access was refused. */
const REASONS: ReadonlyMap<string, string> = new Map([
  ['1', 'internal error'], ['2', 'access denied'], ['3', 'malformed request'], ['4', 'global catalog unavailable'], ['5', 'domain unavailable'],
  ['6', 'server unavailable'], ['7', 'no such domain'], ['8', 'no such user'], ['16', 'authentication failure (user name or password)'],
  ['17', 'password change failure'], ['18', 'unsupported authentication type'], ['32', 'local users only'], ['33', 'password must change'],
  ['34', 'account disabled'], ['35', 'account expired'], ['36', 'account locked out'], ['37', 'invalid logon hours'], ['38', 'account restriction'],
  ['48', 'no network policy matched'], ['49', 'no connection request policy matched'], ['64', 'dial-in locked out'], ['65', 'dial-in permission denied'],
  ['66', 'authentication method not allowed'], ['67', 'calling station not allowed'], ['68', 'invalid dial-in hours'], ['69', 'called station not allowed'],
  ['70', 'port type not allowed'], ['71', 'invalid restriction'], ['80', 'no record'], ['96', 'session timeout'], ['97', 'unexpected request'],
  ['262', 'EAP: the client could not be authenticated'], ['265', 'EAP: the certificate chain is not trusted'], ['266', 'EAP: the message was unexpected'],
  ['267', 'EAP: no valid certificate for the purpose'], ['295', 'EAP: the certificate has expired'],
]);
const ACCOUNTING = new Map([['1', 'vpn-session-start'], ['2', 'vpn-session-end'], ['3', 'vpn-session-update'], ['7', 'accounting-on'], ['8', 'accounting-off']]);

type Attributes = Record<string, string>;

function unescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9A-Fa-f]{1,6});/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(Math.min(parseInt(name.slice(2), 16), 0x10ffff));
    if (name.startsWith('#')) return String.fromCodePoint(Math.min(Number(name.slice(1)), 0x10ffff));
    return ENTITIES[name] ?? whole;
  });
}

function attributesOf(body: string): Attributes {
  const out: Attributes = {};
  for (const m of body.matchAll(ELEMENT)) if (m[1] === m[3] && !Object.hasOwn(out, m[1]!)) setOwn(out, m[1]!, unescape(m[2]!));
  return out;
}

/** `11/23/2024 10:00:00.123` (month first; day first when the first number cannot be a month) as ISO local time. */
function timeOf(value: string | undefined): string | undefined {
  const m = TIMESTAMP.exec(value?.trim() ?? '');
  if (m === null) return undefined;
  const [, a = '', b = '', year = '', hour = '', minute = '', second = '', fraction = ''] = m;
  const [month, day] = Number(a) > 12 ? [b, a] : [a, b];
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}T${hour.padStart(2, '0')}:${minute}:${second}${fraction}`;
}

function account(value: string | undefined): { name?: string; domain?: string } {
  if (value === undefined) return {};
  const slash = value.indexOf('\\');
  if (slash > 0) return { domain: str(value.slice(0, slash)), name: str(value.slice(slash + 1)) };
  return { name: value };
}

function fieldsOf(attrs: Attributes): EventFields {
  const get = (name: string): string | undefined => str(Object.hasOwn(attrs, name) ? attrs[name] : undefined);
  const packet = PACKET_TYPES.get(get('Packet-Type') ?? '');
  const who = account(get('SAM-Account-Name') ?? get('User-Name') ?? get('Fully-Qualifed-User-Name'));
  const code = get('Reason-Code');
  const labels: Record<string, string> = {};
  for (const [name, text] of Object.entries(attrs)) setOwn(labels, `nps.${name}`, text);
  if (packet !== undefined) labels['nps.packet'] = packet;
  let fields: EventFields;
  if (packet === 'Access-Accept' || packet === 'Access-Reject') {
    const failed = packet === 'Access-Reject';
    fields = login({ outcome: failed ? 'failure' : 'success', user: who.name, reason: failed ? (REASONS.get(code ?? '') ?? (code === undefined ? undefined : `reason code ${code}`)) : undefined, unknownUser: code === '8' });
  } else if (packet === 'Accounting-Request') {
    const action = ACCOUNTING.get(get('Acct-Status-Type') ?? '') ?? 'radius-accounting';
    fields = { event: { category: ['network', 'session'], type: [action.endsWith('start') ? 'start' : action.endsWith('end') ? 'end' : 'info'], action }, user: { name: who.name } };
  } else {
    fields = { event: { category: ['authentication'], type: ['info'], action: packet === 'Access-Challenge' ? 'radius-challenge' : 'radius-request' }, user: { name: who.name } };
  }
  fields.user = { ...fields.user, domain: who.domain };
  fields.source = callingStation(get('Calling-Station-Id'));
  fields.host = { name: get('Computer-Name') };
  const inBytes = int(get('Acct-Input-Octets'));
  const outBytes = int(get('Acct-Output-Octets'));
  fields.network = { protocol: 'radius', bytes: sumOfKnown(inBytes, outBytes) };
  const framed = ip(get('Framed-IP-Address'));
  if (framed !== undefined) labels['nps.assigned_ip'] = framed;
  fields.labels = { ...fields.labels, ...labels };
  return compact(fields);
}

export const npsFormat = defineFormat({
  id: 'nps',
  title: 'Network Policy Server log',
  description: "Windows Network Policy Server's RADIUS log (IN*.log, DTS layout): VPN and Wi-Fi logins accepted and rejected with the reason, and VPN sessions' accounting",
  framing: 'lines',
  sniff: sniffLines((line) => /^\s*<Event><Timestamp data_type="\d{1,3}">/.test(line)),
  createParser: stateless((record) => {
    const m = LINE.exec(record.text);
    if (m === null) return reject('not a Network Policy Server <Event> line');
    const attrs = attributesOf(m[1]!);
    if (Object.keys(attrs).length === 0) return reject('an <Event> line without attributes');
    const time = timeOf(attrs['Timestamp']);
    return events({ dataset: 'nps', fields: fieldsOf(attrs), ...(time === undefined ? {} : { time }) });
  }),
  logsources: [{ category: 'authentication' }],
});
