import type { SyslogHeader } from './types.ts';

/** RFC 5424 after `<PRI>1 `: TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]. */
const FIELDS = /^(\S+) (\S+) (\S+) (\S+) (\S+)(?: (.*))?$/s;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
const PID = /^\d{1,10}$/;
const SD_NAME = /^[^\s=\]"]{1,64}$/;
const MAX_SD_PARAMS = 64;

const nil = (value: string | undefined): string | undefined => (value === undefined || value === '-' ? undefined : value);

export function parseRfc5424(rest: string, labels: Record<string, string>): SyslogHeader | undefined {
  const m = FIELDS.exec(rest);
  if (m === null) return undefined;
  const [, time, host, app, procid, msgid] = m;
  if (time === undefined || (time !== '-' && !TIMESTAMP.test(time))) return undefined;
  const tail = m[6] ?? '';
  const sd = readStructuredData(tail, labels);
  // Malformed structured data: keep what follows as the message rather than losing the line.
  const message = sd === undefined ? tail : tail.slice(sd);
  const proc = nil(procid);
  const id = nil(msgid);
  if (id !== undefined) labels['syslog.msgid'] = id;
  if (proc !== undefined && !PID.test(proc)) labels['syslog.procid'] = proc;
  return {
    time: nil(time),
    host: nil(host),
    program: nil(app),
    pid: proc !== undefined && PID.test(proc) ? Number(proc) : undefined,
    message: message.replace(/^\uFEFF/, '').trim(),
    labels,
  };
}

/**
 * Reads `-` or `[id k="v" …][id2 …]` at the start of `text` into labels `<id>.<k>`; returns the
 * number of characters used, or undefined when the structured data is malformed.
 */
function readStructuredData(text: string, labels: Record<string, string>): number | undefined {
  if (text === '-' || text.startsWith('- ')) return 1;
  if (!text.startsWith('[')) return text === '' ? 0 : undefined;
  const found: Record<string, string> = {};
  let i = 0;
  while (text[i] === '[') {
    const end = readElement(text, i + 1, found);
    if (end === undefined) return undefined;
    i = end;
  }
  for (const [key, value] of Object.entries(found)) if (!Object.hasOwn(labels, key)) labels[key] = value;
  return i;
}

/** Reads one SD-ELEMENT body starting after `[`; returns the index after its `]`. */
function readElement(text: string, start: number, out: Record<string, string>): number | undefined {
  let i = start;
  while (i < text.length && text[i] !== ' ' && text[i] !== ']') i++;
  const id = text.slice(start, i);
  if (!SD_NAME.test(id)) return undefined;
  let params = 0;
  while (text[i] === ' ') {
    const eq = text.indexOf('="', i + 1);
    if (eq < 0 || ++params > MAX_SD_PARAMS) return undefined;
    const name = text.slice(i + 1, eq);
    if (!SD_NAME.test(name)) return undefined;
    const value = readQuoted(text, eq + 2);
    if (value === undefined) return undefined;
    out[`${id}.${name}`] = value.text;
    i = value.end;
  }
  return text[i] === ']' ? i + 1 : undefined;
}

/** Reads a PARAM-VALUE up to its closing quote, undoing the `\"`, `\\` and `\]` escapes. */
function readQuoted(text: string, start: number): { text: string; end: number } | undefined {
  let value = '';
  for (let i = start; i < text.length; i++) {
    const c = text.charAt(i);
    const next = text.charAt(i + 1);
    if (c === '"') return { text: value, end: i + 1 };
    if (c === '\\' && (next === '"' || next === '\\' || next === ']')) {
      value += next;
      i++;
    } else {
      value += c;
    }
  }
  return undefined;
}
