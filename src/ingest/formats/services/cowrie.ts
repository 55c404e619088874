import type { EventFields } from '../../../schema/event.ts';
import { ip, ipPort, port, str } from '../../values.ts';
import { labelsOf } from '../syslog/util.ts';
import { honeypotEvent } from './honeypot.ts';
import { login, type ServiceDecoder } from './login.ts';

/**
 * Cowrie, the SSH and Telnet honeypot: its text log (cowrie.log, or syslog under the program `cowrie`), Twisted's
 * `[system] message` lines. The system names the connection (`HoneyPotSSHTransport,0,203.0.113.9`), so every line
 * after the first gives the attacker's address; `New connection: <client> (<server>) [session: <id>]` gives both
 * ends. Whatever reaches a honeypot is an attacker's doing: connections, login attempts (with the password tried),
 * commands typed and files fetched are all kept.
 */

/** The line's own time when it is written in the message (syslog's form), then the Twisted system in brackets. */
const LINE = /^(?:\d{4}-\d\d-\d\dT[\d:.]{8,15}(?:Z|[+-]\d\d:?\d\d) )?\[([^\]]{1,512})\] (.*)$/s;
const SYSTEM_PEER = /,\d{1,10},([0-9A-Fa-f.:]{2,45})$/;
const NEW_CONNECTION = /^New connection: (\S{2,64}) \((\S{2,64})\) \[session: ([\w-]{1,64})\]/;
/** Python 3 writes the credentials as bytes: `[b'root'/b'123456']`. */
const LOGIN = /^login attempt \[(?:b'(.{0,256}?)'|([^/\]]{0,256}))\/(?:b'(.{0,256}?)'|([^\]]{0,256}))\] (failed|succeeded)$/s;
const COMMAND = /^(?:CMD|Command found|Command not found): (.{1,8192})$/s;
const DOWNLOAD = /^Downloaded URL \((\S{1,2048})\) with SHA-256 ([0-9a-f]{64}) to (\S{1,1024})/;
const CLIENT_VERSION = /^Remote SSH version: (.{1,256})$/s;
const CLOSED = /^Connection lost after (\d{1,10}(?:\.\d{1,6})?) seconds/;

/** The kind of server a Twisted system belongs to: `ssh` or `telnet`. */
function serviceOf(system: string): string | undefined {
  if (/telnet/i.test(system)) return 'telnet';
  if (/ssh/i.test(system)) return 'ssh';
  return undefined;
}


export function decodeCowrie(message: string): EventFields | undefined {
  const m = LINE.exec(message);
  if (m === null) return undefined;
  const [, system = '', text = ''] = m;
  const service = serviceOf(system);
  const peer = SYSTEM_PEER.exec(system)?.[1];
  const source = peer === undefined ? undefined : ipPort(peer);
  const base = { network: { protocol: service }, labels: labelsOf({ 'cowrie.system': system }) };
  const connection = NEW_CONNECTION.exec(text);
  if (connection !== null) {
    return honeypotEvent('honeypot-connection', 'network', 'connection', { ...base, source: ipPort(connection[1]), destination: ipPort(connection[2]), labels: { ...base.labels, 'cowrie.session': connection[3]! } });
  }
  const attempt = LOGIN.exec(text);
  if (attempt !== null) {
    const password = attempt[3] ?? attempt[4];
    const fields = login({ outcome: attempt[5] === 'failed' ? 'failure' : 'success', user: attempt[1] ?? attempt[2], source, labels: { ...base.labels, 'cowrie.password': password } });
    return { ...fields, network: base.network };
  }
  const command = COMMAND.exec(text);
  if (command !== null) return honeypotEvent('honeypot-command', 'process', 'start', { ...base, source, process: { command_line: command[1] } });
  const download = DOWNLOAD.exec(text);
  if (download !== null) {
    return honeypotEvent('honeypot-file-download', 'file', 'creation', { ...base, source, url: { original: download[1] }, file: { path: download[3] }, labels: { ...base.labels, 'file.hash.sha256': download[2]! } });
  }
  const version = CLIENT_VERSION.exec(text);
  if (version !== null) return honeypotEvent('honeypot-client-version', 'network', 'info', { ...base, source, labels: { ...base.labels, 'ssh.client_version': version[1]! } });
  const closed = CLOSED.exec(text);
  if (closed !== null) return honeypotEvent('honeypot-connection-closed', 'network', 'end', { ...base, source, labels: { ...base.labels, 'cowrie.duration': closed[1]! } });
  return { ...base, source };
}

export const cowrieDecoder: ServiceDecoder = {
  service: 'cowrie',
  programs: ['cowrie'],
  decode: decodeCowrie,
};

/** What one of cowrie.json's event ids means, in the text log's terms. */
export function cowrieJsonFields(record: Readonly<Record<string, unknown>>): EventFields {
  const id = str(record.eventid) ?? '';
  const source = { ip: ip(record.src_ip), port: port(record.src_port) };
  const base: EventFields = { network: { protocol: str(record.protocol) } };
  switch (id) {
    case 'cowrie.session.connect':
      return honeypotEvent('honeypot-connection', 'network', 'connection', { ...base, source, destination: { ip: ip(record.dst_ip), port: port(record.dst_port) } });
    case 'cowrie.login.failed':
    case 'cowrie.login.success':
      return { ...login({ outcome: id === 'cowrie.login.failed' ? 'failure' : 'success', user: str(record.username), source }), ...base };
    case 'cowrie.command.input':
    case 'cowrie.command.failed':
      return honeypotEvent('honeypot-command', 'process', 'start', { ...base, source, process: { command_line: str(record.input) } });
    case 'cowrie.session.file_download':
    case 'cowrie.session.file_upload':
      return honeypotEvent(id === 'cowrie.session.file_download' ? 'honeypot-file-download' : 'honeypot-file-upload', 'file', 'creation', { ...base, source, url: { original: str(record.url) }, file: { path: str(record.outfile) }, labels: labelsOf({ 'file.hash.sha256': str(record.shasum) }) });
    case 'cowrie.client.version':
      return honeypotEvent('honeypot-client-version', 'network', 'info', { ...base, source });
    case 'cowrie.session.closed':
      return honeypotEvent('honeypot-connection-closed', 'network', 'end', { ...base, source });
    default:
      // Other event ids (`cowrie.direct-tcpip.request`, `cowrie.log.closed` …) by name, when they look like one.
      return { ...base, event: { action: /^cowrie\.[a-z][\w.-]{0,63}$/.test(id) ? `honeypot-${id.slice(7).replace(/[._]/g, '-')}` : 'honeypot-event' }, source };
  }
}
