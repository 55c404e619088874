import { META, PENDING, defineFormat, events, isObject, reject, valueShare, type Draft, type FormatParser, type ParseOutcome, type ParserContext, type RawRecord, type Sample } from '../format.ts';
import { baseName, setOwn, str } from '../values.ts';
import { HeldLines } from './held-lines.ts';
import { syslogFormat, toDraft } from './syslog/index.ts';
import { FileMemory } from './syslog/memory.ts';
import type { SyslogHeader } from './syslog/types.ts';

/**
 * macOS's unified log as `log show` (and `log stream`) print it: `--style ndjson` and `--style json` (format
 * `macos-log-json`), and the text styles `default`, `syslog` and `compact` (format `macos-log`). Each entry is the
 * syslog line it stands for: the process (the executable's name) is the program whose decoder reads the message,
 * so sshd's, sudo's and su's messages on a Mac are read as in auth.log. The sender library (`(libsystem_info.dylib)`)
 * and the subsystem and category (`[com.apple.xpc:connection]`) that prefix a text style's message are labels, as
 * are the JSON's subsystem, category, message type, sender and user id. Times keep their zone (`-0800`); the
 * compact style writes none (`--tz`). A text entry's message may run over several lines: an entry is held until the
 * next one starts. `log show`'s own lines (the filter, the column titles, the closing counts) carry no event.
 */

const DATA_TIME = String.raw`(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{1,9}(?:[+-]\d{4})?)`;
/** `default`: time, thread, type, activity, pid, TTL, `process: message`. */
const DEFAULT_LINE = new RegExp(String.raw`^${DATA_TIME}\s+0x([0-9a-f]+)\s+([A-Z][A-Za-z]*)\s+0x[0-9a-f]+\s+(\d+)\s+\d+\s+(.+?): (.*)$`);
/** `syslog`: time, host, `process[pid]: message`. */
const SYSLOG_LINE = new RegExp(String.raw`^${DATA_TIME}\s+(\S+)\s+(.+?)\[(\d+)\]: (.*)$`);
/** `compact`: time, type code, `process[pid:tid] message`. */
const COMPACT_LINE = new RegExp(String.raw`^${DATA_TIME}\s+([A-Z][a-z]?)\s+(.+?)\[(\d+):([0-9a-f]+)\] (.*)$`);
/** `log show`'s own lines: the filter it applied, what it skipped, column titles, separators and its closing counts. */
const NOTICE = /^(?:Filtering the log data|Skipping info and debug|Timestamp\s|-{10,}|Log\s+- |Activity - |Boundary |={10,})/;
/** The sender library and the subsystem and category that prefix a text style's message. */
const SENDER = /^\(([^()\s]{1,200})\) /;
const SUBSYSTEM = /^\[([^\][\s:]{1,200}):([^\][\s]{0,200})\] /;

/** What a Mac's Unix programs satisfy (its firewall is not netfilter: syslog's firewall category is not one of them). */
const MACOS_LOGSOURCES = syslogFormat.logsources.filter((source) => source.category === undefined).concat([{ product: 'linux', service: 'su' }, { category: 'authentication' }]);

const COMPACT_TYPES: Readonly<Record<string, string>> = { Df: 'Default', In: 'Info', Db: 'Debug', E: 'Error', F: 'Fault', A: 'Activity' };

interface Entry {
  time: string;
  program: string;
  pid: number;
  host?: string;
  message: string;
  labels: Record<string, string>;
}

/** The message less its sender and subsystem prefixes, which become labels. */
function unprefixed(message: string, labels: Record<string, string>): string {
  let rest = message;
  const sender = SENDER.exec(rest);
  if (sender !== null) {
    labels['macos.sender'] = sender[1]!;
    rest = rest.slice(sender[0].length);
  }
  const subsystem = SUBSYSTEM.exec(rest);
  if (subsystem !== null) {
    labels['macos.subsystem'] = subsystem[1]!;
    if (subsystem[2] !== '') labels['macos.category'] = subsystem[2]!;
    rest = rest.slice(subsystem[0].length);
  }
  return rest;
}

/** A text style's entry line, or undefined for a line that starts none. */
export function macosTextEntry(line: string): Entry | undefined {
  const labels: Record<string, string> = {};
  const plain = DEFAULT_LINE.exec(line);
  if (plain !== null) {
    const [, time = '', thread = '', type = '', pid = '', program = '', message = ''] = plain;
    labels['macos.type'] = type;
    labels['macos.thread'] = `0x${thread}`;
    return { time, program, pid: Number(pid), message: unprefixed(message, labels), labels };
  }
  const syslog = SYSLOG_LINE.exec(line);
  if (syslog !== null) {
    const [, time = '', host = '', program = '', pid = '', message = ''] = syslog;
    return { time, host, program, pid: Number(pid), message: unprefixed(message, labels), labels };
  }
  const compact = COMPACT_LINE.exec(line);
  if (compact !== null) {
    const [, time = '', code = '', program = '', pid = '', thread = '', message = ''] = compact;
    labels['macos.type'] = COMPACT_TYPES[code] ?? code;
    labels['macos.thread'] = `0x${thread}`;
    return { time, program, pid: Number(pid), message: unprefixed(message, labels), labels };
  }
  return undefined;
}

