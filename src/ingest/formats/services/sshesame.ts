import type { EventFields } from '../../../schema/event.ts';
import { ipPort, jsonStringBody } from '../../values.ts';
import { labelsOf } from '../syslog/util.ts';
import { honeypotEvent } from './honeypot.ts';
import { login, type ServiceDecoder } from './login.ts';

/**
 * sshesame, the SSH honeypot that accepts any password: `[203.0.113.9:58629] authentication for user "root" with
 * password "123456" accepted`, `[203.0.113.9:58629] [channel 3] command "uname -a" requested`. The bracket names the
 * attacker (in its own log; in syslog the message starts with it). Strings are Go-quoted (`%q`).
 */

/** The client, `203.0.113.9:58629` or `[2001:db8::7]:40000`, in brackets. */
const MESSAGE = /^\[(\[[\w:.%]{2,64}\]:\d{1,5}|[^\]\s]{2,64})\] (?:\[channel (\d{1,10})\] )?(.*)$/s;
const QUOTED = String.raw`"((?:[^"\\]|\\.){0,8192})"`;
const CONNECTED = new RegExp(String.raw`^connection with client version ${QUOTED} established$`, 's');
const AUTH = new RegExp(String.raw`^authentication for user ${QUOTED} (?:with (password|public key|keyboard-interactive answers?) ${QUOTED}|without credentials) (accepted|rejected)$`, 's');
const COMMAND = new RegExp(String.raw`^command ${QUOTED} requested$`, 's');
const INPUT = new RegExp(String.raw`^input: ${QUOTED}$`, 's');
const FORWARD = /^direct TCP\/IP forwarding from (\S{2,64}) to (\S{2,64}) requested$/s;
/** One escape of a Go-quoted string: `\xHH`, or any other backslash pair. */
const GO_ESCAPE = /\\(?:x([0-9a-fA-F]{2})|.)/gs;
const OTHER_REQUEST = /^([a-z]{1,32})\b.{0,8192} requested$/s;

/** A Go-quoted string's text (`\r\n`, `\"`, `\x00`…): its `\xHH` escapes made JSON's; as written when it does not parse. */
function unquote(text: string): string {
  // Escapes are read left to right, so that the `x41` of an escaped backslash (`\\x41`) stays text.
  return jsonStringBody(text.includes('\\x') ? text.replace(GO_ESCAPE, (escape: string, hex: string | undefined) => (hex === undefined ? escape : `\\u00${hex}`)) : text);
}

export function decodeSshesame(message: string): EventFields | undefined {
  const m = MESSAGE.exec(message);
  const source = m === null ? undefined : ipPort(m[1]);
  if (m === null || source?.ip === undefined) return undefined;
  const [, , channel, text = ''] = m;
  const base: EventFields = { source, network: { protocol: 'ssh' }, labels: labelsOf({ 'sshesame.channel': channel }) };
  const connected = CONNECTED.exec(text);
  if (connected !== null) return honeypotEvent('honeypot-connection', 'network', 'connection', { ...base, labels: { ...base.labels, 'ssh.client_version': unquote(connected[1]!) } });
  const auth = AUTH.exec(text);
  if (auth !== null) {
    const method = auth[2] ?? 'none';
    const secret = auth[3] === undefined ? undefined : unquote(auth[3]);
    const labels = { ...base.labels, 'ssh.auth_method': method, 'sshesame.password': method === 'password' ? secret : undefined, 'sshesame.credential': method === 'password' ? undefined : secret };
    return { ...login({ outcome: auth[4] === 'accepted' ? 'success' : 'failure', user: unquote(auth[1]!), source, labels }), network: base.network };
  }
  const command = COMMAND.exec(text);
  if (command !== null) return honeypotEvent('honeypot-command', 'process', 'start', { ...base, process: { command_line: unquote(command[1]!) } });
  const input = INPUT.exec(text);
  if (input !== null) return honeypotEvent('honeypot-input', 'process', 'info', { ...base, labels: { ...base.labels, 'sshesame.input': unquote(input[1]!) } });
  const forward = FORWARD.exec(text);
  if (forward !== null) return honeypotEvent('honeypot-tcpip-forward', 'network', 'connection', { ...base, destination: ipPort(forward[2]), labels: { ...base.labels, 'sshesame.forward_from': forward[1]! } });
  if (text === 'connection closed' || text === 'closed') return honeypotEvent('honeypot-connection-closed', 'network', 'end', base);
  // Other requests (`session`, `environment variable "LANG" …`, `rejection of further session channels`) by their first word.
  const request = OTHER_REQUEST.exec(text);
  return request === null ? base : honeypotEvent(`honeypot-${request[1]!}-request`, 'network', 'info', base);
}

export const sshesameDecoder: ServiceDecoder = {
  service: 'sshesame',
  programs: ['sshesame'],
  decode: decodeSshesame,
};
