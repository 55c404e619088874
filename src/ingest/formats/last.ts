import { basename } from 'node:path';
import type { EventFields } from '../../schema/event.ts';
import { META, defineFormat, events, lineFormatScore, reject, type Draft, type FormatParser, type ParseOutcome, type Sample } from '../format.ts';
import { compact, ip } from '../values.ts';
import { SESSION_EVENTS, loginRecordKind, placeOf, type Described } from './utmp.ts';

/**
 * The text `last` and `lastb` print (what triage scripts collect as last.txt and lastb.txt): one session per
 * line, newest first: user, terminal, host, login time, then its end (`- 10:30`, `- down`, `still logged in`) and
 * duration; `-F` writes full times with the year, `--time-format iso` ISO times with the zone, the default only
 * `Sat Nov 23 10:00` (the year is inferred as syslog's is), `-a` puts the host last. A line is a login (a failed one
 * in lastb's output: the file's name says `lastb` or `btmp`, or its closing `btmp begins` line), a boot, a shutdown
 * or a run-level change, at its start time; its end and duration are labels. The times are the local time of the
 * machine `last` ran on (`--tz`), but for ISO times.
 */

const WEEKDAY_TIME = /(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([ \d]\d) (\d{2}:\d{2})(?::(\d{2}) (\d{4}))?/;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:[+-]\d{2}:\d{2}|Z)/;
const START = new RegExp(`(?:^|\\s)(${WEEKDAY_TIME.source}|${ISO_TIME.source})`);
/** What follows the start, piece by piece (anchored patterns, none backtracking over the line). */
const DASH = /^\s+-\s+/;
const END_TIME = new RegExp(`^(?:${WEEKDAY_TIME.source}|${ISO_TIME.source})`);
const END_WORD = /^\S{1,40}/;
const DURATION = /^\s+\(([-+\d:]{1,20})\)/;
const TRAILING_HOST = /^\s+(\S+)\s*$/;
const FOOTER = /^(wtmp|btmp|utmp) begins /;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A start time as the time layouts take it: ISO as written, else `2024-11-23T10:00:00` or a year-less `Nov 23 10:00:00`. */
function startTime(text: string): string {
  const m = WEEKDAY_TIME.exec(text);
  if (m === null) return text;
  const [, month = '', day = '', clock = '', seconds, year] = m;
  if (year === undefined) return `${month} ${day.trim().padStart(2, ' ')} ${clock}:00`;
  const monthNumber = String(MONTHS.indexOf(month) + 1).padStart(2, '0');
  return `${year}-${monthNumber}-${day.trim().padStart(2, '0')}T${clock}:${seconds ?? '00'}`;
}

/** The end of a session (a time, `down`, `crash`, `still logged in` …), its duration, and the host `-a` writes last. */
function endOf(rest: string): { end?: string; duration?: string; host?: string } | undefined {
  let text = rest;
  let end: string | undefined;
  let duration: string | undefined;
  const still = /^\s+(still logged in|still running|gone - no logout)/.exec(text);
  if (still !== null) {
    end = still[1];
    text = text.slice(still[0].length);
  } else {
    const dash = DASH.exec(text);
    if (dash === null) return undefined;
    text = text.slice(dash[0].length);
    const word = END_TIME.exec(text) ?? END_WORD.exec(text);
    if (word === null) return undefined;
    end = word[0];
    text = text.slice(word[0].length);
    const lasted = DURATION.exec(text);
    if (lasted === null) return undefined;
    duration = lasted[1];
    text = text.slice(lasted[0].length);
  }
  if (text.trim() === '') return { end, duration };
  const host = TRAILING_HOST.exec(text);
  return host === null ? undefined : { end, duration, host: host[1] };
}

interface Session {
  user: string;
  terminal: string;
  host?: string;
  time: string;
  end?: string;
  duration?: string;
}

