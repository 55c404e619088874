import { basename } from 'node:path';
import type { EventFields } from '../../schema/event.ts';
import { META, defineFormat, events, isObject, reject, sniffLines, valueShare, type Draft, type ParseOutcome, type ParserContext } from '../format.ts';
import { UTMP_TYPES, parseUtmpdumpLine, type UtmpRecord } from '../utmp/record.ts';
import { compact, ip } from '../values.ts';

/**
 * Linux login records: wtmp (logins, logouts, boots, shutdowns: what `last` reads), btmp (failed logins: what
 * `lastb` reads) and utmp (who is logged in now), as their binary files (utmp/frame.ts) or as `utmpdump`'s text.
 * The file's name tells btmp from wtmp (the records do not): in a file named `btmp…` every login record is a
 * failed login. Each record becomes a login (success or failure), a logout, a boot, a shutdown, a run-level or
 * clock change; the terminal, its id, the session and the exit status are labels.
 */

type Kind = 'wtmp' | 'btmp' | 'utmp';

const UTMP_KEYS = ['pid', 'line', 'id', 'user', 'host'];

/** Which login record file a file is, by its name (the records do not say): `last`'s output is told the same way. */
export function loginRecordKind(fileName: string): Kind {
  const name = basename(fileName.replaceAll('\\', '/')).toLowerCase();
  if (name.includes('btmp')) return 'btmp';
  return name.includes('utmp') && !name.includes('wtmp') ? 'utmp' : 'wtmp';
}

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** Where a login came from: the recorded address, else the host text when it is an address or a host name. */
function remote(record: UtmpRecord): EventFields['source'] {
  const hostIp = ip(record.host);
  const address = ip(record.addr) ?? hostIp;
  const domain = hostIp === undefined && HOST_NAME.test(record.host) && /[A-Za-z]/.test(record.host) ? record.host : undefined;
  return { ip: address, domain };
}

export interface Described {
  event: EventFields['event'];
  message: string;
}

/** The events login records stand for, the same whether read from the files or from `last`'s text. */
export const SESSION_EVENTS = {
  boot: (kernel: string | undefined): Described => ({ event: { category: ['host'], type: ['start'], action: 'system-boot' }, message: `system boot${kernel === undefined || kernel === '' ? '' : ` (kernel ${kernel})`}` }),
  shutdown: (): Described => ({ event: { category: ['host'], type: ['end'], action: 'system-shutdown' }, message: 'system shutdown' }),
  runlevel: (level: string): Described => ({ event: { category: ['host'], type: ['change'], action: 'runlevel-change' }, message: `run level ${level}` }),
  /** A login, a failed one in btmp; `place` is ` on <terminal>` and ` from <host>`, either empty. */
  login: (user: string, place: string, failed: boolean): Described =>
    failed
      ? { event: { category: ['authentication'], type: ['start'], action: 'login', outcome: 'failure' }, message: `failed login for ${user}${place}` }
      : { event: { category: ['authentication', 'session'], type: ['start'], action: 'login', outcome: 'success' }, message: `${user} logged in${place}` },
};

/** ` on <terminal> from <host>`, each part left out when empty. */
export function placeOf(terminal: string, from: string): string {
  return `${terminal === '' ? '' : ` on ${terminal}`}${from === '' ? '' : ` from ${from}`}`;
}

/** The event of a record that is not a login or logout (boot, shutdown, run level, clock, init). */
function systemEvent(record: UtmpRecord): Described | undefined {
  switch (record.type) {
    case 1:
      return record.user === 'shutdown' ? SESSION_EVENTS.shutdown() : SESSION_EVENTS.runlevel(String.fromCharCode(record.pid % 256));
    case 2:
      return SESSION_EVENTS.boot(record.host);
    case 3:
    case 4:
      return { event: { category: ['host'], type: ['change'], action: 'clock-change' }, message: record.type === 3 ? 'clock changed (new time)' : 'clock changed (old time)' };
    case 5:
      return { event: { category: ['process'], type: ['start'], action: 'init-process' }, message: `init started process ${String(record.pid)} on ${record.line}` };
    default:
      return undefined;
  }
}

