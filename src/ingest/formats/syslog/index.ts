import type { EventFields } from '../../../schema/event.ts';
import { defineFormat, events, reject, type Draft, type ParserContext, type Sample } from '../../format.ts';
import { baseName, compactOwned, ip } from '../../values.ts';
import { parseHeader } from './header.ts';
import { parseAsa } from './cisco-asa.ts';
import { isIosTag, parseIos } from './cisco-ios.ts';
import { decodePam, pamLine } from './pam.ts';
import { looksLikeNetfilter, parseNetfilter } from './netfilter.ts';
import { peerFields } from './peer.ts';
import { decoderFor, programKey } from './programs/index.ts';
import { withLoginClaim } from '../login-text.ts';
import { withRequestClaim } from '../request-text.ts';
import { FileMemory } from './memory.ts';
import { jsonMessage } from './json-message.ts';
import type { Decoded, SyslogHeader } from './types.ts';
import { mergeFields } from './util.ts';

/**
 * Syslog text files (/var/log/auth.log, secure, messages, syslog, kern.log, ufw.log; RFC 3164, ISO-stamped
 * rsyslog and RFC 5424 lines). The header gives time, host and program; a per-program decoder (see
 * `programs/index.ts`) turns known messages into authentication, IAM, process and firewall events.
 */

const REPEATED = /^message repeated (\d{1,9}) times?: \[ ?(.*?) ?\]$/s;
const EMBEDDED = /^(?:CEF|LEEF):\d/;

/** `message repeated N times: [ … ]`: the inner message and N, or undefined for any other message. */
function unrepeat(message: string): { message: string; count: number } | undefined {
  if (!message.startsWith('message repeated ')) return undefined;
  const m = REPEATED.exec(message);
  const count = Number(m?.[1]);
  return m === null || !(count > 0) ? undefined : { message: m[2] ?? '', count };
}

type Mapping = ParserContext['mapping'];

function decode(header: SyslogHeader, message: string, key: string | undefined, memory: FileMemory | undefined, mapping: Mapping): { decoded?: Decoded; dataset: string } {
  const decoder = key === undefined ? undefined : decoderFor(key);
  if (decoder !== undefined && key !== undefined) {
    return { decoded: decoder.decode({ message, program: key, header, memory }) ?? jsonMessage(message, mapping), dataset: decoder.dataset(key) ?? 'syslog' };
  }
  const json = jsonMessage(message, mapping);
  if (json !== undefined) return { decoded: json, dataset: 'syslog' };
  // Netfilter LOG lines also arrive without a `kernel:` tag (UniFi and other appliances forward them bare).
  if (key === undefined && looksLikeNetfilter(message)) {
    const netfilter = parseNetfilter(message);
    if (netfilter !== undefined) {
      // The kernel wrote it, as a tagged line says.
      netfilter.fields.process = { name: 'kernel' };
      netfilter.fields.event = { ...netfilter.fields.event, provider: 'kernel' };
      return { decoded: netfilter, dataset: netfilter.dataset ?? 'syslog' };
    }
  }
  // Any other program's PAM lines (login, gdm, systemd-user …) are still worth reading.
  const pam = pamLine(message, header);
  if (pam !== undefined) return { decoded: { fields: decodePam(pam, 'login') }, dataset: 'syslog' };
  // A program with no decoder that tells of a request or a login in words (a web application logging to syslog).
  const told = withLoginClaim(withRequestClaim({}, message), message);
  return { decoded: told.event === undefined ? undefined : { fields: told }, dataset: 'syslog' };
}

function hostOf(name: string | undefined): EventFields['host'] {
  if (name === undefined) return {};
  const address = ip(name);
  return address === undefined ? { name } : { name, ip: address };
}

function processOf(name: string | undefined, pid: number | undefined, executable: string | undefined): EventFields['process'] {
  const process: NonNullable<EventFields['process']> = {};
  if (name !== undefined) process.name = name;
  if (pid !== undefined) process.pid = pid;
  if (executable !== undefined) process.executable = executable;
  return process;
}

