import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, reject, sniffLines, stateless } from '../format.ts';
import { compact, int, ipPort, setOwn, str, sumOfKnown } from '../values.ts';

/**
 * Citrix NetScaler (ADC, Gateway) syslog, sent by the appliance (`<134> 11/23/2024:10:00:00 GMT ns01 0-PPE-0 :
 * default AAA LOGIN_FAILED 1234 0 :  User alice - Client_ip 203.0.113.5 - Failure_reason "Invalid credentials"`) or
 * behind a relay's syslog header. The message is `Key value` parts joined by ` - `. Read: Gateway/AAA logins
 * (`SSLVPN LOGIN`, `AAATM LOGIN` succeed; `AAA LOGIN_FAILED` fails: `vpn-login`, `vpn-login-failed`), their logouts,
 * administrators' commands (`UI`/`GUI CMD_EXECUTED`: a `login` command is an administrator login, `admin-login` or
 * `admin-login-failed` by its status; any other command is `admin-command` with its status), and the TCP
 * connections' ends (`TCP CONN_DELINK`/`CONN_TERMINATE`: client, virtual server, bytes). Other messages keep their
 * module and event as labels. The time is UTC when the appliance writes `GMT`, else its local time (`--tz`).
 */

const HEAD =
  /(?:^|\s)(\d{2})\/(\d{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?: (GMT|UTC|Local))? (\S{1,253}) (\d{1,3}-PPE-\d{1,3}) : (?:(\S{1,64}) )?([A-Z][A-Z0-9_]{1,31}) ([A-Z][A-Z0-9_]{1,63}) (\d{1,20}) (\d{1,10}) :\s*(.*)$/s;
const PAIR = /^([A-Za-z][\w()]{0,40}):? (.*)$/s;

type Parts = Record<string, string>;

/** `User alice - Client_ip 203.0.113.5 - Failure_reason "Invalid credentials"` by key (quotes removed). */
function partsOf(message: string): Parts {
  const parts: Parts = {};
  for (const piece of message.split(/ ?- (?=[A-Za-z][\w()]{0,40}:? )/)) {
    const m = PAIR.exec(piece.trim());
    if (m === null) continue;
    // A quoted value escapes its own quotes: `Command "login nsroot \"********\""`.
    const text = m[2]!.trim().replace(/^"(.*)"$/s, (_, inner: string) => inner.replaceAll('\\"', '"'));
    if (!Object.hasOwn(parts, m[1]!)) setOwn(parts, m[1]!, text);
  }
  return parts;
}

const get = (parts: Parts, key: string): string | undefined => str(Object.hasOwn(parts, key) ? parts[key] : undefined);

/** `login nsroot "********"` and its status (`Success`, `ERROR: Invalid username or password`). */
const LOGIN_COMMAND = /^login (\S{1,256})/;

function command(parts: Parts): EventFields {
  const text = get(parts, 'Command');
  const status = get(parts, 'Status');
  const failed = status !== undefined && !/^success/i.test(status);
  const user = get(parts, 'User');
  const source = ipPort(get(parts, 'Remote_ip'));
  const login = text === undefined ? null : LOGIN_COMMAND.exec(text);
  if (login !== null) {
    return {
      event: { category: ['authentication'], type: ['start'], action: failed ? 'admin-login-failed' : 'admin-login', outcome: failed ? 'failure' : 'success', reason: failed ? status : undefined },
      user: { name: user ?? login[1] },
      source,
    };
  }
  return {
    event: { category: ['configuration'], type: ['change'], action: 'admin-command', outcome: status === undefined ? undefined : failed ? 'failure' : 'success', reason: failed ? status : undefined },
    user: { name: user },
    source,
    process: { command_line: text },
  };
}

function gatewayLogin(module: string, kind: string, parts: Parts): EventFields | undefined {
  const client = ipPort(get(parts, 'Client_ip'));
  const server = ipPort(get(parts, 'Vserver'));
  const user = get(parts, 'User') ?? get(parts, 'Context')?.replace(/@[^@]*$/, '');
  if (kind === 'LOGIN_FAILED') {
    return { event: { category: ['authentication'], type: ['start'], action: 'vpn-login-failed', outcome: 'failure', reason: get(parts, 'Failure_reason') }, user: { name: user }, source: client, destination: server };
  }
  if (kind === 'LOGIN') return { event: { category: ['authentication'], type: ['start'], action: 'vpn-login', outcome: 'success' }, user: { name: user }, source: client, destination: server };
  if (kind === 'LOGOUT') return { event: { category: ['authentication', 'session'], type: ['end'], action: 'vpn-logout' }, user: { name: user }, source: client, destination: server, network: { bytes: totalBytes(parts) } };
  return module === 'AAA' || module === 'AAATM' || module === 'SSLVPN' ? { user: { name: user }, source: client, destination: server } : undefined;
}

/** The bytes a session or connection moved both ways (`Total_bytes_send`, `Total_bytes_recv`). */
function totalBytes(parts: Parts): number | undefined {
  return sumOfKnown(int(get(parts, 'Total_bytes_send')), int(get(parts, 'Total_bytes_recv')));
}

function connection(parts: Parts): EventFields {
  return {
    event: { category: ['network'], type: ['connection', 'end'], action: 'connection-closed' },
    source: ipPort(get(parts, 'Source')),
    destination: ipPort(get(parts, 'Vserver') ?? get(parts, 'Destination')),
    network: { transport: 'tcp', bytes: totalBytes(parts) },
  };
}

function fieldsOf(module: string, kind: string, parts: Parts): EventFields | undefined {
  if ((module === 'UI' || module === 'GUI' || module === 'API') && kind === 'CMD_EXECUTED') return command(parts);
  if (module === 'TCP' && (kind === 'CONN_DELINK' || kind === 'CONN_TERMINATE')) return connection(parts);
  return gatewayLogin(module, kind, parts);
}

export const netscalerFormat = defineFormat({
  id: 'netscaler',
  title: 'Citrix NetScaler syslog',
  description: 'Citrix NetScaler ADC and Gateway syslog: VPN (Gateway/AAA) logins and logouts, administrators\' logins and commands, TCP connections',
  framing: 'lines',
  sniff: sniffLines((line) => HEAD.test(line)),
  createParser: stateless((record) => {
    const m = HEAD.exec(record.text);
    if (m === null) return reject('not a NetScaler syslog line');
    const [, month = '', day = '', year = '', hour = '', minute = '', second = '', zone, host, engine = '', partition, module = '', kind = '', sequence = '', , message = ''] = m;
    const parts = partsOf(message);
    const labels: Record<string, string> = { 'netscaler.module': module, 'netscaler.event': kind, 'netscaler.sequence': sequence, 'netscaler.engine': engine };
    if (partition !== undefined) labels['netscaler.partition'] = partition;
    for (const [key, text] of Object.entries(parts)) setOwn(labels, `netscaler.${key}`, text);
    const fields: EventFields = { ...(fieldsOf(module, kind, parts) ?? {}), message: message.trim(), host: { name: host } };
    fields.labels = labels;
    const utc = zone === 'GMT' || zone === 'UTC';
    return events({ time: `${year}-${month}-${day}T${hour}:${minute}:${second}${utc ? 'Z' : ''}`, dataset: `netscaler.${module.toLowerCase()}`, fields: compact(fields) });
  }),
  logsources: [{ category: 'authentication' }],
});
