import { defineFormat, events, lineShare, META, PENDING, reject, type Draft, type FormatParser, type ParseOutcome, type Sample } from '../../format.ts';
import { auditDraft, type AuditRecords } from './map.ts';
import { parseAuditLine, type AuditRecord } from './record.ts';

/**
 * Linux audit.log (auditd, audispd via syslog, `ausearch` output). The records of one event share the
 * serial in `msg=audit(time:serial)` and are written one after another; the parser holds them back and
 * emits the joined event when the serial changes (or at EOE / end of file).
 */

const RECORD_HINT = /(?:^|\s)type=[A-Z0-9_]+ msg=audit\(/;
/** Held records are emitted anyway past this many (a runaway event must not grow without bound). */
const MAX_RECORDS = 500;

function eventKey(record: AuditRecord): string {
  return `${record.node ?? ''}|${record.time}|${record.serial}`;
}

function createParser(): FormatParser {
  let held: AuditRecord[] = [];
  let heldKey = '';

  const release = (): Draft[] => {
    const [first, ...rest] = held;
    held = [];
    heldKey = '';
    if (first === undefined) return [];
    const records: AuditRecords = [first, ...rest];
    return [auditDraft(records)];
  };

  return {
    parse(raw): ParseOutcome {
      const text = raw.text;
      if (text.startsWith('----') || text.startsWith('time->')) return META;
      const result = parseAuditLine(text, raw.line, raw.offset);
      if (!result.ok) return reject(result.reason);
      const record = result.record;
      const key = eventKey(record);
      if (key === heldKey) {
        if (record.type !== 'EOE') held.push(record);
        return record.type === 'EOE' || held.length >= MAX_RECORDS ? events(...release()) : PENDING;
      }
      const done = release();
      if (record.type !== 'EOE') {
        held = [record];
        heldKey = key;
      }
      return done.length > 0 ? events(...done) : PENDING;
    },
    flush: release,
  };
}

function sniff(sample: Sample): number {
  const share = lineShare(sample, (line) => line.includes('msg=audit(') && RECORD_HINT.test(line));
  return share === 0 ? 0 : Math.min(1, 0.5 + share);
}

export const auditdFormat = defineFormat({
  id: 'auditd',
  title: 'Linux audit log',
  description: 'auditd audit.log records (SYSCALL, EXECVE, PATH, PROCTITLE, USER_*, ADD_USER …), joined per event serial.',
  framing: 'lines',
  sniff,
  createParser,
  logsources: [{ product: 'linux', service: 'auditd' }],
});
