import type { EventFields } from '../../../schema/event.ts';
import { events, reject, type ParseOutcome } from '../../format.ts';
import { compact, int, ip, port, str } from '../../values.ts';
import { withLoginClaim } from '../login-text.ts';
import { errorEvent, severityOf } from './error-common.ts';
import { labelsOf } from './http.ts';
import { withWafAlert } from './modsecurity.ts';

/**
 * Apache httpd error log lines, 2.2 (`[ctime] [level] [client ip] msg`) and 2.4
 * (`[ctime.usec] [module:level] [pid P:tid T] (errno)text: [client ip:port] AHnnnnn: msg, referer: r`).
 */

const HEAD = /^\[([A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}(?:\.\d{1,9})? \d{4})\] \[(?:([\w.-]{0,64}):)?([a-z]{4,6}\d?)\] ?(.*)$/;
const PID = /^\[pid (\d{1,10})(?::tid (\d{1,24}))?\] ?/;
const CLIENT = /^\[(client|remote) ([^\]\s]{1,80})\] ?/;
const APR_ERROR = /^\((-?\d{1,10})\)([^:[\]]{0,200}): ?/;
const SOURCE_FILE = /^([\w.-]{1,64}\.c\(\d{1,6}\)): ?/;
const CODE = /^(AH\d{5}): ?/;
const BRACKETED = /^\[([^\]]+)\]:(\d{1,5})$/;
const REFERER = ', referer: ';
const MAX_SEGMENTS = 8;

interface Parts {
  pid?: string;
  tid?: string;
  client?: string;
  remote?: string;
  aprError?: string;
  sourceFile?: string;
  code?: string;
  message: string;
}

/** Consumes the bracketed and `xyz: ` segments that precede the message, in any order. */
function segments(rest: string): Parts {
  const parts: Parts = { message: rest };
  for (let i = 0; i < MAX_SEGMENTS; i++) {
    const text = parts.message;
    let m: RegExpExecArray | null;
    if ((m = PID.exec(text)) !== null) {
      parts.pid = m[1];
      parts.tid = m[2];
    } else if ((m = CLIENT.exec(text)) !== null) {
      // mod_security repeats `[client ip]` without the port: the first one wins.
      const key = m[1] === 'client' ? 'client' : 'remote';
      parts[key] ??= m[2];
    } else if ((m = APR_ERROR.exec(text)) !== null) {
      parts.aprError = `(${m[1] ?? ''})${m[2] ?? ''}`;
    } else if ((m = SOURCE_FILE.exec(text)) !== null) {
      parts.sourceFile = m[1];
    } else if ((m = CODE.exec(text)) !== null) {
      parts.code = m[1];
      parts.message = text.slice(m[0].length);
      break;
    } else {
      break;
    }
    parts.message = text.slice(m[0].length);
  }
  return parts;
}

/** `1.2.3.4`, `1.2.3.4:5678`, `::1:5678` (2.4 appends the port even to IPv6), `[::1]:5678`. */
function clientAddress(text: string | undefined, withPort: boolean): EventFields['source'] {
  if (text === undefined) return undefined;
  const bracket = BRACKETED.exec(text);
  if (bracket !== null) return { ip: ip(bracket[1]), port: port(bracket[2]) };
  const whole = ip(text);
  const colon = text.lastIndexOf(':');
  if (colon > 0 && (whole === undefined || withPort)) {
    const address = ip(text.slice(0, colon));
    const p = port(text.slice(colon + 1));
    if (address !== undefined && p !== undefined) return { ip: address, port: p };
  }
  return { ip: whole };
}

function splitReferer(message: string): { message: string; referrer?: string } {
  const at = message.lastIndexOf(REFERER);
  if (at < 0) return { message };
  const referrer = message.slice(at + REFERER.length);
  if (referrer.includes(' ')) return { message };
  return { message: message.slice(0, at), referrer: str(referrer) };
}

export function parseApacheErrorLine(text: string): ParseOutcome {
  const head = HEAD.exec(text);
  if (head === null) return reject('not an Apache error log line');
  const [, time = '', module, level = '', rest = ''] = head;
  const severity = severityOf(level);
  if (severity === undefined) return reject(`unknown Apache log level: ${level}`);
  const parts = segments(rest);
  const v24 = module !== undefined || time.includes('.');
  const { message, referrer } = splitReferer(parts.message);
  const fields: EventFields = {
    ...errorEvent(message, severity),
    message: message === '' ? undefined : message,
    source: clientAddress(parts.client, v24),
    process: { pid: int(parts.pid) },
    http: { request: { referrer } },
    labels: labelsOf({
      level,
      module: str(module),
      tid: parts.tid,
      remote: parts.remote,
      error: parts.aprError,
      source_file: parts.sourceFile,
    }),
  };
  if (fields.event !== undefined) fields.event.code = parts.code;
  return events({ time, dataset: 'apache.error', fields: compact(withLoginClaim(withWafAlert(fields, message), message)) });
}
