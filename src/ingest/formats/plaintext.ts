import { META, defineFormat, events, type Draft, type ParseOutcome, type RawRecord } from '../format.ts';
import { compact, ip } from '../values.ts';
import { findTimestamp, type FoundTime } from './aliases/time.ts';
import { inspektrRecord } from './inspektr.ts';
import { withLoginClaim } from './login-text.ts';
import { withRequestClaim } from './request-text.ts';

/**
 * The fallback for any text: one event per non-empty line, the line as the message, the first timestamp in
 * it as the time, and the host when the line starts `<time> <host> …` and the host is unmistakable.
 */

/** Timestamps further into a line than this are not looked for (they are rarely the event's time). */
const SCAN_LIMIT = 1024;
const HOST_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?';
const HOST_NAME = new RegExp(`^${HOST_LABEL}(?:\\.${HOST_LABEL})*$`);
const LETTER = /[A-Za-z]/;
const DIGIT_OR_DOT = /[\d.]/;
/** A syslog-style program tag after the host: `sshd:`, `kernel:`, `cron[123]:`. */
const TAG = /^[\w./-]+(?:\[\d+\])?:$/;
const SPACES = /\s+/;

/**
 * The token after a leading timestamp, when it is obviously a host: an IP address, a name with a digit or a
 * dot (`wkst-02`, `mail.example.org`), or any name followed by a program tag. Plain words (`failed login`)
 * are message text.
 */
function leadingHost(line: string, time: FoundTime): string | undefined {
  const lead = line.slice(0, time.index);
  if (lead !== '' && lead !== '[') return undefined;
  let rest = line.slice(time.end);
  if (lead === '[') {
    if (!rest.startsWith(']')) return undefined;
    rest = rest.slice(1);
  }
  if (!rest.startsWith(' ') && !rest.startsWith('\t')) return undefined;
  const [host, next] = rest.trimStart().split(SPACES, 2);
  if (host === undefined || next === undefined || next === '' || host.length > 253) return undefined;
  if (ip(host) !== undefined) return host;
  if (!HOST_NAME.test(host) || !LETTER.test(host)) return undefined;
  return DIGIT_OR_DOT.test(host) || TAG.test(next) ? host : undefined;
}

function parse(record: RawRecord): ParseOutcome {
  const line = record.text;
  if (line.trim() === '') return META;
  const time = findTimestamp(line.length > SCAN_LIMIT ? line.slice(0, SCAN_LIMIT) : line);
  const host = time === undefined ? undefined : leadingHost(line, time);
  const audit = inspektrRecord(line);
  const fields = compact({ ...audit, message: line, host: { name: host, ip: ip(host) } });
  const draft: Draft = { dataset: audit === undefined ? 'plaintext' : 'inspektr', fields: audit === undefined ? withLoginClaim(withRequestClaim(fields, line), line) : fields };
  if (time !== undefined) draft.time = time.text;
  return events(draft);
}

export const plaintextFormat = defineFormat({
  id: 'plaintext',
  title: 'Plain text',
  description: 'Any text, one event per line: the line as message, the first timestamp found as time',
  framing: 'lines',
  sniff: () => 0.01,
  createParser: () => ({ parse }),
  logsources: [],
});
