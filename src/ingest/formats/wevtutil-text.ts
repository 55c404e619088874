import { defineFormat, type Draft, type Sample } from '../format.ts';
import { setOwn } from '../values.ts';
import { HeldEventParser } from './held-events.ts';
import { labelsOf } from './syslog/util.ts';
import { dataOf, exportTime, windowsCsvFormat } from './windows-csv.ts';
import { buildDraft } from './windows-json/build.ts';
import { auditOutcome, eventIdOf, text, type WinRecord } from './windows-json/record.ts';

/**
 * Windows events as `wevtutil qe <log> /f:text` prints them, what incident response scripts and live-response
 * shells collect (`wevtutil qe Security /rd:true /f:text > security.txt`): an `Event[N]:` line (Windows 11 drops the
 * colon), two-space indented `Log Name:`, `Source:`, `Date:`, `Event ID:`, `Task:`, `Level:`, `Opcode:`, `Keyword:`,
 * `User:`, `User Name:`, `Computer:` lines, then `Description:` and the rendered message over the following lines.
 * The message is read back into the event's fields as Event Viewer's CSV export is (windows-csv.ts), so the Windows
 * mappings and rules read these events. `Date:` is UTC when it ends in `Z` (Windows 11), else the machine's local
 * time (--tz).
 */

const START_LINE = /^Event\[\d{1,12}\]:?$/;
const CONFIRM_LINE = /^\s+Log Name:/;
const HEADER_LINE = /^\s+([A-Za-z][A-Za-z ]{0,30}):(?: (.*))?$/;
const MAX_EVENT_CHARS = 1024 * 1024;
const MAX_HEADER_LINES = 40;
const NONE = 'N/A';

function value(header: Readonly<Record<string, string>>, key: string): string | undefined {
  const raw = text(header[key]);
  return raw === NONE ? undefined : raw;
}

/** The draft of one event's lines (`Event[N]:` first), or why they are not one. */
function eventOf(lines: readonly string[]): Draft | string {
  const header: Record<string, string> = {};
  let message: string | undefined;
  for (let index = 1; index < lines.length && index <= MAX_HEADER_LINES; index++) {
    const m = HEADER_LINE.exec(lines[index]!);
    if (m === null) break;
    const [, key = '', rest = ''] = m;
    if (key === 'Description') {
      // The message starts on the label's line (older Windows) or on the next.
      message = [rest, ...lines.slice(index + 1)].join('\n').trim();
      break;
    }
    if (!Object.hasOwn(header, key)) setOwn(header, key, rest.trim());
  }
  const eventId = eventIdOf(header['Event ID']);
  if (eventId === undefined) return 'no Event ID: line';
  const provider = value(header, 'Source') ?? value(header, 'Provider Name');
  const record: WinRecord = {
    eventId,
    channel: value(header, 'Log Name'),
    provider,
    computer: value(header, 'Computer'),
    time: header.Date === undefined ? undefined : exportTime(header.Date),
    message: message === '' ? undefined : message,
    data: message === undefined ? {} : dataOf(message, provider, eventId),
    audit: auditOutcome(header.Keyword),
  };
  const sid = value(header, 'User');
  if (sid?.startsWith('S-1-') === true) record.systemUserId = sid;
  const draft = buildDraft(record);
  draft.fields.labels = {
    ...draft.fields.labels,
    ...labelsOf({
      'winlog.level': value(header, 'Level'),
      'winlog.keywords': value(header, 'Keyword'),
      'winlog.task': value(header, 'Task'),
      'winlog.opcode': value(header, 'Opcode'),
      'winlog.user': value(header, 'User Name'),
    }),
  };
  return draft;
}

function sniff(sample: Sample): number {
  const lines = sample.lines;
  for (let i = 0; i + 1 < lines.length; i++) if (START_LINE.test(lines[i]!.trim()) && CONFIRM_LINE.test(lines[i + 1]!)) return 0.96;
  return 0;
}

export const wevtutilTextFormat = defineFormat({
  id: 'wevtutil-text',
  title: 'Windows events as wevtutil text',
  description:
    'Windows events as `wevtutil qe <log> /f:text` prints them (Event[N]:, Log Name:, Source:, Date:, Event ID: … ' +
    "Description: and the rendered message): the message read back into the fields of the Windows mappings",
  framing: 'lines',
  sniff,
  createParser: () =>
    new HeldEventParser({
      startsEvent: (line) => START_LINE.test(line.trim()),
      confirms: (next) => CONFIRM_LINE.test(next),
      eventOf,
      fallback: (lines) => ({ dataset: 'windows.eventlog', fields: { message: lines.join('\n') } }),
      maxChars: MAX_EVENT_CHARS,
      outside: 'not inside a Windows event (no Event[N]: line followed by Log Name:)',
      what: 'Windows event',
    }),
  logsources: windowsCsvFormat.logsources,
});
