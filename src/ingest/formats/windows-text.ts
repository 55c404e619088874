import { defineFormat, type Draft, type Sample } from '../format.ts';
import { setOwn } from '../values.ts';
import { HeldEventParser } from './held-events.ts';
import { labelsOf } from './syslog/util.ts';
import { dataOf, exportTime, windowsCsvFormat } from './windows-csv.ts';
import { buildDraft } from './windows-json/build.ts';
import { auditOutcome, eventIdOf, text, type WinRecord } from './windows-json/record.ts';

/**
 * Windows events as classic text: the `WinEventLog` form Splunk's Windows add-on indexes when it does not render
 * XML (and `splunk search … -output rawdata` gives back), a line of the forwarder's local time, then `Key=Value`
 * lines (LogName, EventCode, ComputerName, SourceName, Keywords, RecordNumber …), then `Message=` and the rendered
 * message over the following lines. The message is read back into the event's fields as Event Viewer's CSV export
 * is (windows-csv.ts), so the Windows mappings and rules read these events. In a file, an event runs to the next
 * time line followed by `LogName=`; one record holding a whole event (a Splunk export's `_raw`) is read at once.
 */

const TIME_LINE = /^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2}(?: ?[AaPp][Mm])?$/;
const KEY_LINE = /^([A-Za-z_]+)=(.*)$/;
/** An event longer than this is cut: its further lines are record errors. */
const MAX_EVENT_CHARS = 1024 * 1024;
const MAX_HEADER_LINES = 40;

/** The provider names of the sources Splunk writes by their display names. */
const PROVIDERS: Readonly<Record<string, string>> = {
  'microsoft windows security auditing.': 'Microsoft-Windows-Security-Auditing',
  'microsoft windows security auditing': 'Microsoft-Windows-Security-Auditing',
};

function startsEvent(line: string, next: string | undefined): boolean {
  return TIME_LINE.test(line.trim()) && next?.startsWith('LogName=') === true;
}

/** The draft of one event's lines (the time line first), or why they are not one. */
function eventOf(lines: readonly string[]): Draft | string {
  const header: Record<string, string> = {};
  let index = 1;
  let message: string | undefined;
  for (; index < lines.length && index <= MAX_HEADER_LINES; index++) {
    const m = KEY_LINE.exec(lines[index]!);
    if (m === null) break;
    const [, key = '', value = ''] = m;
    if (key === 'Message') {
      message = [value, ...lines.slice(index + 1)].join('\n').trimEnd();
      break;
    }
    if (!Object.hasOwn(header, key)) setOwn(header, key, value.trim());
  }
  const eventId = eventIdOf(header.EventCode);
  if (eventId === undefined) return 'no EventCode= line';
  const source = text(header.SourceName);
  const provider = source === undefined ? undefined : (PROVIDERS[source.toLowerCase()] ?? source);
  const record: WinRecord = {
    eventId,
    channel: text(header.LogName),
    provider,
    computer: text(header.ComputerName),
    recordId: text(header.RecordNumber),
    time: exportTime(lines[0]!),
    message: message === '' ? undefined : message,
    data: message === undefined ? {} : dataOf(message, provider, eventId),
    audit: auditOutcome(header.Keywords ?? header.Type),
  };
  const sid = text(header.Sid);
  if (sid !== undefined) record.systemUserId = sid;
  const draft = buildDraft(record);
  draft.fields.labels = { ...draft.fields.labels, ...labelsOf({ 'winlog.level': header.Type, 'winlog.keywords': header.Keywords, 'winlog.task': header.TaskCategory, 'winlog.opcode': header.OpCode }) };
  return draft;
}

function sniff(sample: Sample): number {
  const lines = sample.lines;
  for (let i = 0; i + 1 < lines.length; i++) if (startsEvent(lines[i]!, lines[i + 1])) return 0.96;
  return 0;
}

export const windowsTextFormat = defineFormat({
  id: 'windows-text',
  title: 'Windows event log (classic text)',
  description:
    "Windows events as Splunk's WinEventLog text (a time line, LogName=, EventCode=, ComputerName=, SourceName=, " +
    'Keywords= … Message= and the rendered message): the message read back into the fields of the Security, Sysmon, ' +
    'System and PowerShell mappings',
  framing: 'lines',
  sniff,
  createParser: () =>
    new HeldEventParser({
      startsEvent: (line) => TIME_LINE.test(line.trim()),
      confirms: (next) => next.startsWith('LogName='),
      eventOf,
      // Lines that open like an event but are none (no EventCode=) are kept as text.
      fallback: (lines) => ({ time: exportTime(lines[0]!), dataset: 'windows.eventlog', fields: { message: lines.join('\n') } }),
      maxChars: MAX_EVENT_CHARS,
      outside: 'not inside a Windows event (no time line followed by LogName=)',
      what: 'Windows event',
    }),
  logsources: windowsCsvFormat.logsources,
});
