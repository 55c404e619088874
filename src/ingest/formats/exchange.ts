import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, META, reject, type FormatParser, type ParseOutcome, type Sample } from '../format.ts';
import { splitCsvLine } from '../framing/csv.ts';
import { compact, ipOrDomain, setOwn, str } from '../values.ts';
import { client, login } from './services/login.ts';

/**
 * Microsoft Exchange's transport and client-access logs: W3C-style directives (`#Software:`, `#Log-type:`,
 * `#Fields:`) over comma-separated rows. SMTP receive and send protocol logs, IMAP4 and POP3 protocol logs and
 * message tracking logs are read by their columns; any other Exchange log keeps its columns as labels. Rows
 * before any `#Fields:` (a log cut from its header) are read by their shape: nine columns with two endpoints are
 * an SMTP protocol log, twelve an IMAP4/POP3 one. Exchange writes its times in UTC.
 */

const SOFTWARE = '#Software: Microsoft Exchange';
const SMTP_FIELDS = ['date-time', 'connector-id', 'session-id', 'sequence-number', 'local-endpoint', 'remote-endpoint', 'event', 'data', 'context'];
const POP_IMAP_FIELDS = ['dateTime', 'sessionId', 'seqNumber', 'sIp', 'cIp', 'user', 'duration', 'rqsize', 'rpsize', 'command', 'parameters', 'context'];
const UTC_TIME = String.raw`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?Z`;
const ISO_TIME = new RegExp(`${UTC_TIME}$`);
/** What a protocol-log row starts with: its UTC time and a comma (checked before the row is split). */
const ROW_START = new RegExp(`${UTC_TIME},`);
const ENDPOINT = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[\da-fA-F:.]{2,45}\]|[\da-fA-F:.]{2,45}):\d{1,5}$/;
/** SMTP replies to AUTH: 235 accepted, 535 refused (5.7.3 / 5.7.8), 454 temporary failure. */
const SMTP_AUTH_REPLY = /^(235|535|454)[ -]/;
const LOGIN_COMMANDS = new Set(['authenticate', 'login', 'auth', 'pass', 'apop']);
/** A refused login: Exchange's own reasons, POP3's `-ERR`, IMAP's tagged `NO`/`BAD` (upper case, as servers write them). */
const FAILED = /AuthFailed|LogonDenied|-ERR|\b(?:NO|BAD) |\b[Ff]ailed\b/;
const SUCCEEDED = /\bOK\b/;
const CONTEXT_USER = /\bUser: ?([^",;\s]{1,256})/;
const ERROR_MESSAGE = /ErrMsg=([^;]{1,256})/;
const UNKNOWN_USER = /UserNotFound|unknown user(?! name or)/i;
const MAX_LABEL = 4096;

type Kind = 'smtp-receive' | 'smtp-send' | 'pop' | 'imap' | 'tracking' | 'other';

export interface ExchangeState {
  fields?: readonly string[];
  logType?: string;
}

function kindOf(logType: string | undefined, fields: readonly string[], row: ReadonlyMap<string, string>): Kind {
  const type = logType?.toLowerCase() ?? '';
  if (type.includes('message tracking') || fields.includes('event-id')) return 'tracking';
  if (type.includes('pop3')) return 'pop';
  if (type.includes('imap4')) return 'imap';
  if (fields.includes('cIp') && fields.includes('command')) return row.get('sIp')?.endsWith(':110') === true || row.get('sIp')?.endsWith(':995') === true ? 'pop' : 'imap';
  if (fields.includes('remote-endpoint')) {
    if (type.includes('send')) return 'smtp-send';
    if (type.includes('receive')) return 'smtp-receive';
    // Without the header, a receive connector is named `SERVER\Name`; send connectors have plain names.
    return (row.get('connector-id') ?? '').includes('\\') ? 'smtp-receive' : 'smtp-send';
  }
  return 'other';
}

/** `count` columns, or one more left empty (a trailing comma). */
function hasColumns(values: readonly string[], count: number): boolean {
  return values.length === count || (values.length === count + 1 && values[count] === '');
}

/** A headerless row's layout, from its shape; undefined when it looks like neither protocol log. */
function guessFields(values: readonly string[]): readonly string[] | undefined {
  if (!ISO_TIME.test(values[0] ?? '')) return undefined;
  if (hasColumns(values, SMTP_FIELDS.length) && ENDPOINT.test(values[4] ?? '') && ENDPOINT.test(values[5] ?? '')) return SMTP_FIELDS;
  if (hasColumns(values, POP_IMAP_FIELDS.length) && ENDPOINT.test(values[3] ?? '') && ENDPOINT.test(values[4] ?? '')) return POP_IMAP_FIELDS;
  return undefined;
}

function labelsOf(row: ReadonlyMap<string, string>, taken: ReadonlySet<string>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [name, value] of row) {
    if (taken.has(name) || value === '') continue;
    setOwn(labels, `exchange.${name}`, value.length > MAX_LABEL ? value.slice(0, MAX_LABEL) : value);
  }
  return labels;
}

function smtpFields(row: ReadonlyMap<string, string>, kind: 'smtp-receive' | 'smtp-send'): EventFields {
  const remote = client(row.get('remote-endpoint'));
  const local = client(row.get('local-endpoint'));
  const [source, destination] = kind === 'smtp-receive' ? [remote, local] : [local, remote];
  const data = row.get('data') ?? '';
  const event = row.get('event');
  const reply = kind === 'smtp-receive' && event === '>' ? SMTP_AUTH_REPLY.exec(data)?.[1] : undefined;
  const base: EventFields = { message: data === '' ? undefined : data, source, destination, network: { protocol: 'smtp' } };
  if (reply === '235' || reply === '535') {
    return { ...base, ...login({ outcome: reply === '235' ? 'success' : 'failure', source, reason: reply === '535' ? data : undefined }) };
  }
  // A receive connector notes the account a session authenticated as: `*,CORP\alice,authenticated`.
  if (kind === 'smtp-receive' && event === '*' && row.get('context')?.trim().toLowerCase() === 'authenticated' && data !== '') {
    return { ...base, ...login({ outcome: 'success', user: data, source }) };
  }
  return base;
}

function mailboxFields(row: ReadonlyMap<string, string>, kind: 'pop' | 'imap'): EventFields {
  const source = client(row.get('cIp'));
  const destination = client(row.get('sIp'));
  const command = row.get('command')?.trim().toLowerCase() ?? '';
  const context = row.get('context') ?? '';
  const base: EventFields = { message: context === '' ? undefined : context, source, destination, network: { protocol: kind === 'pop' ? 'pop3' : 'imap' } };
  if (!LOGIN_COMMANDS.has(command)) return base;
  const outcome = FAILED.test(context) ? 'failure' : SUCCEEDED.test(context) ? 'success' : undefined;
  if (outcome === undefined) return base;
  const user = str(row.get('user')) ?? CONTEXT_USER.exec(context)?.[1];
  const unknownUser = outcome === 'failure' && UNKNOWN_USER.test(context);
  return { ...base, ...login({ outcome, user, source, reason: outcome === 'failure' ? ERROR_MESSAGE.exec(context)?.[1] : undefined, unknownUser }) };
}

function trackingFields(row: ReadonlyMap<string, string>): EventFields {
  const event = str(row.get('event-id'));
  const sender = str(row.get('sender-address'));
  const recipients = str(row.get('recipient-address'));
  const subject = str(row.get('message-subject'));
  const clientHost = str(row.get('client-hostname'));
  const words = [event, sender === undefined ? undefined : `from ${sender}`, recipients === undefined ? undefined : `to ${recipients}`, subject === undefined ? undefined : `subject "${subject}"`];
  return {
    message: words.filter((word) => word !== undefined).join(' '),
    event: { category: ['email'], type: ['info'], action: event === undefined ? undefined : `message-${event.toLowerCase()}` },
    source: { ...client(row.get('client-ip')), ...(clientHost === undefined ? {} : { domain: ipOrDomain(clientHost).domain }) },
    destination: client(row.get('server-ip')),
    host: { name: str(row.get('server-hostname')) },
  };
}

const TAKEN: Record<Kind, ReadonlySet<string>> = {
  'smtp-receive': new Set(['date-time', 'local-endpoint', 'remote-endpoint', 'data']),
  'smtp-send': new Set(['date-time', 'local-endpoint', 'remote-endpoint', 'data']),
  pop: new Set(['dateTime', 'cIp', 'sIp', 'user', 'context']),
  imap: new Set(['dateTime', 'cIp', 'sIp', 'user', 'context']),
  tracking: new Set(['date-time', 'client-ip', 'server-ip', 'server-hostname']),
  other: new Set(['date-time', 'dateTime']),
};

const DATASETS: Record<Kind, string> = {
  'smtp-receive': 'exchange.smtp_receive',
  'smtp-send': 'exchange.smtp_send',
  pop: 'exchange.pop3',
  imap: 'exchange.imap4',
  tracking: 'exchange.message_tracking',
  other: 'exchange',
};

function fieldsFor(kind: Kind, row: ReadonlyMap<string, string>): EventFields {
  switch (kind) {
    case 'smtp-receive':
    case 'smtp-send':
      return smtpFields(row, kind);
    case 'pop':
    case 'imap':
      return mailboxFields(row, kind);
    case 'tracking':
      return trackingFields(row);
    case 'other':
      return {};
  }
}

function directive(text: string, state: ExchangeState): ParseOutcome {
  if (text.startsWith('#Fields:')) {
    const names = splitCsvLine(text.slice('#Fields:'.length).trim())?.map((name) => name.trim()).filter((name) => name !== '');
    if (names !== undefined && names.length > 1) state.fields = names;
  } else if (text.startsWith('#Log-type:')) {
    state.logType = text.slice('#Log-type:'.length).trim();
  }
  return META;
}

export function parseExchangeLine(text: string, state: ExchangeState): ParseOutcome {
  if (text.startsWith('#')) return directive(text, state);
  if (text.trim() === '') return META;
  const values = splitCsvLine(text);
  if (values === undefined) return reject('a quoted field is not closed on its line');
  const fields = state.fields ?? guessFields(values);
  if (fields === undefined) return reject('no #Fields: header, and not the shape of an SMTP, IMAP4 or POP3 protocol log row');
  const row = new Map<string, string>();
  fields.forEach((name, i) => row.set(name, values[i] ?? ''));
  const time = row.get('date-time') ?? row.get('dateTime');
  if (time === undefined || !ISO_TIME.test(time)) return reject('no ISO date-time column');
  const kind = kindOf(state.logType, fields, row);
  const specific = fieldsFor(kind, row);
  const labels = { ...labelsOf(row, TAKEN[kind]), ...specific.labels };
  const draftFields: EventFields = { ...specific, event: { ...specific.event, provider: 'exchange' }, labels };
  return events({ time, timeIsUtc: true, dataset: DATASETS[kind], fields: compact(draftFields) });
}

function createParser(): FormatParser {
  const state: ExchangeState = {};
  return { parse: (record) => parseExchangeLine(record.text, state) };
}

/** Exchange's own header, or rows shaped like its protocol logs (a log cut from its header). */
function sniff(sample: Sample): number {
  if (sample.lines.some((line) => line.startsWith(SOFTWARE))) return 0.9;
  const rows = sample.lines.filter((line) => !line.startsWith('#') && line.trim() !== '');
  if (rows.length === 0) return 0;
  const shaped = rows.filter((line) => {
    if (!ROW_START.test(line)) return false;
    const values = splitCsvLine(line);
    return values !== undefined && guessFields(values) !== undefined;
  }).length;
  return shaped / rows.length >= 0.8 ? 0.6 : 0;
}

export const exchangeFormat = defineFormat({
  id: 'exchange',
  title: 'Microsoft Exchange transport and protocol logs',
  description:
    "Exchange's W3C-style CSV logs (`#Fields:` header): SMTP receive and send protocol logs (AUTH replies 235/535 as logins), " +
    'IMAP4 and POP3 protocol logs (login commands and their result) and message tracking logs; headerless protocol-log rows by their shape',
  framing: 'lines',
  sniff,
  createParser,
  logsources: [{ product: 'exchange' }, { category: 'authentication' }],
  lineFallback: true,
});
