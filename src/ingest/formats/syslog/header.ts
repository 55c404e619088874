import { BAD_STAMP, NO_STAMP, bsdStampLength } from './bsd-stamp.ts';
import { readPriority } from './priority.ts';
import { decoderFor, programKey } from './programs/index.ts';
import { parseRfc5424 } from './rfc5424.ts';
import type { SyslogHeader } from './types.ts';

/**
 * Syslog headers: RFC 3164 (`Mmm d HH:MM:SS host tag: msg`, optional `<PRI>` and year), the ISO-stamped
 * variant rsyslog writes (`2023-11-14T00:20:42.738197+01:00 host tag: msg`), RFC 5424, and the other stamps of
 * journalctl's text output (`short-full`, `short-unix`; `short`, `short-iso` and `short-precise` are the above).
 */

/** journalctl's `short-full`: `Sat 2024-11-23 10:00:00 UTC`, the zone an abbreviation or an offset. */
const JOURNAL_FULL = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?) ([A-Z]{1,6}|[+-]\d{2}:?\d{2})(?= )/;
/** journalctl's `short-unix`: seconds since the epoch with microseconds. */
const JOURNAL_UNIX = /^\d{9,11}\.\d{6}(?= )/;
/** Zones a time text can carry; other abbreviations (CET, CST …) are ambiguous, and the line takes `--tz`. */
const PLAIN_ZONE = /^(?:UTC|GMT|[+-]\d{2}:?\d{2})$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?(?= |$)/;
/** `prog`, `prog[pid]`, `prog(module)[pid]`, then `:` and a space or the end of the line. */
const TAG = /^([^\s[\]():]{1,64})(?:\(([^()\s]{0,64})\))?(?:\[([^\]\s]{0,32})\])?:(?: |$)/;
const PID = /^\d{1,10}$/;
/**
 * A line without its header, which a log store kept apart (Graylog's and Loki's `message`, `cut -d' ' -f5-`): a tag
 * with a process id (`sshd[1021]: …`) or naming a program that has a decoder (`sudo: …`, `kernel: …`), then the
 * message. Another word and a colon (`Error: …`) is not enough.
 */
const BARE_TAG = /^([^\s[\]():]{1,64})(?:\(([^()\s]{0,64})\))?(?:\[(\d{1,10})\])?:(?: |$)/;
/**
 * MikroTik RouterOS writes its topics where a tag would be, without a colon (`firewall,info`, `system,error,critical`);
 * one of them is always the message's severity.
 */
const ROUTEROS_TOPICS = /^[a-z][a-z0-9-]*(?:,[a-z][a-z0-9-]*)+$/;
const ROUTEROS_SEVERITY = /(?:^|,)(?:debug|info|warning|error|critical)(?:,|$)/;
/** Words that sit where a host would be in application logs that merely start with an ISO time. */
const LEVELS = new Set(['TRACE', 'DEBUG', 'INFO', 'NOTICE', 'WARN', 'WARNING', 'ERROR', 'CRITICAL', 'FATAL']);

export function parseHeader(line: string): SyslogHeader | undefined {
  let rest = line;
  let labels: Record<string, string> = {};
  if (rest.startsWith('<')) {
    const pri = readPriority(rest);
    if (pri === undefined) return undefined;
    labels = pri.labels;
    rest = rest.slice(pri.length);
    if (rest.startsWith('1 ')) return parseRfc5424(rest.slice(2), labels);
  }
  const bsd = bsdStampLength(rest);
  if (bsd === BAD_STAMP) return undefined;
  if (bsd !== NO_STAMP) return afterTime(rest.slice(0, bsd), rest.slice(bsd), labels, false);
  const iso = ISO.exec(rest);
  if (iso !== null) return afterTime(iso[0], rest.slice(iso[0].length), labels, !Object.hasOwn(labels, 'syslog.priority'));
  return journalStamped(rest, labels) ?? bareTag(rest, labels);
}

const NUMERIC = /^\d{1,10}$/;

/**
 * A message whose program a log store kept apart (Graylog's `application_name`, Fluentd's `ident`, GELF's
 * `_program`) with its tag put back in front (`sshd[1021]: …`), when this reader takes that for a tag (with a pid, or
 * naming a program that has a decoder); else the message as it is.
 */
