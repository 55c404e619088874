import { defineFormat, events, isObject, reject, valueShare, type Draft, type Sample } from '../format.ts';
import { setOwn } from '../values.ts';
import { mapRecord } from './aliases.ts';
import { auditdFormat } from './auditd/index.ts';
import { syslogFormat, toDraft } from './syslog/index.ts';
import { FileMemory } from './syslog/memory.ts';
import { priorityLabels } from './syslog/priority.ts';
import type { SyslogHeader } from './syslog/types.ts';

/**
 * The systemd journal as `journalctl -o json` (or `json-pretty`) exports it, and its binary files, whose entries
 * src/ingest/journal/frame.ts renders as the same objects: one object per entry, every field a
 * string, a byte array (binary or invalid UTF-8 data) or an array of those (a field given more than once). Modern
 * distributions keep sshd, sudo and the kernel's firewall lines only there (Debian 12 has no auth.log), so an
 * entry is read as the syslog line it stands for: `SYSLOG_IDENTIFIER` (else `_COMM`) is the program whose
 * decoder reads `MESSAGE`, `_HOSTNAME` the host, and the journal's own receive time `__REALTIME_TIMESTAMP`
 * (microseconds since the epoch, UTC) the time. `_SOURCE_REALTIME_TIMESTAMP` is what the sender claims and is
 * kept as a label. Every other field is a label under its journal name (`_SYSTEMD_UNIT`, `_EXE`, `_CMDLINE`,
 * `_UID` …): they describe the process that logged, not what the message tells of, so none becomes a schema field.
 */

/** Fields that become schema fields or the time, not labels. */
const MAPPED: ReadonlySet<string> = new Set(['MESSAGE', '_HOSTNAME', 'SYSLOG_IDENTIFIER', 'SYSLOG_PID', 'PRIORITY', 'SYSLOG_FACILITY', '__REALTIME_TIMESTAMP']);
/** Fields that identify the machine, the boot, the unit's run or the entry: 128-bit hex ids, not MD5 hashes. */
const ID_FIELDS: ReadonlySet<string> = new Set(['__CURSOR', '__SEQNUM_ID', '_BOOT_ID', '_MACHINE_ID', '_SYSTEMD_INVOCATION_ID', 'INVOCATION_ID', 'USER_INVOCATION_ID', 'MESSAGE_ID', '_STREAM_ID']);
/** Fields only the journal writes: one of them, with a message, tells a journal entry from other JSON. */
const JOURNAL_MARKS = ['__REALTIME_TIMESTAMP', '__CURSOR', '_TRANSPORT', '_BOOT_ID', 'SYSLOG_IDENTIFIER'] as const;

/** A field's text: a string, a byte array decoded as UTF-8, or the first value of a repeated field. */
function fieldText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value) || value.length === 0) return undefined;
  if (value.every((byte) => typeof byte === 'number' && Number.isInteger(byte) && byte >= 0 && byte <= 255)) {
    return Buffer.from(value as number[]).toString('utf8');
  }
  for (const item of value) {
    if (Array.isArray(item) || typeof item === 'string') {
      const text = fieldText(item);
      if (text !== undefined) return text;
    }
  }
  return undefined;
}

function isJournalEntry(record: Readonly<Record<string, unknown>>): boolean {
  return Object.hasOwn(record, 'MESSAGE') && JOURNAL_MARKS.some((mark) => Object.hasOwn(record, mark));
}

/** Microseconds since the epoch (the journal's timestamps) as an ISO time that keeps all six digits. */
export function journalTime(micros: string | undefined): string | undefined {
  if (micros === undefined || !/^\d{1,16}$/.test(micros)) return undefined;
  const us = Number(micros);
  const ms = Math.floor(us / 1000);
  if (ms > 8.64e15) return undefined;
  return `${new Date(ms).toISOString().slice(0, -1)}${String(us % 1000).padStart(3, '0')}Z`;
}

/** journald writes its audit entries' facility as the shifted code (`32` is LOG_AUTH, facility 4). */
function facilityOf(text: string | undefined): number | undefined {
  const value = smallNumber(text);
  return value !== undefined && value > 23 && value % 8 === 0 && value / 8 <= 23 ? value / 8 : value;
}

function smallNumber(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,9}$/.test(text)) return undefined;
  return Number(text);
}