/**
 * One line's draft; `memory` carries what earlier lines of the same file told (see memory.ts), `mapping` is the
 * user's field mapping for JSON messages.
 */
export function toDraft(header: SyslogHeader, memory?: FileMemory, mapping?: Mapping): Draft {
  const repeat = unrepeat(header.message);
  const message = repeat === undefined ? header.message : repeat.message;
  const repeated = repeat?.count;
  const key = header.program === undefined ? undefined : programKey(header.program);
  // Cisco devices: an ASA's tag is its message id, an IOS device's its sequence number; neither is a program.
  const asa = parseAsa(header.program, message);
  const ios = asa === undefined && isIosTag(key) ? parseIos(message) : undefined;
  const device = asa ?? ios;
  const { decoded, dataset } = device === undefined ? decode(header, message, key, memory, mapping) : { decoded: device, dataset: device.dataset ?? 'syslog' };
  const program = device === undefined ? baseName(header.program) : undefined;
  // Built without undefined leaves, so that compacting has less to rebuild. No decoder sets a host or a
  // process name, pid or executable, so leaving those keys out changes no key order after the merge.
  const base: EventFields = {
    message,
    event: program === undefined ? {} : { provider: program },
    host: hostOf(header.host),
    process: processOf(program, header.pid, header.program?.includes('/') === true ? header.program : undefined),
    labels: ios === undefined || header.program === undefined ? header.labels : { ...header.labels, 'cisco.sequence': header.program },
  };
  let fields = mergeFields(base, decoded?.fields ?? {});
  if (fields.source?.ip === undefined && fields.source?.domain === undefined) {
    const peer = peerFields(message);
    if (peer !== undefined) fields = mergeFields(peer, fields);
  }
  const inner = fields.event?.count;
  if (repeated !== undefined) fields.event = { ...fields.event, count: repeated * (inner ?? 1) };
  // The header's labels, the decoders' fields and the peer fields are built for this line alone (each
  // object once, no constants): compacted in place, not copied.
  return { time: decoded?.time ?? header.time, dataset: decoded?.dataset ?? dataset, fields: compactOwned(fields) };
}

function sniff(sample: Sample): number {
  if (sample.lines.length === 0) return 0;
  let hits = 0;
  let tagged = 0;
  let embedded = 0;
  for (const line of sample.lines) {
    const header = parseHeader(line);
    if (header === undefined) continue;
    hits++;
    if (header.program !== undefined || looksLikeNetfilter(header.message)) tagged++;
    if (EMBEDDED.test(header.message) || header.message.includes('msg=audit(')) embedded++;
  }
  // Without a single program tag, `Mmm d HH:MM:SS word …` is free text with a time, not syslog.
  if (hits === 0 || tagged === 0) return 0;
  const share = hits / sample.lines.length;
  // CEF, LEEF and auditd lines often arrive inside syslog: leave those files to their own formats.
  if (embedded * 2 > hits) return 0.4 * share;
  return share * (tagged * 2 >= hits ? 0.9 : 0.6);
}

export const syslogFormat = defineFormat({
  id: 'syslog',
  title: 'Syslog (RFC 3164 / RFC 5424)',
  description:
    'Unix syslog files: auth.log/secure (sshd, sudo, su, PAM, useradd & co, cron), messages, kern.log and ' +
    'netfilter logs (iptables, UFW, firewalld). BSD, ISO-stamped (rsyslog) and RFC 5424 headers.',
  framing: 'lines',
  sniff,
  createParser: (ctx) => {
    const memory = new FileMemory();
    return {
      parse: (record) => {
        const header = parseHeader(record.text);
        return header === undefined ? reject('not a syslog line') : events(toDraft(header, memory, ctx.mapping));
      },
    };
  },
  logsources: [
    { product: 'linux' },
    { product: 'linux', service: 'auth' },
    { product: 'linux', service: 'sshd' },
    { product: 'linux', service: 'sudo' },
    { product: 'linux', service: 'cron' },
    { product: 'linux', service: 'syslog' },
    { category: 'firewall' },
  ],
  lineFallback: true,
});