export function taggedLine(message: string, program: string | undefined, pid: string | undefined): string {
  if (program === undefined || /[\s[\]():]/.test(program) || message.startsWith(`${program}[`) || message.startsWith(`${program}:`)) return message;
  if (pid !== undefined && NUMERIC.test(pid)) return `${program}[${pid}]: ${message}`;
  return decoderFor(programKey(program)) === undefined ? message : `${program}: ${message}`;
}

function bareTag(line: string, labels: Record<string, string>): SyslogHeader | undefined {
  const tag = BARE_TAG.exec(line);
  if (tag === null || (tag[3] === undefined && decoderFor(programKey(tag[1]!)) === undefined)) return undefined;
  return withTag(undefined, undefined, tag, line.slice(tag[0].length), labels);
}

/** The other stamps `journalctl` prints (`-o short-full`, `-o short-unix`); a tag is required after them. */
function journalStamped(line: string, labels: Record<string, string>): SyslogHeader | undefined {
  const full = JOURNAL_FULL.exec(line);
  if (full !== null) {
    const [stamp, time, zone] = full as unknown as [string, string, string];
    if (PLAIN_ZONE.test(zone)) return afterTime(`${time} ${zone}`, line.slice(stamp.length), labels, true);
    labels['syslog.zone'] = zone;
    return afterTime(time, line.slice(stamp.length), labels, true);
  }
  const unix = JOURNAL_UNIX.exec(line);
  return unix === null ? undefined : afterTime(unix[0], line.slice(unix[0].length), labels, true);
}

/** Host, then the tag. A tag is optional after a BSD stamp (`syslogd 1.4.1: restart.`), required after ISO. */
function afterTime(time: string, text: string, labels: Record<string, string>, strict: boolean): SyslogHeader | undefined {
  const body = text.trimStart();
  if (body === '') return strict ? undefined : { time, message: '', labels };
  const space = body.indexOf(' ');
  const first = space < 0 ? body : body.slice(0, space);
  if (strict && LEVELS.has((first.endsWith(':') ? first.slice(0, -1) : first).toUpperCase())) return undefined;
  // `Mmm d HH:MM:SS sshd[1]: …` without a host: the first word is already the tag.
  const hostless = TAG.exec(body);
  if (hostless !== null && hostless[0].trimEnd() === first) {
    return withTag(time, undefined, hostless, body.slice(hostless[0].length), labels);
  }
  let afterHost = space < 0 ? '' : body.slice(space + 1).trimStart();
  // Some appliances (UniFi) write the host name twice: `Mmm d HH:MM:SS host host sshd[1]: …`.
  if (afterHost.startsWith(`${first} `) && TAG.exec(afterHost) === null) afterHost = afterHost.slice(first.length + 1).trimStart();
  const tag = TAG.exec(afterHost);
  if (tag === null) {
    if (isRouterOsTopics(first)) return routerOs(time, undefined, first, afterHost, labels);
    const next = afterHost.indexOf(' ');
    const topics = next < 0 ? afterHost : afterHost.slice(0, next);
    if (isRouterOsTopics(topics)) return routerOs(time, first, topics, next < 0 ? '' : afterHost.slice(next + 1), labels);
    return strict ? undefined : { time, host: first, message: afterHost.trim(), labels };
  }
  return withTag(time, first, tag, afterHost.slice(tag[0].length), labels);
}

function isRouterOsTopics(token: string): boolean {
  return ROUTEROS_TOPICS.test(token) && ROUTEROS_SEVERITY.test(token);
}

/** A RouterOS line: its program is `routeros`, its topics a label (the decoder reads them). */
function routerOs(time: string, host: string | undefined, topics: string, message: string, labels: Record<string, string>): SyslogHeader {
  labels['routeros.topics'] = topics;
  return { time, host, program: 'routeros', message: message.trim(), labels };
}

function withTag(
  time: string | undefined,
  host: string | undefined,
  tag: RegExpExecArray,
  message: string,
  labels: Record<string, string>,
): SyslogHeader {
  const procid = tag[3];
  const numeric = procid !== undefined && PID.test(procid);
  if (procid !== undefined && procid !== '' && !numeric) labels['syslog.procid'] = procid;
  return {
    time,
    host,
    program: tag[1],
    module: tag[2] === '' ? undefined : tag[2],
    pid: numeric ? Number(procid) : undefined,
    message: message.trim(),
    labels,
  };
}