function draftOf(entry: Entry, memory: FileMemory, ctx: ParserContext): Draft {
  const header: SyslogHeader = { time: entry.time, program: entry.program, message: entry.message.trim(), labels: entry.labels };
  if (Number.isSafeInteger(entry.pid)) header.pid = entry.pid;
  if (entry.host !== undefined) header.host = entry.host;
  return toDraft(header, memory, ctx.mapping);
}

/** An entry being read (its message may continue on the next lines), and its lines. */
interface OpenEntry {
  entry: Entry;
  held: HeldLines;
}

const MAX_ENTRY_CHARS = 1024 * 1024;

class MacosTextParser implements FormatParser {
  private open: OpenEntry | undefined;
  private readonly memory = new FileMemory();

  constructor(private readonly ctx: ParserContext) {}

  parse(record: RawRecord): ParseOutcome {
    const entry = macosTextEntry(record.text);
    if (entry !== undefined) {
      const done = this.close();
      this.open = { entry, held: new HeldLines(record, MAX_ENTRY_CHARS) };
      return done === undefined ? PENDING : events(done);
    }
    if (NOTICE.test(record.text)) {
      const done = this.close();
      return done === undefined ? META : events(done);
    }
    const open = this.open;
    if (open === undefined) return reject('not a macOS log entry (time, then the entry of a log show style)');
    if (!open.held.add(record.text)) return reject(`macOS log entry longer than ${String(MAX_ENTRY_CHARS)} characters; line not kept in it`);
    open.entry.message += `\n${record.text}`;
    return PENDING;
  }

  flush(): Draft[] {
    const done = this.close();
    return done === undefined ? [] : [done];
  }

  private close(): Draft | undefined {
    const open = this.open;
    this.open = undefined;
    if (open === undefined) return undefined;
    return open.held.stamp(draftOf(open.entry, this.memory, this.ctx));
  }
}

function sniffText(sample: Sample): number {
  let entries = 0;
  let notices = 0;
  for (const line of sample.lines) {
    if (macosTextEntry(line) !== undefined) entries++;
    else if (NOTICE.test(line)) notices++;
  }
  const rest = sample.lines.length - notices;
  if (entries === 0 || rest <= 0) return 0;
  const share = entries / rest;
  // Above syslog's score for the `syslog` style's lines: they are the unified log's, with its zone.
  return share < 0.5 ? 0 : 0.5 + 0.47 * share;
}

// ---- JSON styles.
function isMacosEntry(value: Readonly<Record<string, unknown>>): boolean {
  return typeof value.eventMessage === 'string' && typeof value.timestamp === 'string' && (Object.hasOwn(value, 'processImagePath') || Object.hasOwn(value, 'processID'));
}

/** JSON fields that become labels, by label name. */
const JSON_LABELS: readonly (readonly [string, string])[] = [
  ['subsystem', 'macos.subsystem'],
  ['category', 'macos.category'],
  ['messageType', 'macos.type'],
  ['eventType', 'macos.event_type'],
  ['userID', 'macos.uid'],
  ['activityIdentifier', 'macos.activity'],
];

function jsonEntry(value: Readonly<Record<string, unknown>>): Entry {
  const labels: Record<string, string> = {};
  for (const [key, label] of JSON_LABELS) {
    const text = str(value[key]);
    if (text !== undefined && text !== '' && !(key === 'activityIdentifier' && text === '0')) setOwn(labels, label, text);
  }
  const path = str(value.processImagePath) ?? '';
  const sender = str(value.senderImagePath);
  if (sender !== undefined && sender !== path) labels['macos.sender'] = baseName(sender) ?? sender;
  const pid = typeof value.processID === 'number' ? value.processID : Number(str(value.processID));
  // The path as the program: its name is the process name, the path its executable.
  return { time: str(value.timestamp) ?? '', program: path, pid, message: typeof value.eventMessage === 'string' ? value.eventMessage : '', labels };
}

export const macosLogFormat = defineFormat({
  id: 'macos-log',
  title: "macOS unified log (log show's text)",
  description:
    "macOS's unified log as `log show` or `log stream` prints it in the default, syslog or compact style: each entry read as the syslog line it stands for " +
    "(sshd, sudo, su …), the sender library, subsystem and category as labels; messages over several lines kept whole",
  framing: 'lines',
  sniff: sniffText,
  createParser: (ctx) => new MacosTextParser(ctx),
  logsources: MACOS_LOGSOURCES,
});

export const macosLogJsonFormat = defineFormat({
  id: 'macos-log-json',
  title: "macOS unified log (log show's JSON)",
  description:
    "macOS's unified log as `log show --style ndjson` or `--style json` prints it: each entry read as the syslog line it stands for (the process is the program), " +
    'subsystem, category, message type, sender and user id as labels',
  framing: 'json',
  sniff: (sample) => {
    const share = valueShare(sample, isMacosEntry);
    return share < 0.5 ? 0 : 0.95 * share;
  },
  createParser: (ctx) => {
    const memory = new FileMemory();
    return {
      parse(record) {
        const value = record.value;
        if (!isObject(value) || !isMacosEntry(value)) return reject('not a macOS log entry (eventMessage, timestamp, process)');
        const draft = draftOf(jsonEntry(value), memory, ctx);
        // Not the UUIDs and trace ids: the message and the paths.
        draft.indicatorText = [value.eventMessage, value.processImagePath, value.senderImagePath].filter((v) => typeof v === 'string').join('\n');
        return events(draft);
      },
    };
  },
  logsources: MACOS_LOGSOURCES,
});