/** One line's session, or undefined when the line is not one. */
export function lastSession(line: string): Session | undefined {
  const start = START.exec(line);
  if (start === null) return undefined;
  const at = start.index + start[0].length - start[1]!.length;
  const rest = endOf(line.slice(at + start[1]!.length));
  if (rest === undefined) return undefined;
  const { end, duration, host: trailingHost } = rest;
  const left = line.slice(0, at);
  const leadingUser = !/^\s/.test(left);
  const tokens = left.trim().split(/\s+/).filter((token) => token !== '');
  const user = leadingUser ? (tokens.shift() ?? '') : '';
  let terminal = tokens.shift() ?? '';
  if ((terminal === 'system' && (tokens[0] === 'boot' || tokens[0] === 'down')) || (terminal === '(to' && tokens[0] === 'lvl')) {
    terminal = `${terminal} ${tokens.shift()!}`;
    if (terminal === '(to lvl') terminal = `${terminal} ${tokens.shift() ?? ''}`;
  }
  const session: Session = { user, terminal, time: startTime(start[1]!) };
  const host = trailingHost ?? tokens.join(' ');
  if (host !== '') session.host = host;
  if (end !== undefined) session.end = end;
  if (duration !== undefined) session.duration = duration;
  return session;
}

function describe(session: Session, failed: boolean): Described & { login: boolean } {
  const { user, terminal } = session;
  if (user === 'reboot' && terminal === 'system boot') return { ...SESSION_EVENTS.boot(session.host), login: false };
  if (user === 'shutdown' && terminal === 'system down') return { ...SESSION_EVENTS.shutdown(), login: false };
  if (user === 'runlevel' && terminal.startsWith('(to lvl')) return { ...SESSION_EVENTS.runlevel(terminal.slice(8, -1)), login: false };
  return { ...SESSION_EVENTS.login(user, placeOf(terminal, session.host ?? ''), failed), login: true };
}

function draftOf(session: Session, failed: boolean): Draft {
  const { event, message, login } = describe(session, failed);
  const host = session.host;
  const address = ip(host);
  const labels: Record<string, string> = { 'last.terminal': session.terminal };
  if (session.end !== undefined) labels['last.end'] = session.end;
  if (session.duration !== undefined) labels['last.duration'] = session.duration;
  if (host !== undefined && (!login || address === undefined)) labels['last.host'] = host;
  const fields: EventFields = compact({
    message,
    event,
    user: login && session.user !== '' ? { name: session.user } : undefined,
    source: login && address !== undefined && address !== '0.0.0.0' ? { ip: address } : undefined,
    labels,
  });
  return { time: session.time, dataset: failed ? 'linux.btmp' : 'linux.wtmp', fields };
}

class LastParser implements FormatParser {
  constructor(private readonly failed: boolean) {}

  parse(record: { text: string }): ParseOutcome {
    const text = record.text;
    if (text.trim() === '') return META;
    const footer = FOOTER.exec(text);
    if (footer !== null) return META;
    const session = lastSession(text);
    return session === undefined ? reject('not a line of last or lastb') : events(draftOf(session, this.failed));
  }
}

/** lastb's output: by the file's name, or the sample's closing line. */
function failedLogins(fileName: string, sample?: Sample): boolean {
  const name = basename(fileName.replaceAll('\\', '/')).toLowerCase();
  return name.includes('lastb') || loginRecordKind(name) === 'btmp' || (sample?.lines.some((line) => line.startsWith('btmp begins ')) ?? false);
}

function sniff(sample: Sample): number {
  let sessions = 0;
  let rows = 0;
  let footer = false;
  for (const line of sample.lines) {
    if (FOOTER.test(line)) {
      footer = true;
      continue;
    }
    rows++;
    if (lastSession(line) !== undefined) sessions++;
  }
  if (sessions === 0) return 0;
  const score = lineFormatScore(sessions / rows);
  return footer ? Math.max(score, 0.96) : score;
}

export const lastFormat = defineFormat({
  id: 'last',
  title: 'last and lastb output',
  description:
    "The text of `last` and `lastb` (-F, --time-format iso, -a, -w or not): each session a login (a failed one in lastb's output), boot, shutdown or run-level change at its start, its end and duration as labels",
  framing: 'lines',
  sniff,
  // lastb's closing line is in the sample of a file under 64 KiB; a longer one is told by its name.
  createParser: (ctx) => new LastParser(failedLogins(ctx.fileName, ctx.sample)),
  logsources: [{ category: 'authentication' }],
});