/** The entry's syslog header, and the text its indicators are taken from: every field's decoded text but the ids. */
function readEntry(record: Readonly<Record<string, unknown>>): { header: SyslogHeader; indicatorText: string } {
  const labels: Record<string, string> = priorityLabels(facilityOf(fieldText(record.SYSLOG_FACILITY)), smallNumber(fieldText(record.PRIORITY)));
  const texts: string[] = [];
  const omitted: string[] = [];
  for (const key of Object.keys(record)) {
    // journalctl writes null for a value over 4 KiB unless run with --all.
    if (record[key] === null) omitted.push(key);
    const text = fieldText(record[key])?.trim();
    if (text === undefined || text === '' || ID_FIELDS.has(key)) continue;
    texts.push(text);
    if (!MAPPED.has(key)) setOwn(labels, key, text);
  }
  if (omitted.length > 0) labels['journal.omitted'] = omitted.join(',');
  const header: SyslogHeader = {
    message: (fieldText(record.MESSAGE) ?? '').trim(),
    labels,
  };
  const time = journalTime(fieldText(record.__REALTIME_TIMESTAMP)) ?? journalTime(fieldText(record._SOURCE_REALTIME_TIMESTAMP)) ?? fieldText(record.SYSLOG_TIMESTAMP)?.trim();
  if (time !== undefined && time !== '') header.time = time;
  const host = fieldText(record._HOSTNAME);
  if (host !== undefined && host !== '') header.host = host;
  const program = fieldText(record.SYSLOG_IDENTIFIER) ?? fieldText(record._COMM);
  if (program !== undefined && program !== '') header.program = program;
  const pid = smallNumber(fieldText(record.SYSLOG_PID) ?? fieldText(record._PID));
  if (pid !== undefined) header.pid = pid;
  return { header, indicatorText: texts.join('\n') };
}

/**
 * An audit record the journal received from the kernel (`_TRANSPORT=audit`: `MESSAGE` is the record's type name and
 * body, `_AUDIT_ID` its serial, `_SOURCE_REALTIME_TIMESTAMP` its time) as the audit.log line auditd would have
 * written, for the auditd reader, which joins an event's records by serial.
 */
export function auditLine(record: Readonly<Record<string, unknown>>): string | undefined {
  if (fieldText(record._TRANSPORT) !== 'audit') return undefined;
  const serial = fieldText(record._AUDIT_ID);
  const message = fieldText(record.MESSAGE);
  const micros = fieldText(record._SOURCE_REALTIME_TIMESTAMP) ?? fieldText(record.__REALTIME_TIMESTAMP);
  if (serial === undefined || !/^\d{1,20}$/.test(serial) || message === undefined || micros === undefined || !/^\d{7,17}$/.test(micros)) return undefined;
  const m = /^([A-Z][A-Z0-9_]{0,63}) (.*)$/s.exec(message);
  if (m === null) return undefined;
  const seconds = micros.slice(0, -6);
  const millis = micros.slice(-6, -3);
  return `type=${m[1]!} msg=audit(${seconds}.${millis}:${serial}): ${m[2]!}`;
}

function sniff(sample: Sample): number {
  const share = valueShare(sample, isJournalEntry);
  return share < 0.5 ? 0 : 0.95 * share;
}

export const journaldFormat = defineFormat({
  id: 'journald',
  title: 'systemd journal (journal files, journalctl -o json)',
  description:
    'The systemd journal: its binary files (/var/log/journal/*/*.journal) and `journalctl -o json` or `-o json-pretty` exports; each entry read as the syslog line it ' +
    'stands for (sshd, sudo, su, PAM, cron, the kernel\'s firewall lines …) with the journal\'s microsecond time; ' +
    'the journal\'s own fields (_SYSTEMD_UNIT, _EXE, _CMDLINE, _UID …) kept as labels',
  framing: 'json',
  sniff,
  createParser: (ctx) => {
    const memory = new FileMemory();
    const audit = auditdFormat.createParser(ctx);
    let host: string | undefined;
    /** The audit reader emits an event when the next serial starts: the journal's host is the file's. */
    const withHost = (drafts: Draft[]): Draft[] => {
      for (const draft of drafts) if (host !== undefined && draft.fields.host?.name === undefined) draft.fields.host = { ...draft.fields.host, name: host };
      return drafts;
    };
    return {
      parse: (record) => {
        const value = record.value;
        if (!isObject(value)) return reject('not a JSON object');
        // Another kind of record among the entries is read as generic JSON, never dropped.
        if (!Object.hasOwn(value, 'MESSAGE') && !JOURNAL_MARKS.some((mark) => Object.hasOwn(value, mark))) {
          return events(mapRecord(value, { mapping: ctx.mapping, dataset: 'json' }));
        }
        const line = auditLine(value);
        if (line !== undefined) {
          host = fieldText(value._HOSTNAME) ?? host;
          const outcome = audit.parse({ text: line, line: record.line, offset: record.offset });
          // A record the audit reader refuses is read as the journal's other entries are.
          if (outcome.kind === 'events') return events(...withHost(outcome.drafts));
          if (outcome.kind !== 'error') return outcome;
        }
        const { header, indicatorText } = readEntry(value);
        const draft = toDraft(header, memory, ctx.mapping);
        draft.indicatorText = indicatorText;
        return events(draft);
      },
      flush: () => withHost(audit.flush?.() ?? []),
    };
  },
  // What syslog's lines can satisfy, and auditd's: the journal carries both.
  logsources: [...syslogFormat.logsources, ...auditdFormat.logsources],
});
