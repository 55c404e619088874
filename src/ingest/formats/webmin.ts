import type { EventFields } from '../../schema/event.ts';
import { defineFormat, events, reject, sniffLines, stateless, type ParseOutcome } from '../format.ts';
import { compact, setOwn, str } from '../values.ts';
import { client, login } from './services/login.ts';
import { labelsOf } from './syslog/util.ts';

/**
 * Webmin's (and Usermin's) actions log, /var/webmin/webmin.log, as its own webminlog module reads it:
 * `<unix time>.<pid>.<n> [dd/Mon/yyyy HH:MM:SS] <user> <session> <client> <module> <script> "<action>" "<type>"
 * "<object>"`, then the action's parameters as ` name='url-encoded value'`. miniserv.pl writes the logins under the
 * module `global`: "login", "logout", and "failed" with the reason as the object (wrongpass, wronguser, twofactor …).
 * The bracketed time is the server's local time without a zone; the leading Unix time is read instead.
 */

const LINE = /^(\d{9,11})\.(\S{1,40}) \[[^\]]{1,40}\] (\S{1,256}) (\S{1,256}) (\S{1,256}) (\S{1,128}) (\S{1,256}) (?:"([^"]{0,1024})" "([^"]{0,1024})" "([^"]{0,4096})"|(\S{1,1024}) (\S{1,1024}) (\S{1,4096}))(.*)$/s;
const PARAM = / ?([^=\s']{1,128})='([^']{0,8192})'/gy;
const MAX_PARAMS = 64;

/** What the webminlog module shows for each reason of a failed login. */
const FAILURE_REASONS: Readonly<Record<string, string>> = {
  wrongpass: 'Invalid password',
  badpass: 'Bad password',
  wronguser: 'Invalid user',
  baduser: 'Bad username',
  twofactor: 'Invalid twofactor token',
  expiredpass: 'Password expired',
};
const UNKNOWN_USER_REASONS = new Set(['wronguser', 'baduser']);

function unescape(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function paramsOf(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  PARAM.lastIndex = 0;
  let count = 0;
  for (let m = PARAM.exec(text); m !== null && count < MAX_PARAMS; m = PARAM.exec(text), count++) {
    setOwn(params, `webmin.param.${m[1] ?? ''}`, unescape(m[2] ?? ''));
  }
  return params;
}

/** The reason of a failed login in the words of Webmin's log viewer (the code itself when it has none). */
function reasonOf(object: string | undefined): string | undefined {
  return object === undefined ? undefined : (FAILURE_REASONS[object] ?? object);
}

function fieldsOf(user: string | undefined, address: string | undefined, action: string, object: string | undefined, labels: Record<string, string | undefined>): EventFields {
  const source = client(address);
  if (action === 'failed' || action === 'login') {
    const failed = action === 'failed';
    return login({
      outcome: failed ? 'failure' : 'success',
      user,
      source,
      reason: failed ? reasonOf(object) : undefined,
      unknownUser: failed && object !== undefined && UNKNOWN_USER_REASONS.has(object),
      labels,
    });
  }
  const event: EventFields['event'] = action === 'logout' ? { category: ['authentication'], type: ['end'], action: 'logout', outcome: 'success' } : { category: ['configuration'], type: ['change'], action };
  return { event, user: user === undefined ? undefined : { name: user }, source, labels: labelsOf(labels) };
}

/** The action in words, as the webminlog module words the global ones (and its fallback for any other). */
function describe(action: string, type: string | undefined, object: string | undefined, module: string | undefined): string {
  if (action === 'failed') return `Login to Webmin failed: ${reasonOf(object) ?? 'no reason given'}`;
  if (action === 'login') return 'Logged into Webmin';
  if (action === 'logout') return 'Logged out of Webmin';
  const what = action === '_config_' ? 'Changed module configuration' : [action, type, object].filter((part) => part !== undefined).join(' ');
  return module === undefined ? what : `${what} (module ${module})`;
}

export function parseWebminLine(line: string): ParseOutcome {
  const m = LINE.exec(line);
  if (m === null) return reject('not a Webmin actions log line');
  const [, seconds, , rawUser, session, address, module, script, qAction, qType, qObject, bAction, bType, bObject, rest = ''] = m;
  const action = qAction ?? bAction ?? '';
  const object = str(qObject ?? bObject);
  const type = str(qType ?? bType);
  const moduleName = str(module);
  const labels: Record<string, string | undefined> = {
    'webmin.module': moduleName,
    'webmin.script': str(script),
    'webmin.type': type,
    'webmin.object': object,
    'webmin.session': str(session),
    ...paramsOf(rest),
  };
  const fields = fieldsOf(str(rawUser), str(address), action, object, labels);
  fields.message = describe(action, type, object, moduleName);
  fields.event = { ...fields.event, provider: 'webmin' };
  return events({ time: Number(seconds), timeIsUtc: true, dataset: 'webmin', fields: compact(fields) });
}

export const webminFormat = defineFormat({
  id: 'webmin',
  title: 'Webmin actions log',
  description: "Webmin's and Usermin's actions log (/var/webmin/webmin.log): logins, failed logins with their reason, logouts and every configuration change with its module, user and client",
  framing: 'lines',
  sniff: sniffLines((line) => parseWebminLine(line).kind === 'events'),
  createParser: stateless((record) => parseWebminLine(record.text)),
  logsources: [{ product: 'webmin' }, { category: 'authentication' }],
  lineFallback: true,
});