function loginEvent(record: UtmpRecord, kind: Kind, from: string): Described | undefined {
  const where = placeOf(record.line, from);
  if (kind === 'btmp' && (record.type === 6 || record.type === 7)) return SESSION_EVENTS.login(record.user, where, true);
  if (record.type === 7) return SESSION_EVENTS.login(record.user, where, false);
  if (record.type === 8) return { event: { category: ['session'], type: ['end'], action: 'logout' }, message: `logout${record.user === '' ? '' : ` of ${record.user}`}${where}` };
  if (record.type === 6) return { event: { category: ['process'], type: ['start'], action: 'login-prompt' }, message: `login prompt${where}` };
  return undefined;
}

/** The draft of one record; META for an empty slot and accounting records, which carry nothing. */
export function utmpDraft(record: UtmpRecord, fileName: string): ParseOutcome {
  const kind = loginRecordKind(fileName);
  if (record.type === 0 || record.type === 9) return META;
  const source = remote(record);
  const from = source?.ip ?? source?.domain ?? '';
  const described = systemEvent(record) ?? loginEvent(record, kind, from);
  if (described === undefined) return reject(`utmp record of unknown type ${String(record.type)}`);
  const login = record.type >= 6;
  const labels: Record<string, string> = { 'utmp.type': UTMP_TYPES[record.type] ?? String(record.type) };
  if (record.line !== '') labels['utmp.line'] = record.line;
  if (record.id !== '') labels['utmp.id'] = record.id;
  if (record.session !== 0) labels['utmp.session'] = String(record.session);
  if (record.termination !== 0 || record.exit !== 0) labels['utmp.exit'] = `${String(record.termination)}/${String(record.exit)}`;
  if (login && record.host !== '' && from !== record.host) labels['utmp.host'] = record.host;
  const fields: EventFields = compact({
    message: described.message,
    event: described.event,
    user: login && record.user !== '' && record.user !== 'LOGIN' ? { name: record.user } : undefined,
    source: login ? source : undefined,
    process: record.type >= 5 && record.pid > 0 ? { pid: record.pid } : undefined,
    labels,
  });
  const draft: Draft = { time: record.time, dataset: `linux.${kind}`, fields };
  return events(draft);
}

function parseBinary(value: unknown, ctx: ParserContext): ParseOutcome {
  if (!isObject(value) || typeof value.type !== 'number' || typeof value.time !== 'string') return reject('not a utmp record');
  return utmpDraft(value as unknown as UtmpRecord, ctx.fileName);
}

export const utmpFormat = defineFormat({
  id: 'utmp',
  title: 'Linux login records (wtmp, btmp, utmp)',
  description:
    "wtmp, btmp and utmp files (struct utmp, 384-byte records, recognised by their content; each record read as its fields' JSON): logins and logouts with user, terminal and remote host, boots, shutdowns, run-level changes; a btmp file's records are failed logins",
  framing: 'json',
  // The binary files are recognised by their bytes before any sniffing (read.ts); this sniffs their records' JSON.
  sniff: (sample) => {
    const share = valueShare(sample, (value) => typeof value.type === 'number' && typeof value.time === 'string' && UTMP_KEYS.every((key) => key in value));
    return share < 0.5 ? 0 : 0.9 * share;
  },
  createParser: (ctx) => ({ parse: (record) => parseBinary(record.value, ctx) }),
  logsources: [{ product: 'linux', category: 'authentication' }],
});

export const utmpdumpFormat = defineFormat({
  id: 'utmpdump',
  title: "Linux login records as utmpdump's text",
  description: "util-linux utmpdump's text of wtmp, btmp and utmp files ([type] [pid] [id] [user] [line] [host] [addr] [time]): the events of the binary files",
  framing: 'lines',
  sniff: sniffLines((line) => parseUtmpdumpLine(line) !== undefined),
  createParser: (ctx) => ({
    parse(record) {
      const parsed = parseUtmpdumpLine(record.text);
      return parsed === undefined ? reject('not a utmpdump line') : utmpDraft(parsed, ctx.fileName);
    },
  }),
  logsources: [{ product: 'linux', category: 'authentication' }],
});
