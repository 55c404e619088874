import { PENDING, defineFormat, events, reject, type Draft, type FormatParser, type ParseOutcome, type RawRecord, type Sample } from '../format.ts';
import { setOwn } from '../values.ts';
import { HeldLines } from './held-lines.ts';
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
const TOO_LONG = `Windows event longer than ${String(MAX_EVENT_CHARS)} characters; line not kept in it`;

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

class WindowsTextParser implements FormatParser {
  private open: HeldLines | undefined;
  /** A time line seen last, not yet known to start an event (the next line says). */
  private held: RawRecord | undefined;

  parse(record: RawRecord): ParseOutcome {
    if (record.text.includes('\n')) {
      const draft = eventOf(record.text.split(/\r?\n/));
      return typeof draft === 'string' ? reject(draft) : events(draft);
    }
    const held = this.held;
    this.held = undefined;
    if (held !== undefined && record.text.startsWith('LogName=')) {
      const done = this.close();
      this.open = new HeldLines(held, MAX_EVENT_CHARS, held.text.trim());
      this.open.add(record.text);
      return done;
    }
    if (held !== undefined) this.append(held.text);
    if (TIME_LINE.test(record.text.trim())) {
      // Inside an event a time line may be the message's: the next line says whether it starts an event. Only one
      // that still fits is held, so that adding it later cannot fail (a line past the cap is reported now).
      if (this.open !== undefined) {
        if (!this.open.fits(record.text)) return reject(TOO_LONG);
        this.held = { text: record.text, line: record.line, offset: record.offset };
        return PENDING;
      }
      this.open = new HeldLines(record, MAX_EVENT_CHARS, record.text.trim());
      return PENDING;
    }
    if (this.open === undefined) return reject('not inside a Windows event (no time line followed by LogName=)');
    return this.append(record.text) ? PENDING : reject(TOO_LONG);
  }

  flush(): Draft[] {
    if (this.held !== undefined) this.append(this.held.text);
    this.held = undefined;
    const done = this.close();
    return done.kind === 'events' ? done.drafts : [];
  }

  private append(line: string): boolean {
    return this.open?.add(line) ?? false;
  }

  /** The event read so far, as drafts (none when nothing is open). */
  private close(): ParseOutcome {
    const open = this.open;
    this.open = undefined;
    if (open === undefined) return PENDING;
    const lines = open.lines;
    while (lines.length > 1 && lines[lines.length - 1]!.trim() === '') lines.pop();
    const read = eventOf(lines);
    // Lines that open like an event but are none (no EventCode=) are still kept, as text.
    const draft: Draft = typeof read === 'string' ? { time: exportTime(lines[0]!), dataset: 'windows.eventlog', fields: { message: lines.join('\n') } } : read;
    return events(open.stamp(draft));
  }
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
  createParser: () => new WindowsTextParser(),
  logsources: windowsCsvFormat.logsources,
});
